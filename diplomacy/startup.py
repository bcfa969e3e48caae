"""What a server process does once the app is loaded, before its first request.

`settle()` imports what the first request would (the URLconf and, through it, every view) and then
moves every object alive at that point into the garbage collector's permanent generation
(`gc.freeze`). Those ~300,000 objects (Django, DRF, the app's modules) live as long as the process;
without this, every full collection walked them all again. A full collection came every few dozen
requests of a page that builds many objects (the meeting page with 200 statements) and held the
process, every thread of it, for ~50 ms: at 1,000,000 statements that page's p95 was 108 ms
against a p50 of 57 ms, and 56 ms after `settle()` (bench/README.md, issue 16).

It also lets the youngest generation grow to YOUNG_OBJECTS before a collection instead of 700.
A request of the API's lists makes thousands of short-lived objects (a page of 50 statements, its
rows and their JSON), so with 700 a collection ran several times per request, each walking the
objects of the request still alive. Measured in-process over a mix of API lists, one statement and
the meeting page (issue 16): collections took 0.64 ms of each API request at 700 and 0.37 ms at
5,000, and 1.34 against 0.86 ms with the meeting page in the mix; 10,000 and more cost more again
(each collection walks more), and the process's memory did not grow (113 against 117 MB).

Called by gunicorn.conf.py in every worker, and by the benchmarks that time requests in-process,
so that they measure what a worker does.
"""

import gc

from django.urls import get_resolver

# The youngest generation's threshold (gc.set_threshold); the older two keep Python's defaults.
YOUNG_OBJECTS = 5_000


def settle():
    """Load the URLconf, collect what loading left behind, freeze the rest, and collect less often."""
    # Reading the patterns imports the urlconf and every view module it names.
    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])
