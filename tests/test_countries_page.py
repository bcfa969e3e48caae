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
def test_it_runs_four_queries(client, django_assert_num_queries, number):
    for code in ["FRA", "USA", "GBR", "CHN", "RUS", "JPN", "KOR", "BRA", "IND", "ZAF"][:number]:
        StatementFactory(party=country(code))
    # 1 statements per party, 2 joint statements per further party, 3 statements mentioning each
    # party, 4 the parties counted.
    with django_assert_num_queries(4):
        assert client.get("/countries/").status_code == 200
