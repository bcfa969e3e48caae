"""The licences of the data and of the code, and how to cite the dataset.

One place for the names and addresses, so that the API root, the exports' `Link` header, the
published releases and the README say the same thing. The texts themselves are `LICENSE`
(the code) and `DATA-LICENSE.md` (the data) at the top of the repository.
"""

import datetime

DATASET_NAME = "Diplomatic statements"

# The database's own work — its structure, the links between statements, speakers, parties,
# meetings and sources, the annotations (mentions, relations, topics, roles) and the editors'
# summaries — is offered under CC BY 4.0: anyone may reuse it, commercially too, with credit.
# What it quotes is not ours to license: a quote is the speaker's words, an article its
# publisher's. They are cited (source, position) under the rules on quotation, not relicensed.
DATA_LICENCE = {
    "name": "Creative Commons Attribution 4.0 International",
    "id": "CC-BY-4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "file": "DATA-LICENSE.md",
    "covers": (
        "the database's own work: its structure, the links between statements, speakers, parties, "
        "meetings and sources, the annotations (mentions, relations, topics, roles) and the summaries"
    ),
    "excludes": (
        "the words quoted, which are the speakers', and the articles and records cited, which are "
        "their publishers': they are cited, not relicensed"
    ),
}

# Permissive, like every runtime requirement (BSD, MIT, LGPL libraries used unmodified, MPL/MIT
# tqdm); pdfminer.six is MIT, and PyMuPDF (AGPL) was left out so that this stays true.
CODE_LICENCE = {
    "name": "MIT License",
    "id": "MIT",
    "url": "https://opensource.org/license/mit",
    "file": "LICENSE",
}

# A `Link` header (RFC 8288; `license` is a registered relation) that every export carries, so that
# a file saved from the API says under which terms it may be reused.
LICENCE_LINK = f'<{DATA_LICENCE["url"]}>; rel="license"'


def citation(version, accessed=None, url=None):
    """How to cite the dataset at `version` (text, e.g. the date of its last change).

    `accessed` is a date (today when None) and `url` where it was read (left out when None).
    Pure: no query.
    """
    accessed = accessed or datetime.date.today()
    parts = [f"{DATASET_NAME} (dataset), version {version}"]
    if url:
        parts.append(url)
    parts.append(f"Licensed {DATA_LICENCE['id']} ({DATA_LICENCE['url']})")
    parts.append(f"Accessed {accessed.isoformat()}")
    return ". ".join(parts) + "."
