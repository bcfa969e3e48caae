"""What an API request built is freed once its answer is sent, not by the next cycle collection.

Django REST Framework ties a request's objects into reference cycles: the view holds the request
and the response, and both name the view back (`parser_context`, `renderer_context`); a rendered
response's `renderer_context` names the response itself; a list serializer and its child name each
other, and both keep the page they were given. Reference counting never frees a cycle, so a page
of 50 statements (its rows, what lies around them, their documents, the rendered bytes) stayed in
memory until Python's cycle collector came by. It came every few dozen requests of a worker and
freed some 30,000 objects at once: 30-50 ms in-process, 80-140 ms under load, with every thread of
the worker waiting on it. The 3-4 requests in flight at that moment were the slowest 5-8% at 8
connections (bench/README.md, thirteenth pass).

`release_when_sent` cuts those links when Django closes the response, after its last byte went
out, so the page goes at once, by reference counting, in the thread that made it. What stays
cyclic is small (the filter set and its filters, the request's lazy user: ~180 objects a request
against ~930) and is left to the collector.
"""

import functools

from rest_framework.response import Response

# What a serializer keeps of what it was given and of what it made.
SERIALIZER_HOLDS = ("instance", "_args", "_kwargs", "_data", "initial_data", "_validated_data")


def remember_serializer(view, serializer):
    """Note a serializer the view made, for `release`."""
    view.__dict__.setdefault("serializers_made", []).append(serializer)


def release_when_sent(view, response):
    """Have `release` run when Django closes `response`."""
    if isinstance(response, Response):
        # Django's own list of what close() calls (the request's close is on it); close() runs
        # them once the server has sent the response, then empties the list.
        response._resource_closers.append(functools.partial(release, view, response))


def release(view, response):
    """Cut the links that make a request's objects a cycle. Nothing reads them after close():
    `response.data` stays as it is (the test client reads it)."""
    context = response.renderer_context or {}
    context.pop("response", None)
    context.pop("view", None)
    # The request's parser context names the view and the request itself.
    parser_context = getattr(view.__dict__.get("request"), "parser_context", None)
    if parser_context:
        parser_context.clear()
    for serializer in view.__dict__.get("serializers_made", ()):
        for part in (serializer, getattr(serializer, "child", None)):
            if part is not None:
                for name in SERIALIZER_HOLDS:
                    part.__dict__.pop(name, None)
    # The request, the response, the paginator and its page, the filter set, the kwargs.
    view.__dict__.clear()
