"""`manage.py grant_role USERNAME editor|administrator|researcher`: gives a user a role, or says in one line why not."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import execute_from_command_line
from django.db import connections

from statements.roles import is_administrator, is_editor, is_researcher

pytestmark = pytest.mark.django_db


def run(*args):
    """Runs the command as the shell does, so that the exit status and stderr are as a user sees them.

    The shell's path closes every database connection at the end, which would end the test's
    transaction on PostgreSQL; here the connection stays open.
    """
    try:
        with mock.patch.object(connections, "close_all"):
            execute_from_command_line(["manage.py", "grant_role", *args])
    except SystemExit as stopped:
        return stopped.code
    return 0


def test_it_makes_a_user_an_editor(capsys):
    User.objects.create_user("alice")

    assert run("alice", "editor") == 0

    alice = User.objects.get(username="alice")
    assert (is_editor(alice), is_administrator(alice), alice.is_staff) == (True, False, True)
    assert capsys.readouterr().out == "alice now has the editor role.\n"


def test_it_makes_a_user_an_administrator(capsys):
    User.objects.create_user("bob")

    assert run("bob", "administrator") == 0

    assert is_administrator(User.objects.get(username="bob"))


def test_it_makes_a_user_a_researcher_who_stays_out_of_the_admin(capsys):
    User.objects.create_user("carol")

    assert run("carol", "researcher") == 0

    carol = User.objects.get(username="carol")
    assert (is_researcher(carol), is_editor(carol), carol.is_staff) == (True, False, False)
    assert capsys.readouterr().out == "carol now has the researcher role.\n"


def test_granting_the_researcher_role_twice_makes_one_group():
    User.objects.create_user("carol")
    User.objects.create_user("dave")

    assert run("carol", "researcher") == 0
    assert run("dave", "researcher") == 0
    assert run("dave", "researcher") == 0

    assert list(
        Group.objects.filter(name="researchers").values_list("user__username", flat=True).order_by("user__username")
    ) == [
        "carol",
        "dave",
    ]


def test_granting_a_role_twice_changes_nothing_more():
    User.objects.create_user("alice")

    assert run("alice", "editor") == 0
    assert run("alice", "editor") == 0

    assert list(User.objects.get(username="alice").groups.values_list("name", flat=True)) == ["editors"]


def test_an_unknown_user_is_one_line_and_a_failure(capsys):
    assert run("nobody", "editor") == 1

    assert capsys.readouterr().err == "CommandError: No user is called 'nobody'.\n"


def test_an_unknown_role_is_one_line_and_a_failure(capsys):
    User.objects.create_user("alice")

    assert run("alice", "owner") == 1

    assert (
        capsys.readouterr().err
        == "CommandError: Unknown role 'owner'; choose one of: editor, administrator, researcher.\n"
    )
    assert not User.objects.get(username="alice").is_staff
