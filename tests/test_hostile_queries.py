"""Hostile addresses: undecodable and NUL bytes in query strings and paths, huge page numbers and
ids, cursor garbage, and values that look like SQL in every filter.

Each is answered with a 400 that names the parameter, a 404, or an ordinary answer that matches
literally what was asked for; never a 500, never every row, and the data stays as it was.
"""

import base64

import pytest
from django.contrib.auth import get_user_model

from statements.models import Delegate, Meeting, Source, Statement
from tests.factories import (
    AliasFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data(module_db, django_db_blocker):
    """Records whose text holds no digits, quotes, %, _ or backslashes, so that none matches a hostile value.

    Made once for the module (its tests only read them) and rolled back by module_db after the last test;
    what a test adds itself is undone after it, as in any django_db test."""
    with django_db_blocker.unblock():
        meeting = MeetingFactory(title="Arms transfers", record_symbol="S/PV.1")
        speaker = DelegateFactory(full_name="Ann Lee", sort_name="Lee, Ann")
        AliasFactory(delegate=speaker, name="Anne Lee")
        PositionFactory(delegate=speaker, party=country("FRA"))
        statements = [
            StatementFactory(meeting=meeting, speaker=speaker, text=text, cite=False)
            for text in ["We object to the transfers.", "The council must act.", "Nobody is above the law."]
        ]
        statements[0].topics.add(TopicFactory(slug="sanctions", name="Sanctions"))
        MentionFactory(statement=statements[0])
        SourceFactory(publisher="Example News")


# Bytes that are not UTF-8, and NUL.

NOT_UTF8 = {
    "invalid byte": "%ff%fe",
    "overlong slash": "%c0%af",
    "overlong NUL": "%c0%80",
    "surrogate half": "%ed%a0%80",
    "truncated sequence": "caf%e2%82",
    "Latin-1": "caf%e9",
}

HTML_PARAMETERS = [
    ("/search/", "q"),
    ("/search/", "country"),
    ("/meetings/", "country"),
    ("/meetings/", "page"),
    ("/delegates/", "name"),
    ("/feeds/search/", "q"),
    ("/", "anything"),
]
API_PARAMETERS = [
    ("statements", "q"),
    ("statements", "language"),
    ("statements", "cursor"),
    ("statements/facets", "q"),
    ("relations", "country"),
    ("meetings", "symbol"),
    ("delegates", "name"),
    ("sources", "publisher"),
    ("countries", "q"),
    ("topics", "page"),
]
UTF8_ERROR = "It is not valid UTF-8 text once percent-decoded."


@pytest.mark.parametrize("path, name", HTML_PARAMETERS)
def test_a_page_refuses_a_parameter_that_is_not_utf8_and_names_it(api_client, db, path, name):
    for kind, value in NOT_UTF8.items():
        response = api_client.get(f"{path}?{name}={value}")
        assert response.status_code == 400, kind
        assert f"The parameter “{name}” cannot be read. {UTF8_ERROR}" in response.content.decode(), kind


@pytest.mark.parametrize("path, name", API_PARAMETERS)
def test_the_api_refuses_a_parameter_that_is_not_utf8_and_names_it(api_client, db, path, name):
    for kind, value in NOT_UTF8.items():
        response = api_client.get(f"/api/v1/{path}/?{name}={value}")
        assert response.status_code == 400, kind
        assert response.json() == {"errors": {name: [UTF8_ERROR]}}, kind


def test_a_parameter_name_that_is_not_utf8_is_refused_too(api_client, db):
    response = api_client.get("/api/v1/statements/?kind=direct&q%ff=1")
    assert response.status_code == 400
    assert response.json() == {"errors": {"q\ufffd": [UTF8_ERROR]}}


def test_raw_utf8_bytes_in_the_query_string_are_read_as_text(api_client, data):
    # Some clients send non-ASCII unencoded; WSGI passes the bytes on as Latin-1 characters.
    response = api_client.get("/api/v1/delegates/", QUERY_STRING="q=Lee \xc3\xa9".encode().decode("latin-1"))
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_raw_bytes_that_are_not_utf8_in_the_query_string_are_refused(api_client, db):
    response = api_client.get("/api/v1/delegates/", QUERY_STRING="q=caf\xe9")
    assert response.status_code == 400
    assert response.json() == {"errors": {"q": [UTF8_ERROR]}}


def test_a_query_string_in_a_declared_charset_is_read_in_that_charset(api_client, data):
    StatementFactory(text="La sécurité collective.", cite=False)
    response = api_client.get(
        "/api/v1/statements/?q=s%E9curit%E9", headers={"content-type": "text/plain; charset=latin-1"}
    )
    assert response.status_code == 200
    assert [s["text"] for s in response.json()["results"]] == ["La sécurité collective."]


@pytest.mark.parametrize(
    "query",
    ["q=%25ff", "q=%2500", "q=%u0041nn", "q=%", "q=%%", "q=%2", "q=%zz", "q=a+b%2Bc", "q=&&&=&=x", "q", "=x"],
)
def test_odd_but_decodable_encodings_are_read_literally(api_client, data, query):
    response = api_client.get(f"/api/v1/delegates/?{query}")
    assert response.status_code == 200
    assert response.json()["count"] in (0, 1)


@pytest.mark.parametrize(
    "path", ["/search/?q=%00", "/search/?q=a%00b", "/meetings/?page=%00", "/delegates/?name=%00", "/?x=%00"]
)
def test_a_page_refuses_a_nul_in_a_parameter(api_client, db, path):
    response = api_client.get(path)
    assert response.status_code == 400
    assert "It contains a NUL character." in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "statements/?language=%00",
        "statements/?country=RUS,%00",
        "meetings/?symbol=a%00",
        "delegates/?name=%00",
        "sources/?publisher=%00",
        "countries/?q=%00",
        "statements/?cursor=%00",
    ],
)
def test_the_api_refuses_a_nul_in_a_parameter(api_client, db, path):
    response = api_client.get(f"/api/v1/{path}")
    assert response.status_code == 400
    [(name, messages)] = response.json()["errors"].items()
    assert path.split("?")[1].startswith(name)
    assert messages == ["It contains a NUL character."]


