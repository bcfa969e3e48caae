"""statements.ops.csp.CSPMiddleware sets the headers django-csp's own middleware would set.

It builds the policy of the settings once instead of per response; each case here runs the same
request and response through both middlewares and compares what they leave.
"""

import re

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_exempt, csp_replace, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpResponse

from statements.ops.csp import CSPMiddleware

HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def plain(request):
    return HttpResponse("ok")


def with_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def answered(middleware_class, rf, view, path="/statements/1/", status=200):
    """(headers, request) after `view` answered a GET of `path` through the middleware."""
    middleware = middleware_class(lambda request: view(request))
    request = rf.get(path)
    middleware.process_request(request)
    response = view(request)
    response.status_code = status
    response = middleware.process_response(request, response)
    return {name: response.get(name) for name in HEADERS}, request


def directives(value):
    """A policy as {directive: sources}: django-csp writes the directives in no fixed order."""
    return {name: " ".join(sources) for name, *sources in (part.split() for part in value.split(";"))}


def without_nonce(headers):
    return {name: value and re.sub(r"'nonce-[^']+'", "'nonce'", value) for name, value in headers.items()}


def same_as_django_csp(rf, view, **kwargs):
    ours, request = answered(CSPMiddleware, rf, view, **kwargs)
    theirs, _ = answered(DjangoCSPMiddleware, rf, view, **kwargs)
    # Each request has a nonce of its own.
    assert without_nonce(ours) == without_nonce(theirs)
    return ours, request


def test_a_plain_response_gets_the_policy_of_the_settings(rf):
    headers, request = same_as_django_csp(rf, plain)

    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy-Report-Only"] is None
    # A nonce asked for once the header is written would be in no policy: an error, as with django-csp.
    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)


@pytest.mark.parametrize(
    "view",
    [
        csp_update({"img-src": ["data:"]})(plain),
        csp_replace({"script-src": ["https://example.org"]})(plain),
        csp_exempt()(plain),
    ],
    ids=["update", "replace", "exempt"],
)
def test_a_response_with_a_policy_of_its_own(rf, view):
    headers, _ = same_as_django_csp(rf, view)

    assert headers["Content-Security-Policy"] != answered(CSPMiddleware, rf, plain)[0]["Content-Security-Policy"]


def test_a_page_that_used_a_nonce_gets_it_in_its_policy(rf, settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}

    headers, request = same_as_django_csp(rf, with_nonce)
    plain_headers, _ = same_as_django_csp(rf, plain)

    nonce = f"'nonce-{request._csp_nonce}'"
    assert directives(headers["Content-Security-Policy"]) == {"default-src": "'self'", "script-src": f"'self' {nonce}"}
    assert directives(plain_headers["Content-Security-Policy"]) == {"default-src": "'self'", "script-src": "'self'"}


def test_a_change_of_the_settings_changes_the_policy(rf, settings):
    before, _ = same_as_django_csp(rf, plain)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
        "EXCLUDE_URL_PREFIXES": ["/api/"],
        "DIRECTIVES": {"default-src": [SELF], "report-uri": "/csp-reports/"},
    }

    after, _ = same_as_django_csp(rf, plain)
    api, _ = same_as_django_csp(rf, plain, path="/api/v1/statements/")

    assert after != before
    assert directives(after["Content-Security-Policy"]) == {"default-src": "'self'", "script-src": "'self'"}
    assert directives(after["Content-Security-Policy-Report-Only"]) == {
        "default-src": "'self'",
        "report-uri": "/csp-reports/",
    }
    assert api["Content-Security-Policy-Report-Only"] is None


@pytest.mark.parametrize("status", [404, 500])
def test_debug_pages_get_no_policy(rf, settings, status):
    settings.DEBUG = True

    headers, _ = same_as_django_csp(rf, plain, status=status)

    assert headers == dict.fromkeys(HEADERS)
