"""What a server process does once the app is loaded, before its first request.

`settle()` imports what the first request would (the URLconf and, through it, every view) and then
moves every object alive at that point into the garbage collector's permanent generation
(`gc.freeze`). Those ~300,000 objects (Django, DRF, the app's modules) live as long as the process;
without this, every full collection walked them all again. A full collection came every few dozen
requests of a page that builds many objects (the meeting page with 200 statements) and held the
process, every thread of it, for ~50 ms: at 1,000,000 statements that page's p95 was 108 ms
against a p50 of 57 ms, and 56 ms after `settle()` (bench/README.md, issue 16).

Called by gunicorn.conf.py in every worker, and by the benchmarks that time requests in-process,
so that they measure what a worker does.
"""

import gc

from django.urls import get_resolver


def settle():
    """Load the URLconf, collect what loading left behind, and freeze the rest."""
    # Reading the patterns imports the urlconf and every view module it names.
    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