NUL_PATHS = [
    "/countries/%00/",
    "/countries/RU%00S/",
    "/organisations/un%00/",
    "/topics/%00/",
    "/bodies/a%00/",
    "/feeds/parties/%00/",
    "/feeds/topics/%00/",
    "/statements/%00/",
    "/%00/",
]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_a_nul_in_a_path_is_not_found(api_client, db, path):
    assert api_client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["countries/%00/", "organisations/a%00/", "topics/%00/", "statements/1%00/"])
def test_a_nul_in_an_api_path_is_a_json_404(api_client, db, path):
    response = api_client.get(f"/api/v1/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "path",
    [
        "/countries/%ff/",
        "/countries/%ed%a0%80/",
        "/countries/%E2%80%AE/",
        "/topics/%c0%af/",
        "/bodies/%ff%fe/",
        "/organisations/%ff/",
        "/feeds/parties/%ff/",
        "/api/v1/countries/%ff/",
        "/api/v1/topics/%ff%fe/",
        "/search/%ff/",
    ],
)
def test_undecodable_bytes_in_a_path_are_not_found(api_client, db, path):
    assert api_client.get(path).status_code == 404


# Huge numbers and garbage in paging and ids.

HUGE = "99999999999999999999"
BEYOND_BIGINT = str(2**63)


@pytest.mark.parametrize("page", [HUGE, BEYOND_BIGINT, "-1", "0", "abc", "1e3", "", "1.5", "٣"])
@pytest.mark.parametrize("path", ["/meetings/", "/delegates/", "/bodies/security-council/", "/topics/sanctions/"])
def test_a_page_number_out_of_range_or_not_a_number_shows_a_page_of_the_list(api_client, data, path, page):
    response = api_client.get(path, {"page": page})
    assert response.status_code == 200
    assert 1 <= response.context["page"].number <= response.context["page"].paginator.num_pages


@pytest.mark.parametrize("page", [HUGE, "-1", "0", "abc", ""])
def test_the_search_page_keeps_a_page_number_in_range(api_client, data, page):
    response = api_client.get("/search/", {"q": "council", "page": page})
    assert response.status_code == 200
    assert response.context["page_number"] == 1


@pytest.mark.parametrize("page", [HUGE, BEYOND_BIGINT, "10000001", "-1", "0", "abc", "1e3", "1.0", "%EF%BC%91x"])
@pytest.mark.parametrize("path", ["statements", "relations", "meetings", "delegates", "countries", "topics"])
def test_the_api_refuses_a_page_number_out_of_range_naming_it(api_client, db, path, page):
    response = api_client.get(f"/api/v1/{path}/", {"page": page})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page"]


def test_a_page_past_the_last_is_a_404_that_says_which_is_the_last(api_client, data):
    response = api_client.get("/api/v1/statements/", {"page": "10000000"})
    assert response.status_code == 404
    assert response.json() == {"detail": "There is no page 10000000; the last page is 1."}


@pytest.mark.parametrize("size", [HUGE, "501", "0", "-5", "abc", "1e2", "50.0"])
@pytest.mark.parametrize("path", ["statements", "meetings", "relations"])
def test_the_api_refuses_a_page_size_out_of_range_naming_it(api_client, db, path, size):
    response = api_client.get(f"/api/v1/{path}/", {"page_size": size})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["page_size"]


