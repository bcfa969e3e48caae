import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Delegate, Party, Statement
from statements.ops.demo import load_demo
from tests.factories import (
    AliasFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    PositionFactory,
    StatementFactory,
    country,
)

pytestmark = pytest.mark.django_db

# The facets are one query on PostgreSQL, one per facet elsewhere (statements/facets.py).
FACET_QUERIES = 1 if connection.vendor == "postgresql" else 8
# Reading the names of delegates, their aliases, parties and topics (statements/querylang/names.py).
DIRECTORY_QUERIES = 4


@pytest.fixture
def demo():
    load_demo()


def test_without_a_search_it_shows_the_form_only(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["searched"] is False
    html = response.content.decode()
    assert '<label for="id_q">Words, names or fields</label>' in html
    assert '<h2 id="search-help-heading">How to search</h2>' in html


def test_it_highlights_the_matching_words(client, demo):
    response = client.get("/search/?q=baseless")
    html = response.content.decode()
    assert response.context["count"] == 1
    assert "“to spread <mark>baseless</mark> allegations" in html
    assert "<title>“baseless” · Search · Diplomatic statements</title>" in html


def test_it_counts_matches_by_country_speaker_topic_and_year(client, demo):
    response = client.get("/search/?q=cooperation")
    facets = response.context["facets"]
    countries = {row["code"]: row["count"] for row in facets["country"]}
    assert countries["RUS"] == 1
    assert {row["name"] for row in facets["speaker"]} >= {"Vasily Nebenzya"}
    assert response.context["years"] == [(2024, response.context["count"])]
    assert 'href="?q=cooperation&amp;country=RUS"' in response.content.decode()


def test_filters_narrow_the_results_and_stay_in_the_links(client, demo):
    nebenzya = Delegate.objects.get(full_name="Vasily Nebenzya")
    response = client.get(f"/search/?q=cooperation&speaker={nebenzya.pk}&topic=military-cooperation&year=2024")
    assert response.context["count"] == 1
    html = response.content.decode()
    # A filter can be removed on its own, keeping the others.
    assert 'href="?q=cooperation&amp;topic=military-cooperation&amp;year=2024"' in html
    # A new search keeps the filters.
    assert f'<input type="hidden" name="speaker" value="{nebenzya.pk}">' in html


def test_filters_work_without_words(client, demo):
    response = client.get("/search/?country=prk")
    assert response.status_code == 200
    assert response.context["count"] == 2


def test_pagination_keeps_the_search_and_filters(client):
    meeting = MeetingFactory()
    for _ in range(25):
        StatementFactory(meeting=meeting, text="We support the ceasefire.", party=country("FRA"))

    html = client.get("/search/?q=ceasefire&country=FRA").content.decode()
    second = client.get("/search/?q=ceasefire&country=FRA&page=2")

    assert 'href="?q=ceasefire&amp;country=FRA&amp;page=2"' in html
    assert len(second.context["statements"]) == 5


def peace_now(number):
    """`number` statements of France on one day that match "peace"; their meeting."""
    meeting = MeetingFactory()
    Statement.objects.bulk_create(
        Statement(meeting=meeting, date=datetime.date(2024, 6, 28), text=f"Peace now, {n}.", party=country("FRA"))
        for n in range(number)
    )
    return meeting


def test_it_counts_every_match_beyond_the_rank_limit_and_lists_them_newest_first(client):
    # Searches were capped at 1,000 ("1,000+ results").
    peace_now(1001)
    response = client.get("/search/?q=peace")
    assert response.context["count"] == 1001
    assert response.context["pages"] == 51
    html = response.content.decode()
    assert "1,001 statements" in html
    assert "+ results" not in html
    assert "newest first (too many matches to rank by relevance)" in html


def test_a_search_counts_its_facets_over_every_match(client, monkeypatch):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 3)
    meeting = peace_now(4)
    # The oldest match, far behind the newest ones, is counted too (it was not while searches were capped).
    StatementFactory(meeting=meeting, date=datetime.date(2001, 1, 1), text="Peace first.", party=country("JPN"))
    response = client.get("/search/?q=peace")
    facets = response.context["facets"]
    assert "sampled" not in facets
    assert {row["code"]: row["count"] for row in facets["country"]} == {"FRA": 4, "JPN": 1}
    assert response.context["years"] == [(2024, 4), (2001, 1)]
    assert "most recent matches" not in response.content.decode()


