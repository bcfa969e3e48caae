"""GET /api/v1/{statements,meetings,delegates,sources}/{id}/history/: every saved version, newest first."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from tests.api_support import token_client
from tests.factories import (
    DelegateFactory,
    MeetingFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def save(obj, reason, user=None, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._change_reason = reason
    if user is not None:
        obj._history_user = user
    obj.save()
    for name in ("_change_reason", "_history_user"):
        obj.__dict__.pop(name, None)


@pytest.fixture
def corrector():
    return user_with_role("editor", "corrector", email="corrector@example.org", first_name="Ana")


def test_it_lists_a_statements_history_newest_first_with_what_changed(api_client, corrector):
    statement = StatementFactory(text="We reject these claims.", date=datetime.date(2024, 6, 28))
    save(statement, "Misquoted", user=corrector, text="We reject those claims.", date=datetime.date(2024, 6, 27))

    response = api_client.get(f"/api/v1/statements/{statement.pk}/history/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    changed, created = body["results"]
    assert changed["type"] == "changed"
    # Anonymous readers are told the role, not the user name.
    assert (changed["user"], changed["role"]) == (None, "editor")
    assert changed["reason"] == "Misquoted"
    assert changed["changes"] == [
        {"field": "date", "label": "Date", "old": "2024-06-28", "new": "2024-06-27"},
        {"field": "text", "label": "Text", "old": "We reject these claims.", "new": "We reject those claims."},
    ]
    assert created["type"] == "created"
    assert (created["user"], created["role"]) == (None, None)
    assert created["reason"] is None
    assert {"field": "text", "label": "Text", "old": None, "new": "We reject these claims."} in created["changes"]
    assert changed["id"] > created["id"]
    assert changed["date"] >= created["date"]


def test_links_are_given_as_ids_and_many_to_many_as_sorted_lists(api_client):
    statement = StatementFactory()
    old_speaker = statement.speaker
    new_speaker = DelegateFactory()
    topics = [TopicFactory(), TopicFactory()]
    save(statement, "Wrong speaker", speaker=new_speaker, party=country("CHN"))
    statement._change_reason = "Topics"
    statement.topics.add(*topics)

    results = api_client.get(f"/api/v1/statements/{statement.pk}/history/").json()["results"]

    assert results[0]["changes"] == [
        {"field": "topics", "label": "Topics", "old": [], "new": sorted(topic.pk for topic in topics)}
    ]
    assert results[1]["changes"] == [
        {"field": "speaker", "label": "Speaker", "old": old_speaker.pk, "new": new_speaker.pk},
        {"field": "party", "label": "On behalf of", "old": country("FRA").pk, "new": country("CHN").pk},
    ]


def test_a_page_boundary_does_not_change_what_a_record_changed(api_client):
    statement = StatementFactory(text="One.")
    for text in ("Two.", "Three.", "Four."):
        save(statement, f"To {text}", text=text)

    whole = api_client.get(f"/api/v1/statements/{statement.pk}/history/").json()["results"]
    paged = [
        api_client.get(f"/api/v1/statements/{statement.pk}/history/", {"page": page, "page_size": 1}).json()["results"][
            0
        ]
        for page in range(1, 5)
    ]

    assert paged == whole
    assert [record["changes"][0]["old"] for record in paged] == ["Three.", "Two.", "One.", None]


def test_it_never_gives_a_users_email_or_name_only_the_username(editor_client, corrector):
    statement = StatementFactory()
    save(statement, "Checked", user=corrector, text="Other words.")

    content = editor_client.get(f"/api/v1/statements/{statement.pk}/history/").content.decode()

    assert "corrector@example.org" not in content
    assert "Ana" not in content
    assert '"user":"corrector"' in content


def corrected_statement(user):
    statement = StatementFactory()
    save(statement, "Checked", user=user, text="Other words.")
    return f"/api/v1/statements/{statement.pk}/history/"


def test_anonymous_readers_see_the_role_never_the_user_name(api_client, corrector):
    path = corrected_statement(corrector)

    response = api_client.get(path)

    assert response.status_code == 200
    assert "corrector" not in response.content.decode()
    assert [(record["user"], record["role"]) for record in response.json()["results"]] == [
        (None, "editor"),
        (None, None),
    ]


def test_an_administrators_change_is_shown_as_an_administrators(api_client):
    path = corrected_statement(user_with_role("administrator", "chief"))

    changed = api_client.get(path).json()["results"][0]

    assert (changed["user"], changed["role"]) == (None, "administrator")


@pytest.mark.parametrize("role", ["researcher", None])
def test_signed_in_readers_without_an_editors_role_do_not_see_user_names(corrector, role):
    reader = user_with_role(role, "reader") if role else get_user_model().objects.create_user("reader")
    path = corrected_statement(corrector)

    response = token_client(reader).get(path)

    assert "corrector" not in response.content.decode()
    assert response.json()["results"][0]["role"] == "editor"


@pytest.mark.parametrize("role", ["editor", "administrator"])
def test_editors_and_administrators_see_user_names(corrector, role):
    path = corrected_statement(corrector)

    changed = token_client(user_with_role(role, "colleague")).get(path).json()["results"][0]

    assert (changed["user"], changed["role"]) == ("corrector", "editor")


def test_a_deleted_statements_history_is_still_served(api_client):
    statement = StatementFactory(cite=False)
    pk = statement.pk
    statement._change_reason = "Entered twice"
    statement.delete()

    response = api_client.get(f"/api/v1/statements/{pk}/history/")

    assert response.status_code == 200
    deleted = response.json()["results"][0]
    assert (deleted["type"], deleted["reason"], deleted["changes"]) == ("deleted", "Entered twice", [])


def test_an_object_without_recorded_history_has_an_empty_history(api_client):
    statement = StatementFactory()
    statement.history.all().delete()

    response = api_client.get(f"/api/v1/statements/{statement.pk}/history/")

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["results"] == []


@pytest.mark.parametrize("kind", ["statements", "meetings", "delegates", "sources"])
def test_an_id_never_used_is_a_404(api_client, kind):
    response = api_client.get(f"/api/v1/{kind}/424242/history/")

    assert response.status_code == 404
    assert "has had the id 424242" in response.json()["detail"]


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "99999999999999999999", "²", "%E2%91%A0"])
def test_an_id_that_is_not_a_whole_number_is_a_400(api_client, value):
    response = api_client.get(f"/api/v1/statements/{value}/history/")

    assert response.status_code == 400
    assert response.json() == {"errors": {"id": ["Must be a whole number from 1 to 9223372036854775807."]}}


def test_a_page_past_the_end_is_a_404(api_client):
    statement = StatementFactory()

    assert api_client.get(f"/api/v1/statements/{statement.pk}/history/", {"page": 5}).status_code == 404


def test_a_bad_page_size_is_a_400(api_client):
    statement = StatementFactory()

    response = api_client.get(f"/api/v1/statements/{statement.pk}/history/", {"page_size": 0})

    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def test_a_meetings_history_includes_the_parties_that_requested_it(api_client):
    meeting = MeetingFactory(title="Non-proliferation")
    meeting._change_reason = "Requested by"
    meeting.requested_by.add(country("USA"))
    save(meeting, "Official title", title="Non-proliferation/Democratic People's Republic of Korea")

    results = api_client.get(f"/api/v1/meetings/{meeting.pk}/history/").json()["results"]

    assert [record["reason"] for record in results] == ["Official title", "Requested by", None]
    assert results[0]["changes"] == [
        {
            "field": "title",
            "label": "Title",
            "old": "Non-proliferation",
            "new": "Non-proliferation/Democratic People's Republic of Korea",
        }
    ]
    assert results[1]["changes"] == [
        {"field": "requested_by", "label": "Requested by", "old": [], "new": [country("USA").pk]}
    ]


def test_a_delegates_history(api_client):
    delegate = DelegateFactory(full_name="Vasily Nebenzia")
    save(delegate, "Spelling used by the UN", full_name="Vasily Nebenzya")

    [changed, _] = api_client.get(f"/api/v1/delegates/{delegate.pk}/history/").json()["results"]

    assert changed["changes"] == [
        {"field": "full_name", "label": "Full name", "old": "Vasily Nebenzia", "new": "Vasily Nebenzya"}
    ]


def test_a_sources_history(api_client):
    source = SourceFactory(published_on=None)
    save(source, "Date from the page", published_on=datetime.date(2024, 6, 28))

    [changed, _] = api_client.get(f"/api/v1/sources/{source.pk}/history/").json()["results"]

    assert changed["changes"] == [{"field": "published_on", "label": "Published on", "old": None, "new": "2024-06-28"}]


def test_the_schema_documents_the_four_history_endpoints(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    for kind in ("statements", "meetings", "delegates", "sources"):
        operation = schema["paths"][f"/api/v1/{kind}/{{id}}/history/"]["get"]
        assert operation["operationId"] == f"{kind}_history"
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/PaginatedHistoryRecordList"
        }


@pytest.mark.parametrize("page_size", [1, 20])
def test_it_runs_a_fixed_number_of_queries_whatever_the_page_size(api_client, django_assert_num_queries, page_size):
    statement = StatementFactory(text="Version 0.")
    for number in range(1, 21):
        user = get_user_model().objects.create_user(f"editor{number}")
        save(statement, f"Correction {number}", user=user, text=f"Version {number}.")

    # 1 the count, 2 the page of records with their users, 3 those users' groups (for their
    # roles), 4 the record before the page, 5 and 6 the topics and the joint parties each record saw.
    with django_assert_num_queries(6):
        response = api_client.get(f"/api/v1/statements/{statement.pk}/history/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("path", ["statements", "meetings", "delegates", "sources"])
def test_the_browsable_api_shows_a_history(api_client, path):
    statement = StatementFactory()
    source = statement.sources.first()
    ids = {
        "statements": statement.pk,
        "meetings": statement.meeting_id,
        "delegates": statement.speaker_id,
        "sources": source.pk,
    }
    response = api_client.get(f"/api/v1/{path}/{ids[path]}/history/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]
