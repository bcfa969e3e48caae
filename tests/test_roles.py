"""Every write path for every role: the admin, the editors' screens and the API.

The roles: anonymous, a signed-in user without a role, a bare staff user (let into the admin but
in no group), a researcher (reads faster, writes nothing), an editor and an administrator. Each
write is prepared with data that succeeds for a role allowed to make it, so that a refusal is the
role's doing and not the data's; a refused write must leave every table as it was.
"""

import importlib
import json

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.forms import CheckboxInput, MultiWidget
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from statements.api.urls import router
from statements.editor import urls as editor_urls
from statements.models import Statement
from statements.roles import UnknownRole, grant_role, is_administrator, is_editor, is_researcher
from tests.api_support import token_client
from tests.factories import (
    BallotFactory,
    BodyFactory,
    DelegateFactory,
    DraftFactory,
    MeetingFactory,
    ParticipantFactory,
    PositionFactory,
    RecordCheckFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    VoteFactory,
    country,
    user_with_role,
)
from tests.test_import_editor import paste, review_data
from tests.test_record_editor import paste as paste_record
from tests.test_record_editor import save as save_record

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "user", "staff", "researcher", "editor", "administrator"]

# What a request ends in: sent to the admin's login page, refused (403), or carried out.
LOGIN, DENIED, DONE = "login", "denied", "done"

REASON = "Checking who may change the archive."


def make_user(role):
    if role == "anonymous":
        return None
    if role == "user":
        return User.objects.create_user("reader")
    if role == "staff":
        return User.objects.create_user("staff", is_staff=True)
    return user_with_role(role)


def signed_in(client, role):
    user = make_user(role)
    if user is not None:
        client.force_login(user)
    return user


def database_state():
    """Every row of the archive and its history, and every account, group membership and token."""
    models = [model for model in apps.get_app_config("statements").get_models() if not model._meta.proxy]
    models += [
        User,
        User.groups.through,
        User.user_permissions.through,
        Group,
        Group.permissions.through,
        Token,
    ]
    return {model._meta.label: list(model._base_manager.order_by("pk").values()) for model in models}


def form_data(form):
    """What the browser sends back for a rendered form left as it is."""
    data = {}
    for field in form:
        value = field.value()
        widget = field.field.widget
        if isinstance(widget, MultiWidget):
            # A date and a time in two inputs, for instance.
            for suffix, part in zip(widget.widgets_names, widget.decompress(value), strict=True):
                data[field.html_name + suffix] = "" if part is None else str(part)
        elif isinstance(widget, CheckboxInput):
            if value:
                data[field.html_name] = "on"
        elif value is None:
            data[field.html_name] = ""
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(item) for item in value]
        elif hasattr(value, "isoformat"):
            data[field.html_name] = value.isoformat()
        else:
            data[field.html_name] = str(value)
    return data


def inline_data(response):
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_data(form))
    return data


def assert_outcome(response, expected, before):
    """The response matches the expected outcome, and a refusal changed nothing in the database."""
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/?next=")
    elif expected == DENIED:
        assert response.status_code == 403
    if expected != DONE:
        assert database_state() == before


# --- The admin -------------------------------------------------------------------------------

# The admin pages of the models whose changes the history keeps, each with a factory of a bare record.
ADMIN_MODELS = {
    "/admin/statements/ballot/": BallotFactory,
    "/admin/statements/delegate/": DelegateFactory,
    "/admin/statements/draft/": DraftFactory,
    "/admin/statements/meeting/": MeetingFactory,
    "/admin/statements/participant/": ParticipantFactory,
    "/admin/statements/position/": PositionFactory,
    "/admin/statements/recordcheck/": RecordCheckFactory,
    "/admin/statements/source/": SourceFactory,
    "/admin/statements/statement/": StatementFactory,
    "/admin/statements/vote/": VoteFactory,
}

ADMIN_OUTCOMES = {
    "anonymous": {"add": LOGIN, "change": LOGIN, "delete": LOGIN},
    "user": {"add": LOGIN, "change": LOGIN, "delete": LOGIN},
    "staff": {"add": DENIED, "change": DENIED, "delete": DENIED},
    "researcher": {"add": LOGIN, "change": LOGIN, "delete": LOGIN},
    "editor": {"add": DONE, "change": DONE, "delete": DENIED},
    "administrator": {"add": DONE, "change": DONE, "delete": DONE},
}


