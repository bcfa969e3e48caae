"""The one page that needs more than the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY).

CSPMiddleware sets the header as django-csp's does, building the site's own policy once.

The Swagger UI page of the API documentation (drf-spectacular's template) has an inline `<style>`
block, and Swagger UI draws its icons from `data:` images. The style block is allowed by the hash
of its exact text, read from the template itself, so the policy follows the template when the
package that ships it changes, and allows that block and nothing else. No inline script is allowed.
"""

import base64
import functools
import hashlib
import re

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY, SELF
from csp.decorators import csp_update
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template

_STYLE_BLOCK = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def sha256_source(text):
    """The CSP source expression that allows exactly this inline text."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@functools.cache
def inline_style_sources(template_name):
    """Hash sources for the `<style>` blocks of a template; they must hold no template tags."""
    source = get_template(template_name).template.source
    blocks = _STYLE_BLOCK.findall(source)
    if any("{" + "%" in block or "{{" in block for block in blocks):
        raise ValueError(f"{template_name} builds a <style> block from variables; its hash would not hold")
    return [sha256_source(block) for block in blocks]


def api_docs(view):
    """Let the Swagger UI page (SpectacularSwaggerSplitView: no inline script) show its styles and icons."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        allow = csp_update(
            {"style-src": inline_style_sources("drf_spectacular/swagger_ui.html"), "img-src": [SELF, "data:"]}
        )
        return allow(view)(request, *args, **kwargs)

    return wrapper


# What a view's decorators (csp_update, csp_replace, csp) leave on its response for django-csp.
_RESPONSE_POLICY = tuple(f"_csp_{part}{ro}" for part in ("config", "update", "replace") for ro in ("", "_ro"))


@functools.cache
def site_policies():
    """(header, policy, path prefixes it is not sent under, the response attribute exempting from it)
    for the enforced and the report-only policy of the settings alone."""

    def excluded(name):
        return tuple((getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ())

    return (
        (HEADER, build_policy(), excluded("CONTENT_SECURITY_POLICY"), "_csp_exempt"),
        (
            HEADER_REPORT_ONLY,
            build_policy(report_only=True),
            excluded("CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            "_csp_exempt_ro",
        ),
    )


@receiver(setting_changed)
def _forget_site_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policies.cache_clear()


class CSPMiddleware(middleware.CSPMiddleware):
    """django-csp's middleware, with the policy of the settings built once per process.

    django-csp builds both headers for every response, copying the settings' directives each
    time: the whole middleware was 8.5% of the instructions of answering one statement by the
    API, 1.3% once the policy is built here (bench/README.md, sixth pass). A response that brings
    no policy of its own, to a request whose page used no nonce, gets the policy of the settings
    alone, the same every time; it is built once here, and set under the same conditions as
    django-csp sets it. Every other response goes django-csp's way.
    """

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _RESPONSE_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # Django's debug pages
        for header, policy, excluded, exempt in site_policies():
            if policy and header not in response and not getattr(response, exempt, False):
                if not request.path_info.startswith(excluded):
                    response[header] = policy
        # As django-csp: a nonce asked for after the header is written would be in no policy.
        request.csp_nonce = middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response
