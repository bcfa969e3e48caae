"""One source per pasted article: Source.fingerprint, its migration, and two editors saving at once.

The reproduction of issue 13: two editors saved the same pasted article (no URL) at the same
moment, and both imports created the source: 2 sources and 4 citations, in 10 rounds of 10.
"""

import importlib
import threading
from functools import partial

import pytest
from django.apps import apps
from django.test import Client

from statements.editor import importing
from statements.models import Citation, Source, Statement
from tests.factories import SourceFactory, editor_user
from tests.test_concurrent_writes import at_once

ARTICLE = (
    'Russian Ambassador Vasily Nebenzya called the claims "completely false." '
    'Deputy U.S. Ambassador Robert Wood said: "We will defend our security."'
)
QUOTES = ["completely false.", "We will defend our security."]
ROUNDS = 5

migration = importlib.import_module("statements.migrations.0013_source_fingerprint")


@pytest.mark.django_db
def test_the_migration_fingerprints_each_pasted_text_once_and_leaves_duplicates_without_one():
    first = SourceFactory(url="", text="The same  article.")
    duplicate = SourceFactory(url="", text="The same article.\n")
    other = SourceFactory(url="", text="Another article.")
    with_url = SourceFactory(url="https://news.example.org/a", text="The same article.")
    without_text = SourceFactory(url="", text="")
    Source.objects.update(fingerprint="")

    migration.fingerprint_pasted_sources(apps, None)

    fingerprints = dict(Source.objects.values_list("pk", "fingerprint"))
    assert fingerprints == {
        first.pk: Source.fingerprint_of("The same article."),
        duplicate.pk: "",
        other.pk: Source.fingerprint_of("Another article."),
        with_url.pk: "",
        without_text.pk: "",
    }


def test_the_migration_computes_the_fingerprint_as_the_model_does():
    for text in ["The same  article.", "Ünïcode\u00a0spaces\tand\r\nlines ", "\ud800 a lone surrogate"]:
        assert migration.fingerprint_of(text) == Source.fingerprint_of(text)


def review_post(text):
    """What the review page posts to save `text` as a pasted article with both quotes chosen."""
    data = {
        "text": text,
        "url": "",
        "publisher": "Example News",
        "title": "Russia rejects claims",
        "published_on": "2024-06-28",
        "source_kind": "news",
        "form-TOTAL_FORMS": str(len(QUOTES)),
        "form-INITIAL_FORMS": "0",
    }
    for number, quote in enumerate(QUOTES):
        start = text.index(quote)
        data |= {
            f"form-{number}-include": "on",
            f"form-{number}-start": str(start),
            f"form-{number}-end": str(start + len(quote)),
            f"form-{number}-kind": "direct",
            f"form-{number}-speaker": "",
            f"form-{number}-new_delegate": "",
            f"form-{number}-country": "",
            f"form-{number}-title": "",
        }
    return data


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_rows")
def test_two_editors_saving_the_same_pasted_article_at_once_create_it_once_and_the_second_is_told(monkeypatch):
    editors = []
    for name in ("alice", "bob"):
        client = Client()
        client.force_login(editor_user(username=name))
        editors.append(client)
    # Each import looks for the source, then waits here until the other has looked too: both
    # find none, as when two editors press Save at the same moment, and both go on to create it.
    # Only a thread's first look waits; the loser looks again to name the winner.
    both_looked = threading.Barrier(2, timeout=30)
    looked = threading.local()
    find_source = importing.find_source

    def find_then_wait(url, text):
        found = find_source(url, text)
        if not getattr(looked, "once", False):
            looked.once = True
            both_looked.wait()
        return found

    monkeypatch.setattr(importing, "find_source", find_then_wait)

    for round_ in range(1, ROUNDS + 1):
        text = f"Round {round_}. {ARTICLE}"

        responses = at_once(*(partial(client.post, "/editor/import/save/", review_post(text)) for client in editors))
        both_looked.reset()

        sources = Source.objects.filter(text=text)
        assert sources.count() == 1, f"round {round_}"
        source = sources.get()
        assert Citation.objects.filter(source=source).count() == len(QUOTES)
        assert Statement.objects.filter(citations__source=source).count() == len(QUOTES)
        saved, told = sorted(responses, key=lambda response: response.status_code)
        assert saved.status_code == 302
        assert told.status_code == 409
        assert f"Another editor saved this article a moment ago, as source {source.pk}" in told.content.decode()
        # The review is shown again against that source, with every quote marked as already there.
        assert all(row["duplicate"] is not None for row in told.context["rows"])
