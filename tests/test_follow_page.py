"""The follow page (/follow/): what a feed is, the feed of what is followed, and the email form;
and the feeds' stylesheet, which makes a feed readable in a browser."""

import xml.etree.ElementTree as ET

import pytest

from statements.models import Delegate
from statements.ops.demo import load_demo
from tests.factories import DelegateFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def demo():
    load_demo()


def test_the_follow_page_of_a_country_offers_its_feed_and_the_email_form(client, demo):
    page = client.get("/follow/?country=RUS")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Statements by Russia" in html
    assert "http://testserver/feeds/parties/RUS/" in html
    assert 'name="email"' in html and 'name="frequency"' in html
    assert 'name="query" value="country=RUS"' in html
    assert "What is this page?" not in html  # that is the feed's own page
    assert "feed reader" in html


@pytest.mark.parametrize(
    ("query", "feed", "title"),
    [
        ("", "/feeds/statements/", "All new statements"),
        ("topic=sanctions", "/feeds/topics/sanctions/", "Statements on Sanctions"),
        ("q=false", "/feeds/search/?q=false", "Statements matching “false”"),
        ("q=false&country=rus", "/feeds/search/?country=rus&amp;q=false", "Statements matching “false”, Russia"),
    ],
)
def test_the_follow_page_names_the_feed_of_what_is_followed(client, demo, query, feed, title):
    html = client.get(f"/follow/?{query}").content.decode()

    assert f'href="{feed}"' in html
    assert title in html


def test_the_follow_page_of_a_delegate_links_their_feed(client, demo):
    delegate = Delegate.objects.get(full_name="Geng Shuang")

    html = client.get(f"/follow/?speaker={delegate.pk}").content.decode()

    assert f'href="/feeds/delegates/{delegate.pk}/"' in html
    assert "Statements by Geng Shuang" in html


@pytest.mark.parametrize("query", ["country=XYZ", "colour=blue", "speaker=999999", "year=abc"])
def test_the_follow_page_refuses_what_cannot_be_followed_with_400(client, query):
    page = client.get(f"/follow/?{query}")

    assert page.status_code == 400
    assert b"This cannot be followed" in page.content


def test_the_follow_page_escapes_the_words_followed(client, db):
    html = client.get("/follow/?q=%3Cscript%3Ealert(1)%3C/script%3E").content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_the_follow_page_costs_one_query_per_filter(client, db, django_assert_num_queries):
    TopicFactory(name="Sanctions", slug="sanctions")
    delegate = DelegateFactory()

    # The country (with whether it made joint statements), the topic, the speaker; nothing else:
    # the page lists no statements. (Words in `q` cost what the search's query language reads.)
    with django_assert_num_queries(3):
        assert client.get(f"/follow/?country=RUS&topic=sanctions&speaker={delegate.pk}").status_code == 200


def test_every_page_with_a_feed_links_to_its_follow_page(client, demo):
    delegate = Delegate.objects.get(full_name="Geng Shuang")
    pages = {
        "/": "/follow/",
        "/countries/RUS/": "/follow/?country=RUS",
        f"/delegates/{delegate.pk}/": f"/follow/?speaker={delegate.pk}",
        "/topics/sanctions/": "/follow/?topic=sanctions",
        "/search/?q=false": "/follow/?q=false",
    }
    for page, follow in pages.items():
        html = client.get(page).content.decode()
        assert f'href="{follow}"' in html, page


# The feeds, readable in a browser


def test_feeds_name_the_xsl_stylesheet_and_are_served_as_xml(client, demo):
    response = client.get("/feeds/statements/")

    assert response["Content-Type"] == "application/xml; charset=utf-8"
    head = response.content.decode()[:200]
    assert '<?xml-stylesheet href="/static/feeds.xsl" media="screen" type="text/xsl"?>' in head
    assert head.index("<?xml-stylesheet") < head.index("<feed")


@pytest.mark.parametrize(
    ("feed", "follow"),
    [
        ("/feeds/statements/", "/follow/"),
        ("/feeds/parties/RUS/", "/follow/?country=RUS"),
        ("/feeds/topics/sanctions/", "/follow/?topic=sanctions"),
        ("/feeds/search/?q=false&page=2", "/follow/?q=false"),
    ],
)
def test_each_feed_links_to_its_follow_page(client, demo, feed, follow):
    root = ET.fromstring(client.get(feed).content)

    [related] = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "related"]
    assert related.get("href").endswith(follow)


def test_the_stylesheet_is_served_by_the_app(client, db):
    response = client.get("/static/feeds.xsl")

    assert response.status_code == 200
    stylesheet = ET.fromstring(b"".join(response.streaming_content))
    assert stylesheet.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"


def test_a_feed_still_reads_as_atom(client, db):
    StatementFactory(text="Readers still parse this.")

    root = ET.fromstring(client.get("/feeds/statements/").content)

    assert root.tag == f"{ATOM}feed"
    assert [entry.find(f"{ATOM}title").text for entry in root.findall(f"{ATOM}entry")][0].endswith(
        "“Readers still parse this.”"
    )
