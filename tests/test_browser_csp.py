"""The Content-Security-Policy in Chromium: no page reports a violation, and Swagger UI still works.

Each page is loaded with a listener for `securitypolicyviolation` events installed before any of
its own code runs, and Chromium's console is watched for its "Refused to …" messages. Uses the
browser, the live server and the demo data that tests/test_browser.py uses, and skips as it does.
"""

import pytest

from tests.browser_support import LAPTOP, MISSING, PAGE_TYPES, REQUIRED
from tests.test_browser import RECORD_PAGE_TYPES, record_site  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
if MISSING and not REQUIRED:
    pytestmark.append(pytest.mark.skip(reason=f"browser tests need: {MISSING}"))

PASSWORD = "correct horse battery staple"

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline code"} (${event.sourceFile}:${event.lineNumber})`
  );
});
"""


@pytest.fixture
def watched(browser):
    """A page whose CSP violations and console errors are collected; returns (page, report)."""
    context = browser.new_context(viewport=LAPTOP)
    context.add_init_script(LISTEN)
    page = context.new_page()
    console = []
    page.on("console", lambda message: message.type == "error" and console.append(message.text))
    page.on("pageerror", lambda error: console.append(f"uncaught: {error}"))

    def report():
        violations = page.evaluate("window.__cspViolations || []")
        return violations + [text for text in console if "Content Security Policy" in text or "uncaught" in text]

    yield page, report
    context.close()


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    return response


@pytest.mark.parametrize(("name", "status"), PAGE_TYPES)
def test_no_page_type_reports_a_policy_violation(watched, site, name, status):
    page, report = watched

    response = visit(page, site[name])

    assert response.status == status
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert report() == []


@pytest.mark.parametrize(("name", "status"), RECORD_PAGE_TYPES)
def test_no_record_page_reports_a_policy_violation(watched, record_site, name, status):  # noqa: F811
    page, report = watched

    response = visit(page, record_site[name])

    assert response.status == status
    assert report() == []


def test_the_admin_login_page_reports_no_violation(watched, site):
    page, report = watched

    response = visit(page, site["base"] + "/admin/login/")

    assert response.status == 200
    assert page.locator("#id_username").is_visible()
    assert report() == []


def test_signing_in_and_using_the_admin_reports_no_violation(watched, site, django_user_model):
    # Sign-in posts a form (form-action 'self') and the admin's own scripts and widgets load.
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    page, report = watched
    visit(page, site["base"] + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state("load")
    assert page.url == site["base"] + "/admin/"

    for path in ["/admin/statements/statement/", "/admin/statements/meeting/add/", "/api/v1/statements/"]:
        visit(page, site["base"] + path)

    assert report() == []


def test_the_browsable_api_reports_no_violation(watched, site):
    page, report = watched

    response = visit(page, site["base"] + "/api/v1/statements/?format=api")

    assert response.status == 200
    # Its scripts ran: prettify has coloured the JSON.
    page.locator(".response-info pre .str").first.wait_for()
    assert report() == []


def test_swagger_ui_renders_the_operations_without_a_violation(watched, site):
    page, report = watched

    response = visit(page, site["base"] + "/api/docs/")

    assert response.status == 200
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/statements/" in paths
    assert len(paths) > 20
    # Open one operation and try it: the request goes to this site (connect-src 'self').
    page.locator(".opblock-summary", has_text="/api/v1/topics/").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".live-responses-table .response-col_status", has_text="200").first.wait_for()
    assert report() == []


def test_a_violation_would_be_reported(watched, site):
    # Guards the tests above: inline code must show up in the report.
    page, report = watched
    visit(page, site["home"])

    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.ranInline = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")

    assert page.evaluate("window.ranInline") is None
    assert any(v.startswith("script-src-elem refused inline") for v in report())
