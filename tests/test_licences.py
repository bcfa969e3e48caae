"""The licences: MIT for the code, CC BY 4.0 for the database's own work, said in the files, the
exports and the citation; and no runtime requirement whose licence the code's would break."""

import datetime
import re
from importlib.metadata import metadata

import pytest
from django.conf import settings

from statements import licences
from tests.factories import MentionFactory

# Licences that let the code be MIT: permissive ones, and the weak copyleft of libraries used
# unmodified (LGPL: psycopg2, pycountry; MPL: tqdm). GPL and AGPL would not.
COMPATIBLE = re.compile(r"BSD|MIT|Apache|ISC|PSF|Python Software|MPL|Mozilla|LGPL|Lesser General Public")
INCOMPATIBLE = re.compile(r"(?<![L])A?GPL|Affero|(?<!Lesser )(?<!Library or Lesser )General Public License")


def requirement_names():
    for line in (settings.BASE_DIR / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield re.split(r"[<>=!~\[ ;]", line)[0]


def declared_licence(name):
    """What an installed distribution says its licence is: expression, field and classifiers."""
    meta = metadata(name)
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return " ".join(filter(None, [meta.get("License-Expression"), meta.get("License"), *classifiers]))


@pytest.mark.parametrize("name", list(requirement_names()))
def test_every_runtime_requirement_has_a_licence_the_code_licence_can_live_with(name):
    licence = declared_licence(name)
    assert COMPATIBLE.search(licence), f"{name}: {licence!r}"
    assert not INCOMPATIBLE.search(licence), f"{name}: {licence!r}"


def test_the_check_refuses_gpl_and_agpl():
    assert INCOMPATIBLE.search("GNU Affero General Public License v3")
    assert INCOMPATIBLE.search("AGPL-3.0-or-later")
    assert INCOMPATIBLE.search("License :: OSI Approved :: GNU General Public License v3 (GPLv3)")
    assert not INCOMPATIBLE.search("License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)")
    assert not INCOMPATIBLE.search("LGPL-2.1-only")


def test_the_licence_files_are_at_the_top_of_the_repository():
    code = (settings.BASE_DIR / licences.CODE_LICENCE["file"]).read_text()
    data = (settings.BASE_DIR / licences.DATA_LICENCE["file"]).read_text()

    assert code.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in code
    assert licences.DATA_LICENCE["url"] in data
    assert "Creative Commons Attribution 4.0 International" in data
    # Honest about what is not the database's to license.
    assert "A quote is the speaker's words" in data
    assert "belong to their publishers" in data


def test_the_citation_names_the_dataset_version_address_licence_and_date_of_access():
    text = licences.citation(
        "2024-06-28T10:00:00Z", accessed=datetime.date(2024, 7, 1), url="https://example.org/api/v1/"
    )

    assert text == (
        "Diplomatic statements (dataset), version 2024-06-28T10:00:00Z. https://example.org/api/v1/. "
        "Licensed CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/). Accessed 2024-07-01."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["statements", "mentions", "meetings", "countries"])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_export_links_to_the_data_licence(client, path, fmt):
    MentionFactory()

    response = client.get(f"/api/v1/{path}/", {"format": fmt})

    assert response.status_code == 200
    assert response.streaming
    assert response["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
