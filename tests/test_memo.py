"""Values read once per request, and values a worker keeps under the data version (statements/memo.py)."""

import pytest
from django.core.cache import cache

from statements import facets, memo
from statements.models import Statement
from statements.querylang import names
from tests.factories import StatementFactory, country


def keys_read(monkeypatch, module):
    """The keys `module` reads from the shared cache from now on, in order."""
    reads = []
    real_get = cache.get

    def counted_get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(module.cache, "get", counted_get)
    return reads


def test_once_computes_once_in_a_scope_and_every_time_outside_one():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert memo.once("k", compute) == 1
    assert memo.once("k", compute) == 2
    with memo.request_scope():
        assert memo.once("k", compute) == 3
        assert memo.once("k", compute) == 3
        assert memo.known("k") == 3
        with memo.request_scope():
            # A nested scope is the same request.
            assert memo.once("k", compute) == 3
        assert memo.once("other", compute) == 4
    assert memo.known("k") is None
    assert memo.once("k", compute) == 5


def test_once_keeps_no_exception():
    def broken():
        raise ValueError("no")

    with memo.request_scope():
        with pytest.raises(ValueError):
            memo.once("k", broken)
        assert memo.once("k", lambda: 7) == 7


def test_the_worker_cache_forgets_the_oldest_and_the_expired(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: now[0])
    kept = memo.WorkerCache(size=2, seconds=10)
    kept.set("a", 1)
    kept.set("b", 2)
    assert kept.get("a") == 1  # now the most recent
    kept.set("c", 3)
    assert (kept.get("a"), kept.get("b"), kept.get("c")) == (1, None, 3)
    now[0] = 109.9
    assert kept.get("a") == 1
    now[0] = 110.0
    assert kept.get("a") is None
    assert kept.get("missing") is None


def test_another_cache_backend_starts_the_worker_cache_empty(settings):
    memo.worker_cache.set("k", 1)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "x"}}
    assert memo.worker_cache.get("k") is None


@pytest.mark.django_db
def test_a_reading_request_asks_for_the_data_version_once(client, monkeypatch):
    marks = []
    real = facets.change_marks

    def counted(using="default"):
        marks.append(using)
        return real(using)

    monkeypatch.setattr(facets, "change_marks", counted)
    StatementFactory(party=country("RUS"))
    # The list's count and the country filter's parties both key on it.
    assert client.get("/api/v1/statements/?country=RUS").status_code == 200
    assert len(marks) == 1


@pytest.mark.django_db
def test_a_write_sees_the_version_move_within_its_request():
    with memo.request_scope():
        before = facets.data_version()
        StatementFactory()
        # In a reading request's scope the version stays as first read ...
        assert facets.data_version() == before
    # ... a write has no scope, so it reads what it wrote.
    moved = facets.data_version()
    StatementFactory()
    assert facets.data_version() != moved


@pytest.mark.django_db
def test_the_country_filter_sees_a_new_joint_statement_at_once(api_client):
    russia, china = country("RUS"), country("CHN")
    alone = StatementFactory(party=china)
    url = "/api/v1/statements/?country=RUS"
    assert api_client.get(url).json()["count"] == 0
    # Asked again: the parties come from the worker, under the same version.
    assert api_client.get(url).json()["count"] == 0
    alone.joint_parties.add(russia)
    answer = api_client.get(url).json()
    assert answer["count"] == 1
    assert answer["results"][0]["id"] == alone.id


@pytest.mark.django_db
def test_a_popular_count_is_read_from_the_shared_cache_once_per_worker(api_client, monkeypatch):
    StatementFactory.create_batch(3, party=country("RUS"))
    url = "/api/v1/statements/?country=RUS&page_size=1"
    assert api_client.get(url).json()["count"] == 3
    reads = keys_read(monkeypatch, facets)
    for page in (1, 2, 3):
        assert api_client.get(f"{url}&page={page}").json()["count"] == 3
    assert [key for key in reads if key.startswith("count:")] == []
    # Counted again once the data changes: the count is kept under the data version.
    Statement.objects.filter(party__code="RUS").first().delete()
    assert api_client.get(url).json()["count"] == 2


@pytest.mark.django_db
def test_a_search_reads_the_directorys_freshness_once(api_client, monkeypatch):
    StatementFactory(text="The embargo holds.")
    reads = keys_read(monkeypatch, names)
    # Checked by the `q` field, then searched by the view: one interpretation.
    assert api_client.get("/api/v1/statements/?q=embargo").json()["count"] == 1
    assert reads.count(names.CACHE_KEY) == 1