@pytest.mark.parametrize("path", ["statements/?page={}", "statements/?page_size={}", "statements/{}/", "meetings/{}/"])
def test_digits_of_other_scripts_are_read_as_the_number_they_write(api_client, data, path):
    # Python reads "٣" (Arabic-Indic three) and "３" (full width) as 3, like "3": an answer, not an error.
    for digit in ["٣", "３"]:
        assert (
            api_client.get(f"/api/v1/{path.format(digit)}").status_code
            == api_client.get(f"/api/v1/{path.format(3)}").status_code
        )


@pytest.mark.parametrize("value", ["perhaps", "yes", "2", "' OR 1=1 --", "truefalse"])
def test_a_yes_or_no_filter_refuses_anything_but_true_or_false(api_client, db, value):
    # Read as "not given", it would drop the filter and answer with every statement.
    response = api_client.get("/api/v1/statements/", {"has_replies": value})
    assert response.status_code == 400
    assert response.json() == {"errors": {"has_replies": ["Must be true or false."]}}


@pytest.mark.parametrize("value, expected", [("true", 0), ("TRUE", 0), ("1", 0), ("false", 3), ("0", 3), ("", 3)])
def test_a_yes_or_no_filter_reads_true_and_false(api_client, data, value, expected):
    response = api_client.get("/api/v1/statements/", {"has_replies": value})
    assert response.status_code == 200
    assert response.json()["count"] == expected


def test_a_cursor_in_the_old_offset_form_is_refused(api_client, data):
    # Cursors are signed keysets now: an offset cursor, even one DRF would have capped, is a 400.
    response = api_client.get("/api/v1/statements/", {"cursor": cursor("o=99999999999999999999")})
    assert response.status_code == 400
    assert "Not a cursor this API gave out" in response.content.decode()


