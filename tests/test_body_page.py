import pytest

from statements.ops.demo import load_demo
from tests.factories import MeetingFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_it_lists_the_meetings_and_the_seats_of_a_body(client):
    load_demo()
    html = client.get("/bodies/security-council/").content.decode()
    assert "<h1>Security Council</h1>" in html
    assert "13 statements" in html
    assert 'href="/countries/MLT/">Malta</a>: elected member, 2023–2024' in html


def test_it_answers_404_for_an_unknown_body(client):
    assert client.get("/bodies/no-such-body/").status_code == 404


@pytest.mark.parametrize("number", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    for _ in range(number):
        StatementFactory(meeting=MeetingFactory())
    # 1 body, 2 count of meetings, 3 page of meetings with statement counts, 4 who spoke, 5 seats.
    with django_assert_num_queries(5):
        assert client.get("/bodies/security-council/").status_code == 200
