"""The one page that needs more than the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY).

The Swagger UI page of the API documentation (drf-spectacular's template) has an inline `<style>`
block, and Swagger UI draws its icons from `data:` images. The style block is allowed by the hash
of its exact text, read from the template itself, so the policy follows the template when the
package that ships it changes, and allows that block and nothing else. No inline script is allowed.
"""

import base64
import functools
import hashlib
import re

from csp.constants import SELF
from csp.decorators import csp_update
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
