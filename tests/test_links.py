"""Links from templates (statements/links.py) are the links `reverse()` and the request would give."""

import pytest
from django.urls import reverse, set_script_prefix

from statements import links
from statements.ops.publish.release import Site


@pytest.fixture
def script_prefix():
    yield
    set_script_prefix("/")


@pytest.mark.parametrize("host", ["testserver", "example.org:8443"])
@pytest.mark.parametrize("prefix", ["/", "/diplomacy/"])
def test_an_absolute_link_is_the_request_s_absolute_uri_of_the_reversed_path(rf, settings, script_prefix, host, prefix):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    set_script_prefix(prefix)
    request = rf.get("/api/v1/statements/", HTTP_HOST=host, secure=host.endswith("8443"))

    for name, arg in [("api:statement-detail", 7), ("statement", 7), ("api:country-detail", "RUS"), ("delegate", 12)]:
        assert links.link(name, arg, request) == request.build_absolute_uri(reverse(name, args=[arg]))


def test_the_origin_is_worked_out_once_per_request(rf, settings):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    request = rf.get("/api/v1/statements/")
    calls = []
    build = request.build_absolute_uri
    request.build_absolute_uri = lambda location=None: calls.append(location) or build(location)

    first = links.link("api:statement-detail", 1, request)
    second = links.link("api:meeting-detail", 2, request)

    assert (first, second) == ("http://testserver/api/v1/statements/1/", "http://testserver/api/v1/meetings/2/")
    assert calls == ["/"]
    # Another request has its own origin.
    other = rf.get("/api/v1/statements/", HTTP_HOST="example.org")
    assert links.link("api:statement-detail", 1, other).startswith("http://example.org/")


def test_a_release_links_under_the_site_s_public_address():
    site = Site("https://example.org/data/")

    assert links.link("statement", 5, site) == "https://example.org/data/statements/5/"
