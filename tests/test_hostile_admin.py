"""Hostile input in the admin: addresses it cannot read, and text it must store verbatim and escape.

`admin_client` is pytest-django's signed-in superuser.
"""

import pytest

from statements.models import Source, Statement
from tests.factories import SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("owned")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;"
HISTORY_MODELS = ["statement", "meeting", "delegate", "source", "position"]


@pytest.fixture
def statement():
    return StatementFactory()


# Addresses.


@pytest.mark.parametrize("model", HISTORY_MODELS)
@pytest.mark.parametrize("key", ["abc", "1.5", "%ff", "%ed%a0%80", "-", "1e3"])
def test_a_history_page_for_an_id_that_is_no_number_is_not_found(admin_client, statement, model, key):
    assert admin_client.get(f"/admin/statements/{model}/{key}/history/").status_code == 404


@pytest.mark.parametrize("version", ["abc", "1.5", "-1x", "²", "99999999999999999999"])
def test_a_history_version_that_is_no_number_is_not_found(admin_client, statement, version):
    response = admin_client.get(f"/admin/statements/statement/{statement.pk}/history/{version}/")
    assert response.status_code == 404


@pytest.mark.parametrize("key", ["99999999999999999999", "0", "²"])
def test_a_history_page_for_an_id_that_does_not_exist_is_not_found(admin_client, statement, key):
    assert admin_client.get(f"/admin/statements/statement/{key}/history/").status_code == 404


@pytest.mark.parametrize("model", ["statement", "meeting"])
@pytest.mark.parametrize(
    "query",
    ["date__year=99999999999", "date__year=9999", "date__year=9999&date__month=12", "date__year=-5", "date__year=x"],
)
def test_a_date_hierarchy_year_beyond_the_calendar_gets_the_admins_error_page(admin_client, statement, model, query):
    response = admin_client.get(f"/admin/statements/{model}/?{query}")
    # Django's way of saying "these filters make no sense": back to the list with ?e=1.
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


@pytest.mark.parametrize(
    "query",
    ["q=%00", "kind__exact=%00", "language__exact=a%00", "o=%00", "p=%00", "q=%ff%fe", "kind__exact=%c0%af"],
)
def test_a_changelist_refuses_a_nul_or_bytes_that_are_not_utf8(admin_client, statement, query):
    response = admin_client.get(f"/admin/statements/statement/?{query}")
    assert response.status_code == 400
    assert "cannot be read" in response.content.decode()


def test_the_autocomplete_refuses_a_nul(admin_client, statement):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"term": "a\x00", "app_label": "statements", "model_name": "statement", "field_name": "party"},
    )
    assert response.status_code == 400


@pytest.mark.parametrize("model", ["statement", "meeting", "delegate", "source", "party", "councilseat", "topic"])
@pytest.mark.parametrize(
    "query",
    [
        "q=' OR 1=1 --",
        "q='); DROP TABLE statements_statement; --",
        "q=%25",
        "q=_",
        "q=\\",
        "kind__exact=' OR '1'='1",
        "p=99999999999999999999",
        "p=-1",
        "o=99",
        "o=1.2.x",
        "id__gt=abc",
    ],
)
def test_hostile_changelist_parameters_list_nothing_or_get_the_error_page(admin_client, statement, model, query):
    response = admin_client.get(f"/admin/statements/{model}/?{query}")
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
    elif query.startswith(("q=", "kind__exact=")):
        assert response.context["cl"].result_count == 0
    assert Statement.objects.count() == 1


# Text written in the admin.


def source_form(**fields):
    return {
        "kind": "news",
        "title": "",
        "publisher": "",
        "url": "",
        "published_on": "",
        "retrieved_on": "",
        "text": "",
        "change_reason": "",
        **fields,
    }


def test_html_written_in_the_admin_is_stored_verbatim_and_escaped_on_its_pages(admin_client):
    response = admin_client.post("/admin/statements/source/add/", source_form(title=SCRIPT, text=SCRIPT))
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get()
    assert (source.title, source.text) == (SCRIPT, SCRIPT)
    for path in [
        "/admin/statements/source/",
        f"/admin/statements/source/{source.pk}/change/",
        f"/admin/statements/source/{source.pk}/history/",
        f"/sources/{source.pk}/",
    ]:
        content = admin_client.get(path).content.decode()
        assert "<script>alert" not in content, path
        assert ESCAPED in content, path


def test_a_nul_in_an_admin_form_is_a_form_error_and_saves_nothing(admin_client):
    response = admin_client.post("/admin/statements/source/add/", source_form(title="a\x00b", text="x\x00"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "title": ["Null characters are not allowed."],
        "text": ["Null characters are not allowed."],
    }
    assert not Source.objects.exists()


def test_a_form_body_that_is_not_utf8_is_refused_before_the_admin_reads_it(admin_client):
    response = admin_client.generic(
        "POST",
        "/admin/statements/source/add/",
        b"kind=news&title=%ed%a0%80",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert not Source.objects.exists()


def test_a_100000_character_text_is_stored_whole_through_the_admin(admin_client):
    text = ("Sanctions must be enforced. " * 4000)[:100_000]
    response = admin_client.post("/admin/statements/source/add/", source_form(text=text))
    assert response.status_code == 302
    assert Source.objects.get().text == text


def test_the_admin_limits_short_fields_as_the_api_does(admin_client):
    response = admin_client.post("/admin/statements/source/add/", source_form(publisher="p" * 201))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "publisher": ["Ensure this value has at most 200 characters (it has 201)."]
    }


def test_direction_controls_written_in_the_admin_are_kept(admin_client):
    title = "Report \u202eevil\u2069 \u200d"
    response = admin_client.post("/admin/statements/source/add/", source_form(title=title))
    assert response.status_code == 302
    assert Source.objects.get().title == title


def test_a_statement_with_html_is_escaped_in_the_statement_changelist(admin_client):
    StatementFactory(text=SCRIPT, speaker__full_name=SCRIPT)
    SourceFactory(title=SCRIPT)
    content = admin_client.get("/admin/statements/statement/").content.decode()
    assert "<script>alert" not in content
    assert ESCAPED in content
