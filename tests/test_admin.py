"""The editors' admin, with the demo meeting loaded."""

import pytest
from django.apps import apps
from django.contrib import admin

from statements.models import Delegate, KeptAround, Meeting, Statement
from statements.ops.demo import load_demo

pytestmark = pytest.mark.django_db

# Every admin page of the app, by its public path, with a search term that finds demo rows.
CHANGELISTS = [
    ("/admin/statements/alias/", "Nebenzia"),
    ("/admin/statements/ballot/", "Russia"),
    ("/admin/statements/body/", "Security"),
    ("/admin/statements/citation/", "false"),
    ("/admin/statements/councilseat/", "Korea"),
    ("/admin/statements/country/", "PRK"),
    ("/admin/statements/delegate/", "Kim Song"),
    ("/admin/statements/draft/", "S/2024"),
    ("/admin/statements/meeting/", "SC/15755"),
    ("/admin/statements/mention/", "false"),
    ("/admin/statements/organisation/", "un"),
    ("/admin/statements/participant/", "Russia"),
    ("/admin/statements/party/", "Korea"),
    ("/admin/statements/position/", "Deputy"),
    ("/admin/statements/recordcheck/", "false"),
    ("/admin/statements/source/", "press.un.org"),
    ("/admin/statements/statement/", "Pyongyang"),
    ("/admin/statements/topic/", "embargo"),
    ("/admin/statements/vote/", "S/2024"),
]
# The demo has no official record (its verbatim record could not be found), so these lists are
# empty there; their searches must still work.
EMPTY_IN_DEMO = ("/organisation/", "/ballot/", "/draft/", "/participant/", "/recordcheck/", "/vote/")
# Read-only lists of administrators alone (the email alerts): tests/test_alerts_privacy.py.
READ_ONLY = ["/admin/statements/subscription/", "/admin/statements/delivery/"]


@pytest.fixture(scope="module")
def demo(module_db, django_db_blocker):
    """The demo meeting, loaded once for the module: its tests only read it (GET requests), and
    module_db rolls it back after the last one."""
    with django_db_blocker.unblock():
        load_demo()


def test_every_model_of_the_app_is_registered():
    # Neither the history's tables nor what the database keeps for the API (no one edits it).
    models = [
        model
        for model in apps.get_app_config("statements").get_models()
        if not model.__name__.startswith("Historical") and model is not KeptAround
    ]

    assert [model.__name__ for model in models if not admin.site.is_registered(model)] == []
    assert len(CHANGELISTS) + len(READ_ONLY) == len(models)


@pytest.mark.parametrize("path, term", CHANGELISTS)
def test_an_editor_can_open_each_changelist(admin_client, demo, path, term):
    assert admin_client.get(path).status_code == 200


@pytest.mark.parametrize("path, term", CHANGELISTS)
def test_an_editor_can_search_each_changelist(admin_client, demo, path, term):
    response = admin_client.get(path, {"q": term})

    assert response.status_code == 200
    if not path.endswith(EMPTY_IN_DEMO):
        assert response.context["cl"].result_count >= 1, path


@pytest.mark.parametrize("path, term", CHANGELISTS)
def test_an_editor_can_open_each_add_page(admin_client, demo, path, term):
    assert admin_client.get(f"{path}add/").status_code == 200


def test_the_meeting_page_lists_its_statements_inline(admin_client, demo):
    meeting = Meeting.objects.get()

    response = admin_client.get(f"/admin/statements/meeting/{meeting.pk}/change/")

    assert response.status_code == 200
    count = meeting.statements.count()
    formsets = {inline.formset.prefix: inline.formset for inline in response.context["inline_admin_formsets"]}
    assert formsets["statements"].total_form_count() == count
    content = response.content.decode()
    assert f'name="statements-TOTAL_FORMS" value="{count}"' in content
    assert "completely false." in content


def test_the_delegate_page_lists_positions_and_aliases_inline(admin_client, demo):
    nebenzya = Delegate.objects.get(full_name="Vasily Nebenzya")

    response = admin_client.get(f"/admin/statements/delegate/{nebenzya.pk}/change/")

    assert response.status_code == 200
    content = response.content.decode()
    # One blank extra form each, after the rows that exist.
    assert 'name="aliases-TOTAL_FORMS" value="3"' in content
    assert 'name="positions-TOTAL_FORMS" value="2"' in content
    assert "Vasily Nebenzia" in content
    assert 'value="Ambassador to the UN"' in content


def test_the_statement_page_lists_citations_and_mentions_inline(admin_client, demo):
    quote = Statement.objects.get(text="completely false.")

    response = admin_client.get(f"/admin/statements/statement/{quote.pk}/change/")

    content = response.content.decode()
    assert 'name="citations-TOTAL_FORMS" value="2"' in content
    assert 'name="mentions-TOTAL_FORMS" value="4"' in content


def test_the_statement_history_page_opens(admin_client, demo):
    quote = Statement.objects.get(text="completely false.")

    response = admin_client.get(f"/admin/statements/statement/{quote.pk}/history/")

    assert response.status_code == 200


def test_the_autocomplete_finds_a_statement_to_reply_to(admin_client, demo):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "statements", "model_name": "statement", "field_name": "reply_to", "term": "completely"},
    )

    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == str(Statement.objects.get(text="completely false.").pk)
    assert result["text"] == "Vasily Nebenzya (Russia): “completely false.”"


def test_the_autocomplete_finds_a_country_for_a_seat(admin_client, demo):
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "statements", "model_name": "councilseat", "field_name": "country", "term": "North Korea"},
    )

    assert [result["text"] for result in response.json()["results"]] == ["North Korea"]


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/statements/statement/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/statements/statement/"


def test_the_anonymous_autocomplete_is_refused(client, demo):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "statements", "model_name": "statement", "field_name": "reply_to", "term": "false"},
    )

    assert response.status_code == 302


def test_the_statement_changelist_runs_a_fixed_number_of_queries(admin_client, demo, django_assert_num_queries):
    # Session and user (2); choices of the topic and body filters (2); count of all and of filtered
    # statements (2); the page of statements with speaker, party and meeting body joined (1); the date
    # hierarchy's range and days (2); the languages for the language and spoken-language filters (2).
    # Nothing per row.
    with django_assert_num_queries(11):
        response = admin_client.get("/admin/statements/statement/")

    assert response.context["cl"].result_count == 13