def test_every_page_of_a_big_search_is_reachable(client, monkeypatch):
    monkeypatch.setattr("statements.search.RANK_LIMIT", 3)
    peace_now(45)
    seen = []
    for number in (1, 2, 3):
        response = client.get(f"/search/?q=peace&page={number}")
        seen += [statement.pk for statement in response.context["statements"]]
    assert response.context["pages"] == 3
    assert sorted(seen) == sorted(Statement.objects.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=-only", "Give at least one word to look for, not only words to leave out."),
        ("q=" + "a" * 501, "longer than 500 characters"),
        ("q=x&country=XXX", "Unknown country or organisation code: XXX."),
        ("q=x&speaker=abc", "Enter a whole number."),
        ("q=x&year=20245", "less than or equal to 2100"),
        ("q=x&topic=nothing-here", "No topic is called “nothing-here”."),
    ],
)
def test_an_unusable_search_gets_400_and_says_why(client, query, message):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_it_links_the_feed_of_the_search(client, demo):
    html = client.get("/search/?q=false&country=RUS").content.decode()
    feed = 'title="Statements matching this search" href="/feeds/search/?q=false&amp;country=RUS"'
    assert f'<link rel="alternate" type="application/atom+xml" {feed}>' in html


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=ceasefire&country=FRA",
        "/search/?q=nebenzia",
        "/search/?q=country:france accuses:russia date:2024 ceasefire",
        "/search/?mentions=RUS&relation=accuses&country=FRA",
    ],
)
def test_it_runs_a_fixed_number_of_queries(client, url):
    counts = []
    for number in (3, 30):
        meeting = MeetingFactory()
        for _ in range(number):
            statement = StatementFactory(meeting=meeting, text="We support the ceasefire.", party=country("FRA"))
            MentionFactory(statement=statement, party=country("RUS"))
        cache.clear()
        counts.append(queries_of(client, url))
    assert counts[0] == counts[1]


def test_the_names_are_read_once_and_kept(client):
    StatementFactory(text="We support the ceasefire.", party=country("FRA"))
    first = queries_of(client, "/search/?q=ceasefire")
    second = queries_of(client, "/search/?q=truce")
    # The second search does not read the names again.
    assert second <= first - DIRECTORY_QUERIES


def test_a_speech_found_by_its_words_shows_them_unfolded(client):
    text = "We open the debate.\n" + "Words of the middle. " * 40 + "\nThe ceasefire must hold."
    StatementFactory(kind="speech", text=text, label="The President:")

    html = client.get("/search/?q=ceasefire").content.decode()

    assert '<details class="speech-rest" open>' in html
    assert "<mark>ceasefire</mark>" in html


def test_the_country_filter_finds_a_statement_made_jointly(client):
    joint = StatementFactory(party=country("USA"), text="We condemn the transfers of missiles.")
    joint.joint_parties.add(country("GBR"))
    StatementFactory(party=country("CHN"), text="We condemn nothing about missiles.")

    response = client.get("/search/?q=missiles&country=GBR")

    assert [statement.pk for statement in response.context["statements"]] == [joint.pk]


def who_accused_russia():
    """Statements of the US and France accusing Russia, one of the US supporting it, and one mentioning it."""
    rows = {
        "us_accuses": StatementFactory(party=country("USA"), text="Russia is arming the aggressor."),
        "fr_accuses": StatementFactory(party=country("FRA"), text="Russia breaks the embargo."),
        "us_supports": StatementFactory(party=country("USA"), text="We welcome Russia's offer."),
        "cn_mentions": StatementFactory(party=country("CHN"), text="Russia spoke before us."),
    }
    MentionFactory(statement=rows["us_accuses"], party=country("RUS"), relation="accuses")
    MentionFactory(statement=rows["fr_accuses"], party=country("RUS"), relation="accuses")
    MentionFactory(statement=rows["us_supports"], party=country("RUS"), relation="supports")
    MentionFactory(statement=rows["cn_mentions"], party=country("RUS"), relation="mentions")
    return rows


def test_it_lists_the_statements_accusing_a_country(client):
    rows = who_accused_russia()

    response = client.get("/search/?mentions=RUS&relation=accuses")

    assert response.status_code == 200
    assert {s.pk for s in response.context["statements"]} == {rows["us_accuses"].pk, rows["fr_accuses"].pk}
    assert response.context["count"] == 2
    html = response.content.decode()
    assert "Mentions Russia<" in html
    assert ">Relation: accuses<" in html


