"""Following a search by email in a real browser, with a real SMTP server: subscribe from the
search page, confirm by the link in the mail that arrived, receive the alert for a statement
saved afterwards, unsubscribe by the link in it; and a feed opened in the browser reads as a page.
At 375 and 1280 px, each page checked with axe-core. Screenshots go to test-artifacts/screenshots/."""

import pytest
from django.core.management import call_command

from tests.browser_support import AXE, LAPTOP, MISSING, PHONE, REQUIRED, SCREENSHOTS
from tests.factories import StatementFactory, country
from tests.mail_server import body, header, links, serve, subject
from tests.test_browser import run_axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
if MISSING and not REQUIRED:
    pytestmark.append(pytest.mark.skip(reason=f"browser tests need: {MISSING}"))

READER = "journalist@example.org"
VIEWPORTS = {"375": PHONE, "1280": LAPTOP}


@pytest.fixture
def inbox(settings):
    yield from serve(settings)


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, browser):
    width = request.param
    context = browser.new_context(viewport=VIEWPORTS[width], is_mobile=width == "375", has_touch=width == "375")
    page = context.new_page()
    page.add_init_script(path=str(AXE))
    page.width = width
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def axe_outside_the_xslt_banner(page):
    # Chromium (156) puts a banner of its own above any page made by XSLT, to warn that browsers are
    # dropping XSLT; it is the browser's, outside our page, so it goes before axe looks.
    page.evaluate("document.querySelector('xslt-warning-banner')?.remove()")
    return run_axe(page)


def check(page, name, axe=run_axe):
    """No accessibility violation, no sideways scrolling; a screenshot."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"alerts-{name}-{page.width}.png"), full_page=True)
    violations = axe(page)
    assert violations == [], f"accessibility violations on {name}: {violations}"
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} scrolls sideways at {page.width} px"


def local(url, live_server):
    """A link of a mail (written with SITE_URL) on the live server."""
    return url.replace("https://statements.example.org", live_server.url)


def test_a_reader_follows_a_search_by_email_gets_the_alert_and_unsubscribes(page, site, inbox, live_server):
    page.goto(f"{site['search']}")
    page.get_by_role("link", name="Follow this search by email or feed").click()
    assert page.locator("h1").inner_text() == "Statements matching “cooperation”"
    check(page, "follow")

    page.get_by_label("Your email address").fill(READER)
    page.get_by_label("As soon as a statement is recorded").check()
    page.get_by_role("button", name="Send me a confirmation link").click()
    assert page.locator("h1").inner_text() == "Check your inbox"
    check(page, "sent")

    [confirmation] = inbox.to(READER)
    assert subject(confirmation) == "Confirm your alert: Statements matching “cooperation”"
    [confirm] = [link for link in links(confirmation) if "/follow/confirm/" in link]
    page.goto(local(confirm, live_server))
    check(page, "confirm")
    page.get_by_role("button", name="Confirm").click()
    assert page.locator("h1").inner_text() == "Your alert is on"

    saved = StatementFactory(text="We welcome military cooperation talks.", party=country("FRA"))
    StatementFactory(text="Nothing to do with the search.", party=country("FRA"))
    call_command("send_alerts", verbosity=0)

    [alert] = [message for message in inbox.to(READER) if message is not confirmation]
    assert subject(alert) == "1 new statement: Statements matching “cooperation”"
    assert "We welcome military cooperation talks." in body(alert)
    assert "Nothing to do" not in body(alert)
    page.goto(local(f"https://statements.example.org{saved.get_absolute_url()}", live_server))
    assert "We welcome military cooperation talks." in page.locator("main").inner_text()

    page.goto(local(header(alert, "List-Unsubscribe").strip("<>"), live_server))
    check(page, "unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    assert page.locator("h1").inner_text() == "You are unsubscribed"
    check(page, "unsubscribed")

    StatementFactory(text="More cooperation, after the reader left.", party=country("FRA"))
    call_command("send_alerts", verbosity=0)
    assert len(inbox.to(READER)) == 2


def test_a_feed_opened_in_the_browser_reads_as_a_page_with_its_entries(page, site):
    page.goto(site["base"] + "/feeds/parties/RUS/")

    assert page.locator("h1").inner_text() == "Statements by Russia · Diplomatic statements"
    entries = page.locator(".feed-entries h3").all_inner_texts()
    assert entries and all(entry.startswith("Vasily Nebenzya (Russia)") for entry in entries)
    assert "Vasily Nebenzya (Russia): “completely false.”" in entries
    check(page, "feed", axe=axe_outside_the_xslt_banner)

    page.get_by_role("link", name="Follow by email instead, or read more about feeds").click()
    assert page.url.endswith("/follow/?country=RUS")
    assert page.locator("h1").inner_text() == "Statements by Russia"
