"""Deleted stays deleted: the admin's history "revert" form restores a deleted record only for an
administrator, with a reason kept in the history (statements/admin.py, ReasonAdmin.history_form_view)."""

import pytest

from statements.models import Statement
from tests.factories import StatementFactory, administrator_user

pytestmark = pytest.mark.django_db

DELETED_BECAUSE = "A duplicate of another statement"


@pytest.fixture
def deleted_statement(client):
    """A statement an administrator deleted in the admin, with a reason; its last version's id."""
    statement = StatementFactory(text="We reject these claims.")
    client.force_login(administrator_user("remover"))
    response = client.post(
        f"/admin/statements/statement/{statement.pk}/delete/", {"post": "yes", "change_reason": DELETED_BECAUSE}
    )
    assert response.status_code == 302
    client.logout()
    assert not Statement.objects.filter(pk=statement.pk).exists()
    return statement.pk, Statement.history.filter(id=statement.pk, history_type="+").get()


def revert_url(pk, record):
    return f"/admin/statements/statement/{pk}/history/{record.history_id}/"


def form_data(response, **changes):
    """What the revert form posts back: the old version's values, and `changes`."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    return {**data, **changes}


def test_an_editor_cannot_restore_a_deleted_statement_through_the_admins_revert_form(
    client, admin_client, editor, deleted_statement
):
    pk, record = deleted_statement
    data = form_data(admin_client.get(revert_url(pk, record)), change_reason="Bring it back")
    client.force_login(editor)

    response = client.post(revert_url(pk, record), data)

    assert response.status_code == 403
    assert not Statement.objects.filter(pk=pk).exists()
    assert Statement.history.filter(id=pk).latest("history_id").history_type == "-"


def test_the_revert_form_offers_an_editor_no_revert_button_for_a_deleted_statement(client, editor, deleted_statement):
    pk, record = deleted_statement
    client.force_login(editor)

    response = client.get(revert_url(pk, record))

    assert response.status_code == 200
    assert response.context["revert_disabled"] is True


def test_an_administrator_restores_a_deleted_statement_with_a_reason_that_the_history_keeps(
    client, deleted_statement
):
    pk, record = deleted_statement
    client.force_login(administrator_user("restorer"))
    page = client.get(revert_url(pk, record))
    assert page.context["revert_disabled"] is False

    without_reason = client.post(revert_url(pk, record), form_data(page, change_reason=""))
    assert without_reason.status_code == 200  # The form again, with its error.
    assert not Statement.objects.filter(pk=pk).exists()

    response = client.post(revert_url(pk, record), form_data(page, change_reason="Deleted by mistake"))

    assert response.status_code == 302
    assert Statement.objects.get(pk=pk).text == "We reject these claims."
    restored = Statement.history.filter(id=pk).latest("history_id")
    assert (restored.history_user.username, restored.history_change_reason) == ("restorer", "Deleted by mistake")
