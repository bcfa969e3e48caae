import pytest

from statements.ops.demo import load_demo
from tests.factories import OrganisationFactory, StatementFactory, country

pytestmark = pytest.mark.django_db


def test_it_lists_countries_that_spoke_or_were_mentioned_and_organisations_apart(client):
    load_demo()
    OrganisationFactory(code="un-secretariat", name="UN Secretariat")
    StatementFactory(party=OrganisationFactory(code="eu", name="European Union"))

    response = client.get("/countries/")

    codes = [party.code for party in response.context["states"]]
    assert "RUS" in codes and "JPN" in codes
    assert "BRA" not in codes
    assert [party.code for party in response.context["organisations"]] == ["eu"]
    html = response.content.decode()
    assert 'href="/countries/RUS/">Russia</a>' in html
    assert 'href="/organisations/eu/">European Union</a>' in html


@pytest.mark.parametrize("number", [1, 10])
def test_it_runs_a_fixed_number_of_queries(client, django_assert_num_queries, number):
    for code in ["FRA", "USA", "GBR", "CHN", "RUS", "JPN", "KOR", "BRA", "IND", "ZAF"][:number]:
        StatementFactory(party=country(code))
    # 1 the data version, 2 statements per party, 3 joint statements per further party,
    # 4 statements mentioning each party, 5 the parties counted.
    with django_assert_num_queries(5):
        assert client.get("/countries/").status_code == 200
    # The counts kept under the data version: 1 the version, 2 the parties.
    with django_assert_num_queries(2):
        assert client.get("/countries/").status_code == 200


def test_its_counts_follow_each_change_at_once(client):
    StatementFactory(party=country("FRA"))
    assert "· 1 statement, mentioned in 0" in client.get("/countries/").content.decode()
    StatementFactory(party=country("FRA")).mentions.create(party=country("FRA"), relation="mentions")
    assert "· 2 statements, mentioned in 1" in client.get("/countries/").content.decode()