def test_the_admin_matrix_covers_every_model_with_history():
    tracked = {
        f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for model in admin.site._registry
        if hasattr(model._meta, "simple_history_manager_attribute")
    }

    assert tracked == set(ADMIN_MODELS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ADMIN_MODELS)
def test_adding_in_the_admin(client, admin_client, role, path):
    # The form of a record as the admin shows it, posted to the add page once the record is gone,
    # so that no unique field clashes.
    record = ADMIN_MODELS[path]()
    data = form_data(admin_client.get(f"{path}{record.pk}/change/").context["adminform"].form)
    data.update(inline_data(admin_client.get(f"{path}add/")))
    data["change_reason"] = REASON
    model = type(record)
    record.delete()
    user = signed_in(client, role)
    before = database_state()

    response = client.post(f"{path}add/", data)

    assert_outcome(response, ADMIN_OUTCOMES[role]["add"], before)
    if ADMIN_OUTCOMES[role]["add"] == DONE:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert model.history.get(history_type="+", history_user=user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ADMIN_MODELS)
def test_changing_in_the_admin(client, admin_client, role, path):
    record = ADMIN_MODELS[path]()
    page = admin_client.get(f"{path}{record.pk}/change/")
    data = {**form_data(page.context["adminform"].form), **inline_data(page), "change_reason": REASON}
    user = signed_in(client, role)
    before = database_state()

    response = client.post(f"{path}{record.pk}/change/", data)

    assert_outcome(response, ADMIN_OUTCOMES[role]["change"], before)
    if ADMIN_OUTCOMES[role]["change"] == DONE:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert record.history.filter(history_type="~", history_user=user).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ADMIN_MODELS)
def test_deleting_in_the_admin(client, role, path):
    record = ADMIN_MODELS[path]()
    signed_in(client, role)
    before = database_state()

    response = client.post(f"{path}{record.pk}/delete/", {"post": "yes", "change_reason": REASON})

    assert_outcome(response, ADMIN_OUTCOMES[role]["delete"], before)
    if ADMIN_OUTCOMES[role]["delete"] == DONE:
        assert response.status_code == 302
        assert not type(record).objects.filter(pk=record.pk).exists()


# Managing accounts, groups and tokens: administrators only. Each is prepared by a superuser's
# client and gives the path and the data to post.


def add_a_user(admin_client):
    return "/admin/auth/user/add/", {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD}


def make_a_user_a_superuser(admin_client):
    path = f"/admin/auth/user/{User.objects.create_user('someone').pk}/change/"
    return path, {**form_data(admin_client.get(path).context["adminform"].form), "is_superuser": "on"}


def let_editors_delete(admin_client):
    path = f"/admin/auth/group/{Group.objects.get(name='editors').pk}/change/"
    everything = Group.objects.get(name="administrators").permissions.values_list("pk", flat=True)
    return path, {"name": "editors", "permissions": [str(pk) for pk in everything]}


def make_an_api_token(admin_client):
    return "/admin/authtoken/tokenproxy/add/", {"user": str(User.objects.create_user("script").pk)}


