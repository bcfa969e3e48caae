"""statements.records.countries: UN country names to ISO alpha-3 codes."""

import pytest

from statements.records.countries import country_code, party, split_names


@pytest.mark.parametrize(
    "name, code",
    [
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("United Kingdom", "GBR"),
        ("the United Kingdom", "GBR"),
        ("United States of America", "USA"),
        ("United States", "USA"),
        ("the United States", "USA"),
        ("Russian Federation", "RUS"),
        ("the Russian Federation", "RUS"),
        ("Republic of Korea", "KOR"),
        ("Democratic People's Republic of Korea", "PRK"),
        ("Democratic People’s Republic of Korea", "PRK"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Bolivarian Republic of Venezuela", "VEN"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Plurinational State of Bolivia", "BOL"),
        ("Syrian Arab Republic", "SYR"),
        ("the Syrian Arab Republic", "SYR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Côte d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("Democratic Republic of the Congo", "COD"),
        ("Congo", "COG"),
        ("United Republic of Tanzania", "TZA"),
        ("Republic of Moldova", "MDA"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Viet Nam", "VNM"),
        ("State of Palestine", "PSE"),
        ("Holy See", "VAT"),
        ("Algeria", "DZA"),
        ("Bosnia and Herzegovina", "BIH"),
        ("Union of Soviet Socialist Republics", "SUN"),
        ("Libyan Arab Republic", "LBY"),
    ],
)
def test_it_knows_the_un_names(name, code):
    assert country_code(name) == code
    assert party(name) == code


def test_kosovo_and_organisations_keep_their_name():
    assert country_code("Kosovo") is None
    assert party("Kosovo") == "Kosovo"
    assert party("the European Union") == "European Union"


def test_an_unknown_country_is_empty():
    assert country_code("Atlantis") is None
    assert party("Atlantis") == ""


def test_it_splits_lists_without_breaking_names_that_contain_and():
    assert [party(name) for name in split_names(
        "Japan, the Republic of Korea, Bosnia and Herzegovina and United Kingdom of Great Britain and Northern Ireland"
    )] == ["JPN", "KOR", "BIH", "GBR"]  # fmt: skip
    assert [party(name) for name in split_names("Iran (Islamic Republic of), Trinidad and Tobago and Ukraine")] == [
        "IRN",
        "TTO",
        "UKR",
    ]
