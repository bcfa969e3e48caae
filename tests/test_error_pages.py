import pytest

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_a_helpful_404_page(client):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'action="/search/"' in html
    assert 'href="/meetings/"' in html


def test_a_bad_feed_request_gets_a_400_page_that_says_why(client):
    response = client.get("/feeds/search/?q=-only")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<h1>This request cannot be read</h1>" in html
    assert "not only words to leave out" in html


def test_the_500_page_needs_no_database_or_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
