import pytest

from statements.ops.demo import load_demo
from tests.factories import StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_it_lists_the_statements_on_a_topic(client):
    load_demo()
    response = client.get("/topics/arms-embargo/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Arms embargo</h1>" in html
    assert response.context["page"].paginator.count == 3
    assert 'href="/feeds/topics/arms-embargo/"' in html


def test_the_topics_list_counts_statements(client):
    load_demo()
    html = client.get("/topics/").content.decode()
    assert 'href="/topics/arms-embargo/">Arms embargo</a> <span class="count">· 3 statements</span>' in html


def test_it_answers_404_for_an_unknown_topic(client):
    assert client.get("/topics/no-such-topic/").status_code == 404


@pytest.mark.parametrize("number", [2, 20])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    topic = TopicFactory(slug="sanctions")
    for _ in range(number):
        StatementFactory().topics.add(topic)
    # 1 topic, 2 count, 3 page of statements, 4 what lies around them (statements.rows).
    with django_assert_num_queries(4):
        assert client.get("/topics/sanctions/").status_code == 200


@pytest.mark.parametrize("number", [2, 20])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    for _ in range(number):
        TopicFactory()
    # 1 the data version, 2 each topic's number of statements, 3 the topics.
    with django_assert_num_queries(3):
        assert client.get("/topics/").status_code == 200
    # The counts kept under the data version: 1 the version, 2 the topics.
    with django_assert_num_queries(2):
        assert client.get("/topics/").status_code == 200


def test_the_topics_list_follows_each_change_at_once(client):
    topic = TopicFactory(name="Sanctions")
    assert 'Sanctions</a> <span class="count">· 0 statements</span>' in client.get("/topics/").content.decode()
    StatementFactory().topics.add(topic)
    assert 'Sanctions</a> <span class="count">· 1 statement</span>' in client.get("/topics/").content.decode()