def test_the_speakers_country_narrows_the_accusations(client):
    rows = who_accused_russia()

    response = client.get("/search/?mentions=RUS&relation=accuses&country=USA")

    assert [s.pk for s in response.context["statements"]] == [rows["us_accuses"].pk]


def test_mentions_without_a_relation_lists_every_mention(client):
    who_accused_russia()

    assert client.get("/search/?mentions=rus").context["count"] == 4


def test_an_unknown_relation_gets_400(client):
    response = client.get("/search/?mentions=RUS&relation=praises")
    assert response.status_code == 400
    assert "praises is not one of the available choices" in response.content.decode()


# Names, the search language, and the form (issue 14)


@pytest.fixture
def envoys():
    """Two delegates with aliases, one statement each, and one by a third speaker naming the first."""
    nebenzia = DelegateFactory(full_name="Vasily Nebenzia", sort_name="Nebenzia, Vasily")
    AliasFactory(delegate=nebenzia, name="Vasily Nebenzya")
    kim = DelegateFactory(full_name="Kim Song", sort_name="Kim, Song")
    AliasFactory(delegate=kim, name="Song Kim")
    return {
        "nebenzia": StatementFactory(speaker=nebenzia, party=country("RUS"), text="The accusations are baseless."),
        "kim": StatementFactory(speaker=kim, party=country("PRK"), text="We reject the resolution."),
        "naming": StatementFactory(party=country("FRA"), text="We heard Ambassador Nebenzia."),
    }


@pytest.mark.parametrize("typed", ["Nebenzia", "nebenzya", "NEBENZIA", "Vasily Nebenzya"])
def test_a_delegates_name_lists_them_under_people_with_their_statements(client, envoys, typed):
    response = client.get("/search/", {"q": typed})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="people-heading">People</h2>' in html
    assert [person["name"] for person in response.context["people"]] == ["Vasily Nebenzia"]
    found = {statement.pk for statement in response.context["statements"]}
    assert envoys["nebenzia"].pk in found
    assert "Said by Vasily Nebenzia, whom “" in html


@pytest.mark.parametrize("typed", ["Kim Song", "Song Kim", "song kim"])
def test_a_name_in_either_order_finds_the_delegate(client, envoys, typed):
    response = client.get("/search/", {"q": typed})
    assert [person["name"] for person in response.context["people"]] == ["Kim Song"]
    assert [statement.pk for statement in response.context["statements"]] == [envoys["kim"].pk]
    assert response.context["people"][0]["aliases"] == ("Song Kim",)
    assert response.context["people"][0]["position"] == ""
    assert 'class="aliases">also written' in response.content.decode()


def test_a_country_name_lists_it_under_countries_with_its_statements_and_those_about_it(client, envoys):
    mentioning = StatementFactory(party=country("USA"), text="They are lying.")
    MentionFactory(statement=mentioning, party=country("RUS"), relation="accuses")

    response = client.get("/search/", {"q": "Russian"})

    html = response.content.decode()
    assert '<h2 id="countries-heading">Countries</h2>' in html
    assert [party["code"] for party in response.context["parties"]] == ["RUS"]
    assert {s.pk for s in response.context["statements"]} == {envoys["nebenzia"].pk, mentioning.pk}
    assert "Made on behalf of Russia, which “Russian” names." in html
    assert "Mentions Russia, which “Russian” names." in html
    assert 'href="?mentions=RUS&amp;relation=accuses">accusing it' in html


