"""The list of countries, from the ISO 3166 data that pycountry maintains.

UN status comes from `data/un_status.json`, which names its source. Used by a data migration
(with the historical model) and by the `load_countries` command, so it takes the model class.
"""

import json
from pathlib import Path

import pycountry

DATA = Path(__file__).resolve().parent / "data" / "un_status.json"


def iso_name(country):
    """ISO writes some names inverted ("Korea, Republic of"); UN usage puts them in reading order.

    Only a trailing form of government ("…, Republic of") or a one-word qualifier ("Virgin
    Islands, British") is inverted; elsewhere the comma separates parts of a list
    ("Bonaire, Sint Eustatius and Saba") and the name stays as it is.
    """
    name = country.name
    if ", " in name:
        main, qualifier = name.split(", ", 1)
        if qualifier.endswith((" of", " of the")) or " " not in qualifier:
            qualifier = qualifier.removeprefix("The ")
            name = f"{qualifier} {main}"
    return name


def country_rows():
    """Yield one dict of Party fields per ISO 3166-1 country."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    members = set(data["member_states"])
    observers = set(data["observer_states"])
    for country in pycountry.countries:
        code = country.alpha_3
        if code in members:
            status = "member"
        elif code in observers:
            status = "observer"
        else:
            status = "none"
        name = data["names"].get(code) or iso_name(country)
        short_name = data["short_names"].get(code) or getattr(country, "common_name", None) or name
        yield {"code": code, "iso2": country.alpha_2, "name": name, "short_name": short_name, "un_status": status}


def sync_countries(party_model):
    """Create or update a Party of kind "state" for every ISO country. Returns (created, updated).

    Runs one query per country; there are about 250.
    """
    created = updated = 0
    for row in country_rows():
        code = row.pop("code")
        _, was_created = party_model.objects.update_or_create(code=code, defaults={"kind": "state", **row})
        if was_created:
            created += 1
        else:
            updated += 1
    return created, updated
