"""The countries: loaded by a migration from ISO 3166, refreshed by `manage.py load_countries`."""

import io

import pycountry
import pytest
from django.core.management import call_command

from statements.countries import iso_name
from statements.models import Country, Party, UNStatus

pytestmark = pytest.mark.django_db


def test_the_migration_loads_every_iso_country():
    assert Country.objects.count() == 249
    assert Party.objects.filter(kind=Party.Kind.STATE).count() == 249


def test_the_migration_marks_the_193_member_states():
    assert Country.objects.filter(un_status=UNStatus.MEMBER).count() == 193


def test_the_migration_marks_the_two_observer_states():
    observers = Country.objects.filter(un_status=UNStatus.OBSERVER).values_list("code", flat=True)

    assert sorted(observers) == ["PSE", "VAT"]


def test_territories_are_not_represented():
    assert Country.objects.get(code="TWN").un_status == UNStatus.NONE
    assert Country.objects.get(code="GUM").un_status == UNStatus.NONE


def test_north_korea_has_its_official_and_its_short_name():
    north_korea = Country.objects.get(code="PRK")

    assert north_korea.name == "Democratic People's Republic of Korea"
    assert north_korea.short_name == "North Korea"
    assert north_korea.iso2 == "KP"
    assert str(north_korea) == "North Korea"


@pytest.mark.parametrize(
    "code, name, short_name",
    [
        ("KOR", "Republic of Korea", "South Korea"),
        ("RUS", "Russian Federation", "Russia"),
        ("GBR", "United Kingdom", "United Kingdom"),
        ("COD", "Democratic Republic of the Congo", "DR Congo"),
        ("IRN", "Islamic Republic of Iran", "Iran"),
        ("VGB", "British Virgin Islands", "British Virgin Islands"),
        ("BES", "Bonaire, Sint Eustatius and Saba", "Bonaire, Sint Eustatius and Saba"),
        ("SHN", "Saint Helena, Ascension and Tristan da Cunha", "Saint Helena, Ascension and Tristan da Cunha"),
    ],
)
def test_names_read_in_the_order_the_un_uses(code, name, short_name):
    country = Country.objects.get(code=code)

    assert (country.name, country.short_name) == (name, short_name)


def test_iso_name_inverts_only_forms_of_government_and_one_word_qualifiers():
    assert iso_name(pycountry.countries.get(alpha_3="MDA")) == "Republic of Moldova"
    assert iso_name(pycountry.countries.get(alpha_3="VIR")) == "U.S. Virgin Islands"
    assert iso_name(pycountry.countries.get(alpha_3="FRA")) == "France"


def test_every_state_has_both_iso_codes():
    assert not Country.objects.filter(iso2="").exists()
    assert all(len(code) == 3 and code.isupper() for code in Country.objects.values_list("code", flat=True))


def test_load_countries_is_idempotent():
    out = io.StringIO()
    call_command("load_countries", stdout=out)

    assert out.getvalue().strip() == "Countries: 0 created, 249 refreshed."
    assert Country.objects.count() == 249


def test_load_countries_restores_a_deleted_country_and_a_changed_name():
    Country.objects.filter(code="VAT").delete()
    Country.objects.filter(code="PRK").update(short_name="DPRK")
    out = io.StringIO()

    call_command("load_countries", stdout=out)

    assert out.getvalue().strip() == "Countries: 1 created, 248 refreshed."
    assert Country.objects.get(code="VAT").un_status == UNStatus.OBSERVER
    assert Country.objects.get(code="PRK").short_name == "North Korea"


def test_load_countries_leaves_organisations_alone():
    Party.objects.create(kind=Party.Kind.ORGANISATION, code="un-secretariat", name="United Nations Secretariat")

    call_command("load_countries", stdout=io.StringIO())

    assert Party.objects.get(code="un-secretariat").kind == Party.Kind.ORGANISATION
    assert Party.objects.count() == 250
