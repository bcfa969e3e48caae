"""`manage.py load_demo`: loads the demo meeting once and says what it did."""

import io

import pytest
from django.core.management import call_command

from statements.models import Meeting, Statement

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue().strip()


def test_it_loads_the_demo_meeting_and_lists_what_it_created():
    assert load_demo() == (
        "Demo data loaded: 13 statements, 4 delegates, 15 seats, 2 sources, 6 topics, 1 meeting created."
    )
    assert Meeting.objects.get().press_release == "SC/15755"
    assert Statement.objects.count() == 13


def test_a_second_run_says_that_nothing_changed():
    load_demo()

    assert load_demo() == "Demo data already loaded; nothing changed."
    assert Meeting.objects.count() == 1
    assert Statement.objects.count() == 13


def test_a_run_after_a_deletion_recreates_only_what_is_missing():
    load_demo()
    Statement.objects.filter(text="completely false.").delete()

    assert load_demo() == "Demo data loaded: 1 statement created."