PASSWORD = "a long pass phrase"
ACCOUNT_WRITES = [add_a_user, make_a_user_a_superuser, let_editors_delete, make_an_api_token]
ACCOUNT_OUTCOMES = {
    "anonymous": LOGIN,
    "user": LOGIN,
    "staff": DENIED,
    "researcher": LOGIN,
    "editor": DENIED,
    "administrator": DONE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", ACCOUNT_WRITES)
def test_managing_accounts_in_the_admin(client, admin_client, role, write):
    path, data = write(admin_client)
    signed_in(client, role)
    before = database_state()

    response = client.post(path, data)

    assert_outcome(response, ACCOUNT_OUTCOMES[role], before)
    if ACCOUNT_OUTCOMES[role] == DONE:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert database_state() != before


# --- The editors' screens ----------------------------------------------------------------------

SCREEN_OUTCOMES = {
    "anonymous": LOGIN,
    "user": DENIED,
    "staff": DENIED,
    "researcher": DENIED,
    "editor": DONE,
    "administrator": DONE,
}


def test_the_screen_matrix_covers_every_editors_screen():
    assert [str(pattern.pattern) for pattern in editor_urls.urlpatterns] == [
        "import/",
        "import/save/",
        "statements/<int:pk>/correct/",
        "records/import/",
        "records/import/save/",
    ]


@pytest.fixture
def nebenzya():
    PositionFactory(delegate__full_name="Vasily Nebenzya", delegate__sort_name="Nebenzya, Vasily", party=country("RUS"))


@pytest.mark.parametrize("role", ROLES)
def test_opening_the_import_page(client, role):
    signed_in(client, role)
    before = database_state()

    response = client.get("/editor/import/")

    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_pasting_an_article(client, nebenzya, role):
    signed_in(client, role)
    before = database_state()

    response = paste(client)

    # Pasting only shows the candidates for review; nothing is saved until the next step.
    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 200
        assert response.context["rows"]
        assert database_state() == before


@pytest.mark.parametrize("role", ROLES)
def test_saving_an_import(client, admin_client, nebenzya, role):
    data = review_data(paste(admin_client))
    signed_in(client, role)
    before = database_state()

    response = client.post("/editor/import/save/", data)

    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 302
        assert Statement.objects.filter(text__startswith="completely false").exists()


@pytest.mark.parametrize("role", ROLES)
def test_opening_the_record_import(client, role):
    signed_in(client, role)
    before = database_state()

    response = client.get("/editor/records/import/")

    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_reviewing_a_record(client, role):
    signed_in(client, role)
    before = database_state()

    response = paste_record(client)

    # The review is a dry run: nothing is saved until the next step.
    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 200
        assert database_state() == before


@pytest.mark.parametrize("role", ROLES)
def test_saving_a_record(client, admin_client, role):
    review = paste_record(admin_client)
    signed_in(client, role)
    before = database_state()

    response = save_record(client, review)

    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 302
        assert Statement.objects.filter(kind="speech").exists()


@pytest.mark.parametrize("role", ROLES)
def test_opening_the_correction_screen(client, role):
    statement = StatementFactory()
    signed_in(client, role)
    before = database_state()

    response = client.get(f"/editor/statements/{statement.pk}/correct/")

    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_correcting_a_statement(client, admin_client, role):
    statement = StatementFactory()
    path = f"/editor/statements/{statement.pk}/correct/"
    data = {**form_data(admin_client.get(path).context["form"]), "text": "We object strongly.", "reason": REASON}
    user = signed_in(client, role)
    before = database_state()

    response = client.post(path, data)

    assert_outcome(response, SCREEN_OUTCOMES[role], before)
    if SCREEN_OUTCOMES[role] == DONE:
        assert response.status_code == 302
        statement.refresh_from_db()
        assert statement.text == "We object strongly."
        assert statement.history.filter(history_user=user, history_change_reason=REASON).exists()


# --- The API ---------------------------------------------------------------------------------


def statement_fields():
    source = SourceFactory(text="The delegate said: we object.")
    return {
        "meeting": MeetingFactory().pk,
        "date": "2024-06-28",
        "speaker": DelegateFactory().pk,
        "party": "RUS",
        "text": "We object.",
        "kind": "direct",
        "citations": [{"source": source.pk, "start": 19, "end": 29}],
    }


def meeting_fields():
    return {"body": BodyFactory().slug, "date": "2024-06-28", "title": "Non-proliferation", "kind": "debate"}


def delegate_fields():
    return {"name": "Amina Diallo", "sort_name": "Diallo, Amina"}


def source_fields():
    return {"kind": "news", "url": "https://news.example.org/roles", "title": "Council meets"}


def topic_fields():
    return {"name": "Arms embargo", "slug": "arms-embargo"}


# (method, path, the record the path names, the data sent), each written for one endpoint. The
# records written to are bare, so that deleting them is not refused for another reason.
API_WRITES = [
    ("POST", "/api/v1/statements/", None, statement_fields),
    # Without a citation: replacing one with another is removing it, which editors may not do.
    ("PUT", "/api/v1/statements/{record.pk}/", lambda: StatementFactory(cite=False), statement_fields),
    ("PATCH", "/api/v1/statements/{record.pk}/", StatementFactory, lambda: {"text": "We object strongly."}),
    ("DELETE", "/api/v1/statements/{record.pk}/", StatementFactory, None),
    ("POST", "/api/v1/meetings/", None, meeting_fields),
    ("PUT", "/api/v1/meetings/{record.pk}/", MeetingFactory, meeting_fields),
    ("PATCH", "/api/v1/meetings/{record.pk}/", MeetingFactory, lambda: {"title": "Threats to peace"}),
    ("DELETE", "/api/v1/meetings/{record.pk}/", MeetingFactory, None),
    ("POST", "/api/v1/delegates/", None, delegate_fields),
    ("PUT", "/api/v1/delegates/{record.pk}/", DelegateFactory, delegate_fields),
    ("PATCH", "/api/v1/delegates/{record.pk}/", DelegateFactory, lambda: {"sort_name": "Number, Delegate"}),
    ("DELETE", "/api/v1/delegates/{record.pk}/", DelegateFactory, None),
    ("POST", "/api/v1/sources/", None, source_fields),
    ("PUT", "/api/v1/sources/{record.pk}/", SourceFactory, source_fields),
    ("PATCH", "/api/v1/sources/{record.pk}/", SourceFactory, lambda: {"title": "Council adjourns"}),
    ("DELETE", "/api/v1/sources/{record.pk}/", SourceFactory, None),
    ("POST", "/api/v1/topics/", None, topic_fields),
    ("PUT", "/api/v1/topics/{record.slug}/", TopicFactory, topic_fields),
    ("PATCH", "/api/v1/topics/{record.slug}/", TopicFactory, lambda: {"name": "Embargoes"}),
    ("DELETE", "/api/v1/topics/{record.slug}/", TopicFactory, None),
]

API_STATUS = {
    "anonymous": {"POST": 401, "PUT": 401, "PATCH": 401, "DELETE": 401},
    "user": {"POST": 403, "PUT": 403, "PATCH": 403, "DELETE": 403},
    "staff": {"POST": 403, "PUT": 403, "PATCH": 403, "DELETE": 403},
    "researcher": {"POST": 403, "PUT": 403, "PATCH": 403, "DELETE": 403},
    "editor": {"POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 403},
    "administrator": {"POST": 201, "PUT": 200, "PATCH": 200, "DELETE": 204},
}


def api_client(role):
    """A client as scripts use the API: with the user's token, or with no credentials at all."""
    user = make_user(role)
    return APIClient() if user is None else token_client(user)


def test_the_api_matrix_covers_every_writable_endpoint():
    methods = {"create": "POST", "update": "PUT", "partial_update": "PATCH", "destroy": "DELETE"}
    writable = {
        (method, f"/api/v1/{prefix}/")
        for prefix, viewset, _ in router.registry
        for action, method in methods.items()
        if hasattr(viewset, action)
    }

    assert {(method, path.split("{")[0]) for method, path, _, _ in API_WRITES} == writable


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method, path, make, fields", API_WRITES, ids=[f"{w[0]} {w[1]}" for w in API_WRITES])
def test_writing_through_the_api(role, method, path, make, fields):
    url = path.format(record=make() if make else None)
    data = fields() if fields else None
    api = api_client(role)
    before = database_state()

    # A PUT says which version it replaces (statements/api/versions.py); reading needs no role.
    version = {"HTTP_IF_MATCH": APIClient().get(url)["ETag"]} if method == "PUT" else {}

    response = api.generic(
        method, url, data=None if data is None else json.dumps(data), content_type="application/json", **version
    )

    assert response.status_code == API_STATUS[role][method], response.content
    if response.status_code < 300:
        assert database_state() != before
    else:
        assert database_state() == before
    if role == "anonymous":
        assert response["WWW-Authenticate"] == "Token"


EXTRACT_STATUS = {"anonymous": 401, "user": 403, "staff": 403, "researcher": 403, "editor": 200, "administrator": 200}


@pytest.mark.parametrize("role", ROLES)
def test_extracting_through_the_api(nebenzya, role):
    api = api_client(role)
    before = database_state()

    response = api.post(
        "/api/v1/extract/", {"text": 'Vasily Nebenzya called the claims "completely false."'}, format="json"
    )

    assert response.status_code == EXTRACT_STATUS[role]
    if response.status_code == 200:
        quotes = [c["quote"] for c in response.json()["candidates"] if c["kind"] == "direct"]
        assert quotes == ["completely false."]
    # The extractor saves nothing, whoever calls it.
    assert database_state() == before


# --- The roles themselves and the migration that makes them --------------------------------------

roles_migration = importlib.import_module("statements.migrations.0008_roles")
record_roles_migration = importlib.import_module("statements.migrations.0010_official_record_roles")
alerts_roles_migration = importlib.import_module("statements.migrations.0015_alerts_roles")


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_editors_may_view_add_and_change_every_record_but_delete_none():
    records = roles_migration.RECORDS + record_roles_migration.RECORDS

    assert codenames("editors") == {
        ("statements", f"{action}_{model}") for model in records for action in ("view", "add", "change")
    }
    # Every model of the app is a record, apart from the history's own, the email alerts' readers
    # and what the database keeps for the API (which has no permissions at all).
    models = apps.get_app_config("statements").get_models()
    assert set(records) == {m._meta.model_name for m in models if not m.__name__.startswith("Historical")} - set(
        alerts_roles_migration.MODELS
    ) - {"keptaround"}
    assert not Permission.objects.filter(content_type__model="keptaround").exists()


def test_administrators_may_do_everything_with_records_and_accounts():
    granted = codenames("administrators")

    for model in [
        *roles_migration.RECORDS,
        *record_roles_migration.RECORDS,
        *alerts_roles_migration.MODELS,
        "historicalstatement",
        "historicalvote",
    ]:
        assert ("statements", f"delete_{model}") in granted
    for app, model in [("auth", "user"), ("auth", "group"), ("authtoken", "token"), ("authtoken", "tokenproxy")]:
        assert {(app, f"{action}_{model}") for action in ("view", "add", "change", "delete")} <= granted


def test_the_migration_undoes_itself_and_makes_missing_permissions():
    before = {name: codenames(name) for name in ("editors", "administrators")}

    roles_migration.delete_groups(apps, None)
    assert not Group.objects.filter(name__in=["editors", "administrators"]).exists()
    # On a fresh database the permissions do not exist yet when the migration runs.
    Permission.objects.filter(content_type__app_label__in=["statements", "authtoken"]).delete()
    roles_migration.create_groups(apps, None)
    record_roles_migration.grant(apps, None)
    alerts_roles_migration.grant(apps, None)

    assert {name: codenames(name) for name in ("editors", "administrators")} == before


@pytest.mark.parametrize(
    "role, editor, administrator, researcher",
    [
        ("user", False, False, False),
        ("staff", False, False, False),
        ("researcher", False, False, True),
        ("editor", True, False, False),
        ("administrator", True, True, False),
    ],
)
def test_who_holds_which_role(role, editor, administrator, researcher):
    user = make_user(role)

    assert (is_editor(user), is_administrator(user), is_researcher(user)) == (editor, administrator, researcher)


def test_a_superuser_is_an_administrator():
    user = User.objects.create_superuser("root")

    assert is_editor(user) and is_administrator(user)


def test_nobody_signed_out_or_inactive_holds_a_role():
    assert not is_editor(AnonymousUser())
    assert not is_editor(user_with_role("administrator", is_active=False))


def test_granting_a_role_lets_the_user_into_the_admin_at_once():
    user = User.objects.create_user("newcomer")
    assert not is_editor(user)

    grant_role(user, "editor")

    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["editors"]
    assert is_editor(user)


def test_granting_an_unknown_role_fails():
    user = User.objects.create_user("newcomer")

    with pytest.raises(UnknownRole):
        grant_role(user, "owner")

    user.refresh_from_db()
    assert not user.is_staff


def test_the_researcher_role_makes_its_group_and_no_admin_access():
    # No migration makes the group: it carries no permission, so grant_role makes it when needed.
    assert not Group.objects.filter(name="researchers").exists()
    user = User.objects.create_user("scholar")

    grant_role(user, "researcher")

    user.refresh_from_db()
    assert not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["researchers"]
    assert not Group.objects.get(name="researchers").permissions.exists()
    assert is_researcher(user) and not is_editor(user)


def test_nobody_signed_out_or_inactive_is_a_researcher():
    assert not is_researcher(AnonymousUser())
    assert not is_researcher(user_with_role("researcher", is_active=False))
