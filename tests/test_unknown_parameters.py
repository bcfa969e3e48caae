"""A parameter the API or a page does not take is a 400 naming it, never silently ignored: a
misspelled filter would otherwise answer with every row, as if it had matched."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import (
    BallotFactory,
    DraftFactory,
    MentionFactory,
    StatementFactory,
    TopicFactory,
    VoteFactory,
    country,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data(module_db, django_db_blocker):
    """Made once for the module, whose tests only read."""
    with django_db_blocker.unblock():
        statement = StatementFactory(party=country("USA"))
        statement.topics.add(TopicFactory(slug="sanctions"))
        MentionFactory(statement=statement, party=country("RUS"))
        vote = VoteFactory(meeting=statement.meeting, draft=DraftFactory(symbol="S/2024/255"))
        BallotFactory(vote=vote, party=country("RUS"))
        return {
            "id": statement.pk,
            "meeting": statement.meeting_id,
            "delegate": statement.speaker_id,
            "source": statement.citations.get().source_id,
            "vote": vote.pk,
            "body": statement.meeting.body.slug,
        }


def reads(data):
    """The path of every read of the API, with real objects in the detail paths."""
    return [
        "statements/",
        f"statements/{data['id']}/",
        "statements/facets/",
        f"statements/{data['id']}/history/",
        "relations/",
        "meetings/",
        f"meetings/{data['meeting']}/",
        f"meetings/{data['meeting']}/statements/",
        f"meetings/{data['meeting']}/history/",
        "delegates/",
        f"delegates/{data['delegate']}/",
        f"delegates/{data['delegate']}/history/",
        "sources/",
        f"sources/{data['source']}/",
        f"sources/{data['source']}/history/",
        "votes/",
        f"votes/{data['vote']}/",
        "drafts/",
        "drafts/S/2024/255/",
        "countries/",
        "countries/RUS/",
        "organisations/",
        "topics/",
        "topics/sanctions/",
        "bodies/",
        f"bodies/{data['body']}/",
    ]


def unknown(response):
    """The parameters a 400 calls unknown."""
    if response.status_code != 400:
        return set()
    return {name for name, messages in response.json()["errors"].items() if "Unknown parameter" in messages[0]}


def test_a_misspelled_meeting_filter_is_a_400_naming_it_and_the_accepted_ones(api_client, data):
    response = api_client.get("/api/v1/meetings/?date=2024-06-28")
    assert response.status_code == 400
    [message] = response.json()["errors"]["date"]
    assert message == (
        "Unknown parameter. This endpoint takes body, date_from, date_to, format, page, page_size, "
        "participant, requested_by, symbol, topic, updated_since."
    )


def test_a_statement_filter_named_as_the_json_field_is_a_400(api_client, data):
    response = api_client.get("/api/v1/statements/?party=RUS")
    assert response.status_code == 400
    [message] = response.json()["errors"]["party"]
    for accepted in ["country", "mentions", "ordering", "q", "page", "page_size", "cursor", "format"]:
        assert accepted in message


def test_every_unknown_parameter_is_named_and_the_known_ones_are_not(api_client, data):
    response = api_client.get("/api/v1/relations/?country=RUS&target=USA&relations=accuses")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"target", "relations"}


def test_every_read_refuses_an_unknown_parameter(api_client, data):
    for path in reads(data):
        response = api_client.get(f"/api/v1/{path}?nonsense=1")
        assert response.status_code == 400, path
        assert unknown(response) == {"nonsense"}, path


def test_every_read_answers_without_parameters_and_with_format(api_client, data):
    for path in reads(data):
        assert api_client.get(f"/api/v1/{path}").status_code == 200, path
        assert api_client.get(f"/api/v1/{path}?format=json").status_code == 200, path


def test_one_object_takes_no_filter_or_paging(api_client, data):
    response = api_client.get(f"/api/v1/meetings/{data['meeting']}/?page=1&body=security-council")
    assert unknown(response) == {"page", "body"}
    assert "This endpoint takes format." in response.json()["errors"]["page"][0]


def test_paging_parameters_are_accepted_where_there_is_paging(api_client, data):
    assert api_client.get("/api/v1/statements/?cursor=&page_size=2&ordering=date").status_code == 200
    assert api_client.get(f"/api/v1/meetings/{data['meeting']}/statements/?page=1&page_size=5").status_code == 200
    assert api_client.get(f"/api/v1/statements/{data['id']}/history/?page=1&page_size=5").status_code == 200
    # Facets are not paged, and a meeting's statements are not filtered.
    assert unknown(api_client.get("/api/v1/statements/facets/?page=1&country=USA")) == {"page"}
    assert unknown(api_client.get(f"/api/v1/meetings/{data['meeting']}/statements/?country=USA")) == {"country"}


def test_an_export_with_an_unknown_parameter_is_a_json_400(api_client, data):
    response = api_client.get("/api/v1/statements/?format=csv&party=RUS")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert unknown(response) == {"party"}


def test_every_parameter_the_schema_documents_is_accepted(api_client, data):
    """The schema and the check agree: no documented parameter of a read is called unknown."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ids = {
        "statements": data["id"],
        "meetings": data["meeting"],
        "delegates": data["delegate"],
        "sources": data["source"],
        "votes": data["vote"],
    }
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        resource = path.split("/")[3]
        path = path.replace("{id}", str(ids.get(resource))).replace("{code}", "RUS").replace("{symbol}", "S/2024/255")
        path = path.replace("{slug}", "sanctions" if resource == "topics" else data["body"])
        parameters = operations["get"].get("parameters", [])
        query = "&".join(f"{parameter['name']}=" for parameter in parameters if parameter["in"] == "query")
        response = api_client.get(f"{path}?{query}")
        assert not unknown(response), (path, unknown(response))


def test_every_read_documents_its_400(data):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "get" in operations:
            response = operations["get"]["responses"].get("400")
            assert response, path
            assert "unknown" in response["description"].lower(), path
            assert "application/json" in response["content"], path


# The pages' filter forms.


@pytest.mark.parametrize(
    "path",
    ["/meetings/?date=2024-06-28", "/vetoes/?year=2024", "/delegates/?country=RUS", "/search/?party=RUS"],
)
def test_a_page_says_which_parameter_it_does_not_understand(client, data, path):
    response = client.get(path)
    assert response.status_code == 400
    name = path.split("?")[1].split("=")[0]
    assert f"“{name}”" in response.content.decode()


def test_the_search_page_refuses_an_unknown_parameter_next_to_known_ones(client, data):
    response = client.get("/search/?q=statement&speaker_name=Nebenzia")
    assert response.status_code == 400
    assert "“speaker_name”" in response.content.decode()


def test_the_meeting_list_says_it_in_its_form_and_lists_what_it_takes(client, data):
    html = client.get("/meetings/?date=2024-06-28&participant=RUS").content.decode()
    assert "“date”, “participant”" in html
    assert "body, date_from, date_to, country, topic and page" in html


@pytest.mark.parametrize(
    "path", ["/meetings/?page=1", "/vetoes/?page=1", "/delegates/?page=1", "/search/?q=statement&page=1"]
)
def test_pages_still_take_their_page_number(client, data, path):
    assert client.get(path).status_code == 200


def test_the_search_feed_refuses_an_unknown_parameter(client, data):
    response = client.get("/feeds/search/?party=RUS")
    assert response.status_code == 400


def test_a_parameter_without_a_name_is_read_past(api_client, client, data):
    assert api_client.get("/api/v1/delegates/?=x&q=").status_code == 200
    assert client.get("/meetings/?=x").status_code == 200
