"""The Content-Security-Policy: only our own origin, and no page holds inline code it would block.

The markup checks here read each page as a browser would apply the policy; tests/test_browser_csp.py
confirms in Chromium that nothing is reported.
"""

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
import rest_framework
import simple_history
from django.conf import settings
from django.test import Client

from statements.models import Delegate, Meeting, Source, Statement
from statements.ops.demo import load_demo

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def sha256_source(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


class InlineCode(HTMLParser):
    """Collects what a page carries inline: scripts, event handlers, style blocks and attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.style_blocks, self.style_attributes = [], [], [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.handlers.append(f"<{tag} {name}=javascript:>")
        if attributes.get("style") is not None:
            self.style_attributes.append(attributes["style"])
        data_block = attributes.get("type", "").lower() in {"application/json", "application/ld+json"}
        if tag == "script" and "src" not in attributes and not data_block:
            self._in = self.scripts
            self.scripts.append("")
        elif tag == "style":
            self._in = self.style_blocks
            self.style_blocks.append("")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in[-1] += data


def blocked_inline_code(response):
    """What the response's own policy would refuse to run or apply."""
    found = InlineCode()
    found.feed(response.content.decode())
    directives = policy(response)
    style_elements = directives.get("style-src-elem") or directives.get("style-src") or directives["default-src"]
    style_attributes = directives.get("style-src-attr") or directives.get("style-src") or directives["default-src"]
    blocked = [f"inline script: {script[:60]!r}" for script in found.scripts]
    blocked += found.handlers
    blocked += [f"<style> block: {b[:60]!r}" for b in found.style_blocks if sha256_source(b) not in style_elements]
    if "'unsafe-hashes'" not in style_attributes:
        blocked += [f"style={a!r}" for a in found.style_attributes]
    else:
        blocked += [f"style={a!r}" for a in found.style_attributes if sha256_source(a) not in style_attributes]
    return blocked


# The policy itself


def test_the_policy_allows_only_this_origin_and_no_inline_script(client):
    directives = policy(client.get("/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # Style attributes only by the hash of each exact value, never 'unsafe-inline'.
    assert directives["style-src-attr"][0] == "'unsafe-hashes'"
    assert all(source.startswith("'sha256-") for source in directives["style-src-attr"][1:])
    assert "'unsafe-inline'" not in response_sources(directives)
    assert "'unsafe-eval'" not in response_sources(directives)


def response_sources(directives):
    return {source for sources in directives.values() for source in sources}


def test_the_api_answers_carry_the_policy_too(client):
    assert policy(client.get("/api/v1/topics/"))["default-src"] == ["'self'"]


# DRF's admin renderer and its login page are templates we never serve (no AdminRenderer, no
# rest_framework.urls); everything else in these packages' templates may show.
NOT_SERVED = {"admin.html", "login_base.html", "login.html"}


def style_attributes_in_templates(folder):
    values = set()
    for template in Path(folder).rglob("*.html"):
        if template.name not in NOT_SERVED:
            values.update(re.findall(r'style="([^"{}]*)"', template.read_text(encoding="utf-8")))
    return values


@pytest.mark.parametrize("package", [rest_framework, simple_history], ids=["rest_framework", "simple_history"])
def test_every_style_attribute_in_third_party_templates_we_serve_is_allowed(client, package):
    # When an upgrade of DRF or simple-history adds one, settings.THIRD_PARTY_STYLE_ATTRIBUTES needs it.
    values = style_attributes_in_templates(Path(package.__file__).parent / "templates")
    allowed = policy(client.get("/"))["style-src-attr"]

    assert values, "no style attributes found: the pattern no longer matches the templates"
    assert {value for value in values if sha256_source(value) not in allowed} == set()


def test_our_templates_hold_no_inline_script_handler_or_style_attribute():
    problems = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        name = template.relative_to(ROOT)
        problems += [f"{name}: inline <script>" for _ in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text)]
        problems += [f"{name}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+\s*=", text)]
        problems += [f"{name}: style attribute" for _ in re.finditer(r"\sstyle\s*=", text)]

    assert problems == []


# Every page type, read as the policy would apply it


@pytest.fixture
def demo():
    load_demo()
    meeting = Meeting.objects.get(press_release="SC/15755")
    return {
        "statement": Statement.objects.filter(meeting=meeting).first(),
        "paraphrase": Statement.objects.filter(kind="paraphrase").first(),
        "meeting": meeting,
        "delegate": Delegate.objects.get(full_name="Vasily Nebenzya"),
        "source": Source.objects.get(kind="news"),
    }


@pytest.fixture
def staff_client(django_user_model):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    return client


def public_pages(demo):
    return [
        "/",
        "/meetings/",
        demo["meeting"].get_absolute_url(),
        demo["statement"].get_absolute_url(),
        demo["paraphrase"].get_absolute_url(),
        "/delegates/",
        demo["delegate"].get_absolute_url(),
        "/countries/",
        "/countries/RUS/",
        "/topics/",
        "/topics/military-cooperation/",
        "/bodies/security-council/",
        demo["source"].get_absolute_url(),
        "/search/?q=cooperation",
        "/search/?q=-only",
        "/no-such-page/",
        "/admin/login/",
        "/api/docs/",
        "/api/v1/statements/?format=api",
        f"/api/v1/statements/{demo['statement'].pk}/?format=api",
        "/api/v1/countries/RUS/?format=api",
    ]


def test_no_public_page_holds_inline_code_the_policy_blocks(client, demo):
    problems = {}
    for url in public_pages(demo):
        response = client.get(url)
        assert response.status_code in {200, 400, 404}, url
        if blocked := blocked_inline_code(response):
            problems[url] = blocked

    assert problems == {}


def test_no_admin_or_editor_page_holds_inline_code_the_policy_blocks(staff_client, demo):
    statement = demo["statement"]
    pages = [
        "/admin/",
        "/admin/statements/statement/",
        f"/admin/statements/statement/{statement.pk}/change/",
        f"/admin/statements/statement/{statement.pk}/history/",
        "/admin/statements/meeting/add/",
        "/editor/import/",
        f"/editor/statements/{statement.pk}/correct/",
        # An editor's browsable API shows the forms for writing.
        "/api/v1/statements/?format=api",
        f"/api/v1/statements/{statement.pk}/?format=api",
    ]
    problems = {}
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        if blocked := blocked_inline_code(response):
            problems[url] = blocked

    assert problems == {}


def test_the_checker_finds_what_the_policy_would_block(client):
    # Guards the two tests above: a page with inline code must be caught.
    response = client.get("/")
    response.content = (
        b"<script>alert(1)</script><p onclick='x()' style='color: red'>x</p><style>p{color:red}</style>"
        b"<a href='javascript:x()'>y</a>"
    )

    assert len(blocked_inline_code(response)) == 5


# The pages that need more than the site-wide policy


def test_the_api_documentation_has_no_inline_script_and_allows_only_its_own_style_block(client):
    response = client.get("/api/docs/")
    directives = policy(response)
    found = InlineCode()
    found.feed(response.content.decode())

    assert found.scripts == []
    assert [sha256_source(block) for block in found.style_blocks] == directives["style-src"][1:]
    # Swagger UI's stylesheet draws its icons as data: images.
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["script-src"] == ["'self'"]


def test_the_api_documentation_start_up_script_is_served_as_a_file(client):
    page = client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page).group(1)

    response = client.get(script_url.replace("&amp;", "&"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in response.content.decode()
    assert "/api/schema/" in response.content.decode()


def test_the_server_error_page_holds_no_inline_code_and_gets_the_site_policy(client):
    client.raise_request_exception = False
    with mock.patch("statements.pages.views.render", side_effect=RuntimeError("a bug")):
        response = client.get("/")

    assert response.status_code == 500
    assert blocked_inline_code(response) == []
    assert policy(response)["style-src"] == ["'self'"]


def test_a_locked_out_sign_in_page_holds_no_inline_code(client, settings_override_login_limit):
    for _ in range(2):
        client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})

    assert response.status_code == 429
    assert blocked_inline_code(response) == []


@pytest.fixture
def settings_override_login_limit(settings):
    settings.LOGIN_FAILURE_LIMIT = 2


def test_the_settings_list_no_style_attribute_twice():
    assert len(set(settings.THIRD_PARTY_STYLE_ATTRIBUTES)) == len(settings.THIRD_PARTY_STYLE_ATTRIBUTES)