def test_a_mistyped_field_is_shown_above_the_results_and_the_rest_runs(client, envoys):
    response = client.get("/search/", {"q": "spekaer:nebenzia baseless"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Part of this search was not understood" in html
    assert "“spekaer:” is not a search field. Did you mean speaker:?" in html
    assert [s.pk for s in response.context["statements"]] == [envoys["nebenzia"].pk]


def test_an_unknown_value_is_shown_and_escaped(client, envoys):
    response = client.get("/search/", {"q": "baseless country:<b>atlantis</b>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No country or organisation is called “&lt;b&gt;atlantis&lt;/b&gt;”." in html
    assert response.context["count"] == 1


def test_fields_of_the_language_narrow_the_search(client, envoys):
    response = client.get("/search/", {"q": "speaker:nebenzya kind:quote date:2024"})
    assert [s.pk for s in response.context["statements"]] == [envoys["nebenzia"].pk]
    assert response.context["people"][0]["name"] == "Vasily Nebenzia"


def test_the_filter_fields_take_names_as_well_as_codes(client):
    rows = who_accused_russia()
    response = client.get("/search/", {"mentions": "Russia", "relation": "accuses", "country": "United States"})
    assert [s.pk for s in response.context["statements"]] == [rows["us_accuses"].pk]
    response = client.get("/search/", {"mentions": "Korea"})
    assert response.status_code == 400
    assert "“Korea” could mean" in response.content.decode()


def test_every_country_and_organisation_is_suggested(client):
    html = client.get("/search/").content.decode()
    datalist = html[html.index('<datalist id="party-names">') : html.index("</datalist>")]
    assert datalist.count("<option ") == Party.objects.count()
    assert '<option value="Russia">RUS</option>' in datalist
    assert 'list="party-names"' in html


def test_the_filters_are_folded_away_and_the_dates_are_date_pickers(client):
    html = client.get("/search/").content.decode()
    assert '<details class="search-filters">' in html
    assert 'type="date" name="date_from"' in html
    assert "YYYY-MM-DD" not in html


def test_the_filters_open_when_one_of_them_is_wrong(client):
    html = client.get("/search/?date_from=2024-06-01&date_to=2024-01-01").content.decode()
    assert '<details class="search-filters" open>' in html
    assert "The end date is before the start date." in html


def test_a_search_without_results_has_no_empty_facet_heading(client, envoys):
    response = client.get("/search/", {"q": "zebra"})
    assert response.context["count"] == 0
    assert "Narrow down" not in response.content.decode()


ODD_SEARCHES = [
    '"',
    'country:"',
    ":",
    "a:b:c",
    "-",
    "or or",
    "-or",
    "speaker:",
    "date:0000-01",
    "date:9999-12",
    "from:2024-02-30",
    "country:,,,",
    "accuses:" + "x" * 80,
    "Ünïcødé Nébenzia",
    "\\ ' ; -- /* */",
    "kim " * 20,
    "to:2024 from:2024",
    "https://un.org/x",
    "DPRK US RUS",
    'about:"" sanctions',
]


@pytest.mark.parametrize("q", ODD_SEARCHES)
def test_odd_searches_get_an_answer_or_a_reason_never_an_error(client, envoys, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert "This search cannot be run" in response.content.decode()


def test_the_date_filters_are_named_in_words_and_can_be_removed(client, envoys):
    html = client.get("/search/?q=baseless&date_from=2024-06-01&date_to=2024-06-30").content.decode()
    assert "From 1 June 2024" in html
    assert "To 30 June 2024" in html
    assert 'href="?q=baseless&amp;date_to=2024-06-30"' in html


def test_people_are_shown_with_their_latest_position(client, envoys):
    nebenzia = envoys["nebenzia"].speaker
    PositionFactory(delegate=nebenzia, party=country("RUS"), title="Deputy", start=datetime.date(2010, 1, 1))
    PositionFactory(
        delegate=nebenzia, party=country("RUS"), title="Permanent Representative", start=datetime.date(2017, 7, 27)
    )
    response = client.get("/search/", {"q": "Nebenzia"})
    assert response.context["people"][0]["position"] == "Permanent Representative, Russia"


def test_a_search_whose_only_field_names_nothing_says_so_instead_of_listing_everything(client, envoys):
    response = client.get("/search/", {"q": "country:atlantis"})
    assert response.status_code == 400
    assert "No country or organisation is called “atlantis”." in response.content.decode()


def test_a_new_search_keeps_the_speaker_and_meeting_filters(client, envoys):
    statement = envoys["nebenzia"]
    html = client.get(
        f"/search/?q=baseless&speaker={statement.speaker_id}&meeting={statement.meeting_id}"
    ).content.decode()
    assert f'<input type="hidden" name="speaker" value="{statement.speaker_id}">' in html
    assert f'<input type="hidden" name="meeting" value="{statement.meeting_id}">' in html


@pytest.mark.django_db
def test_a_search_links_to_who_accuses_whom_for_its_party_relation_and_period(client):
    load_demo()
    page = client.get("/search/?mentions=RUS&relation=accuses&year=2024").content.decode()
    assert 'href="/relations/?party=RUS&amp;relation=accuses&amp;year=2024"' in page
    plain = client.get("/search/?q=embargo").content.decode()
    assert 'href="/relations/">Who accuses or supports whom</a>' in plain
