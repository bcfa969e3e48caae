"""URLs of one argument put together from templates: `reverse()` once per pattern, then concatenation.

`reverse()` costs ~15 µs and a page of 50 statements links some 300 objects (the statement, its
speaker, party, meeting, topics, sources, replies), so every face builds its links here: the
pattern is reversed once per process with a stand-in argument, and each link is the text before
the stand-in, the argument, and the text after.
"""

import functools
from urllib.parse import quote, urlencode

from django.urls import get_script_prefix, reverse

from statements.models import Party

# Matches the int, str and slug path converters alike, and appears in no URL of ours.
_STAND_IN = "9182736450"


@functools.lru_cache(maxsize=128)
def _template(name, script_prefix):
    before, _, after = reverse(name, args=[_STAND_IN]).partition(_STAND_IN)
    return before, after


def template(name, request=None):
    """(before, after): the path of URL pattern `name` either side of its argument.

    Absolute (scheme and host of `request`) when a request is given, as the API and the exports
    answer. The script prefix is part of the cache key, since a deployment under a sub-path
    changes it.
    """
    before, after = _template(name, get_script_prefix())
    if request is not None:
        before = _origin(request) + before
    return before, after


def _origin(request):
    """The scheme and host that make a path of `request`'s site absolute, worked out once per request.

    `build_absolute_uri` checks the host against ALLOWED_HOSTS and parses the path each time; a
    document links seven patterns, and the origin is the same for every path that starts with "/".
    """
    try:
        return request.links_origin
    except AttributeError:
        request.links_origin = origin = request.build_absolute_uri("/")[:-1]
        return origin


def link(name, arg, request=None):
    """`reverse(name, args=[arg])`, absolute when a request is given; text arguments are quoted."""
    return fill(template(name, request), arg)


def fill(parts, arg):
    """The link of a template's (before, after) for `arg`; text arguments are quoted."""
    before, after = parts
    value = str(arg) if isinstance(arg, int) else quote(str(arg), safe="!$&'()*+,;=/~:@")
    return f"{before}{value}{after}"


def party_page(kind, code):
    """The public page of the party of `kind` (a Party.Kind) and `code`."""
    return link("country" if kind == Party.Kind.STATE else "organisation", code)


@functools.lru_cache(maxsize=32)
def _path(name, script_prefix):
    return reverse(name)


def with_query(name, parameters):
    """The path of URL pattern `name` (one without arguments) with `parameters` as its query, those
    that are None or "" left out. Tables link thousands of cells: the path is reversed once per
    pattern and script prefix."""
    given = urlencode({key: value for key, value in parameters.items() if value not in (None, "")})
    path = _path(name, get_script_prefix())
    return f"{path}?{given}" if given else path