def cursor(text):
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "!!!!",
        "A" * 10_000,
        cursor("o=1&p=99999-99-99"),
        cursor("o=-1&r=1"),
        cursor("p=2024-06-28&x=1"),
        cursor("' OR 1=1 --"),
        cursor("p=2024-06-28' OR '1'='1"),
        base64.b64encode(b"\xff\xfe").decode(),
    ],
)
def test_a_cursor_the_api_did_not_give_out_is_a_400(api_client, data, value):
    response = api_client.get("/api/v1/statements/", {"cursor": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


@pytest.mark.parametrize("key", [HUGE, BEYOND_BIGINT, "0"])
@pytest.mark.parametrize(
    "path", ["/statements/{}/", "/meetings/{}/", "/delegates/{}/", "/sources/{}/", "/feeds/delegates/{}/"]
)
def test_a_huge_or_zero_id_in_a_page_address_is_not_found(api_client, db, path, key):
    assert api_client.get(path.format(key)).status_code == 404


@pytest.mark.parametrize("key", ["-1", "1.5", "1e3", "%2B1", "%EF%BC%91", "٣"])
@pytest.mark.parametrize("path", ["/statements/{}/", "/meetings/{}/", "/delegates/{}/", "/sources/{}/"])
def test_an_id_that_is_not_digits_is_not_found(api_client, db, path, key):
    assert api_client.get(path.format(key)).status_code == 404


@pytest.mark.parametrize("key", [HUGE, BEYOND_BIGINT, "-1", "abc", "1e3", "0x10"])
@pytest.mark.parametrize("path", ["statements", "meetings", "delegates", "sources"])
def test_the_api_refuses_an_id_that_is_not_a_bigint_naming_it(api_client, db, path, key):
    response = api_client.get(f"/api/v1/{path}/{key}/")
    assert response.status_code == 400
    assert response.json() == {"errors": {"id": ["Must be a whole number from 1 to 9223372036854775807."]}}


# Values that look like SQL, or like LIKE patterns, in every filter.

SQL_LIKE = [
    "' OR 1=1 --",
    "' OR '1'='1",
    "'); DROP TABLE statements_statement; --",
    "1; DELETE FROM statements_statement",
    "' UNION SELECT username, password FROM auth_user --",
    '" OR ""="',
    "%",
    "_",
    "%%",
    "\\",
    "\\%",
    "*",
    "[a-z]",
    "$1",
    "1 OR 1=1",
]

API_FILTERS = {
    "statements": [
        "q",
        "country",
        "speaker",
        "meeting",
        "body",
        "topic",
        "mentions",
        "relation",
        "kind",
        "language",
        "date_from",
        "date_to",
        "in_reply_to",
        "has_replies",
        "ordering",
        "format",
        "page",
        "page_size",
        "cursor",
    ],
    "statements/facets": ["q", "country", "language"],
    "relations": ["q", "country", "mentions", "language"],
    "meetings": ["body", "date_from", "date_to", "requested_by", "participant", "topic", "symbol"],
    "delegates": ["country", "q", "name"],
    "sources": ["kind", "publisher"],
    "countries": ["un_status", "q"],
    "organisations": ["q"],
}
API_CASES = [(path, name) for path, names in API_FILTERS.items() for name in names]


def result_count(payload):
    """Rows in an answer: the count of a list, or every count of a facet summary."""
    if "results" in payload:
        return len(payload["results"])
    return sum(row["count"] for rows in payload.values() if isinstance(rows, list) for row in rows)


@pytest.fixture
def unchanged(data):
    counts = (Statement.objects.count(), Meeting.objects.count(), Delegate.objects.count(), Source.objects.count())
    get_user_model().objects.create_user("reader")
    yield
    assert (
        Statement.objects.count(),
        Meeting.objects.count(),
        Delegate.objects.count(),
        Source.objects.count(),
    ) == counts
    assert get_user_model().objects.count() == 1


@pytest.mark.parametrize("path, name", API_CASES)
def test_sql_looking_values_in_an_api_filter_match_nothing_or_are_refused(api_client, unchanged, path, name):
    for value in SQL_LIKE:
        response = api_client.get(f"/api/v1/{path}/", {name: value})
        assert response.status_code in (200, 400), (value, response.content)
        if response.status_code == 400:
            assert list(response.json()["errors"]) == [name], value
        else:
            assert result_count(response.json()) == 0, value


HTML_FILTERS = {
    "/search/": ["q", "country", "speaker", "topic", "year"],
    "/meetings/": ["body", "date_from", "date_to", "country", "topic"],
    "/delegates/": ["name"],
    "/feeds/search/": ["q", "country"],
}
HTML_CASES = [(path, name) for path, names in HTML_FILTERS.items() for name in names]


@pytest.mark.parametrize("path, name", HTML_CASES)
def test_sql_looking_values_in_a_page_filter_match_nothing_or_are_refused(api_client, unchanged, path, name):
    for value in SQL_LIKE:
        response = api_client.get(path, {name: value})
        assert response.status_code in (200, 400), value
        if response.status_code == 200 and "page" in (response.context or {}):
            assert response.context["page"].paginator.count == 0, value
        elif response.status_code == 200 and path == "/search/":
            assert response.context["count"] == 0, value
        elif response.status_code == 200:
            assert b"<entry>" not in response.content, value


@pytest.mark.parametrize(
    "path",
    [
        "/countries/%27%20OR%201%3D1%20--/",
        "/countries/RUS%27%3B%20DROP%20TABLE%20statements_party%3B--/",
        "/organisations/%27or%271%27%3D%271/",
        "/topics/x%27%20OR%20%271%27%3D%271/",
        "/bodies/%25/",
        "/feeds/parties/%25/",
        "/feeds/parties/_/",
        "/api/v1/countries/%27%20OR%201%3D1%20--/",
        "/api/v1/organisations/%25/",
        "/api/v1/topics/_/",
    ],
)
def test_sql_looking_codes_and_slugs_in_a_path_are_not_found(api_client, unchanged, path):
    assert api_client.get(path).status_code == 404


@pytest.fixture
def literal():
    """Records whose names hold the characters LIKE treats specially, and one that does not."""
    SourceFactory(publisher="100% News_Wire \\ Daily")
    SourceFactory(publisher="Plain News")
    DelegateFactory(full_name="Ann O'Neil", sort_name="O'Neil, Ann")
    DelegateFactory(full_name="Bob Smith", sort_name="Smith, Bob")
    MeetingFactory(record_symbol="S/PV.1%")
    MeetingFactory(record_symbol="S/PV.12")


@pytest.mark.parametrize(
    "path, value, expected",
    [
        ("sources", {"publisher": "%"}, 1),
        ("sources", {"publisher": "_"}, 1),
        ("sources", {"publisher": "\\"}, 1),
        ("sources", {"publisher": "% News_"}, 1),
        ("sources", {"publisher": "0_ "}, 0),
        ("delegates", {"q": "O'Neil"}, 1),
        ("delegates", {"q": "'"}, 1),
        ("delegates", {"q": "o'n"}, 1),
        ("meetings", {"symbol": "S/PV.1%"}, 1),
        ("meetings", {"symbol": "S/PV.1_"}, 0),
    ],
)
def test_like_wildcards_and_quotes_match_only_themselves(api_client, literal, path, value, expected):
    response = api_client.get(f"/api/v1/{path}/", value)
    assert response.status_code == 200
    assert response.json()["count"] == expected


def test_a_quote_in_a_search_finds_the_text_with_the_quote(api_client, data):
    StatementFactory(text="Ann O'Neil's country objects.", cite=False)
    response = api_client.get("/api/v1/statements/", {"q": "O'Neil's"})
    assert response.status_code == 200
    assert [s["text"] for s in response.json()["results"]] == ["Ann O'Neil's country objects."]
