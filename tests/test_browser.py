"""The public pages in a real browser: Debian's Chromium driven by Playwright against a live server.

Checks what only a browser can: links followed by clicking, the copy button, layout at phone and
laptop widths, and axe-core's accessibility rules. Screenshots go to test-artifacts/screenshots/.

Skipped when Chromium or axe-core (`npm ci`) is missing, unless REQUIRE_BROWSER=1 (CI), which
turns the skip into a failure.
"""

import re

import pytest

from tests.browser_support import AXE, LAPTOP, MISSING, PAGE_TYPES, PHONE, REQUIRED, SCREENSHOTS
from tests.test_meeting_page import official_record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
if MISSING and not REQUIRED:
    pytestmark.append(pytest.mark.skip(reason=f"browser tests need: {MISSING}"))


# The pages of the official record, on a meeting of their own (the demo has no record): name, status.
RECORD_PAGE_TYPES = [
    ("record-meeting", 200),
    ("speech", 200),
    ("checked-quote", 200),
    ("draft", 200),
    ("vetoes", 200),
    ("vetoes-empty", 200),
    ("voting-country", 200),
]


@pytest.fixture
def record_site(live_server):
    """A meeting with its verbatim record (speeches, a vetoed vote, a checked quote); the URL of each record page."""
    from statements.countries import sync_countries
    from statements.models import Country, Party

    if not Country.objects.exists():
        sync_countries(Party)
    record = official_record(speeches=8, votes=2)
    base = live_server.url
    return {
        "record-meeting": f"{base}{record['meeting'].get_absolute_url()}",
        "speech": f"{base}{record['speeches'][0].get_absolute_url()}",
        "checked-quote": f"{base}{record['quote'].get_absolute_url()}",
        "draft": f"{base}/drafts/S/2024/255/",
        "vetoes": f"{base}/vetoes/",
        "vetoes-empty": f"{base}/vetoes/?country=USA",
        "voting-country": f"{base}/countries/RUS/",
    }


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=LAPTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    # axe-core goes in as an init script: the site's CSP refuses the inline <script> that
    # add_script_tag would write, and an init script runs outside the page's policy.
    page.add_init_script(path=str(AXE))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def run_axe(page):
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }"""
    )


def screenshot(page, name):
    """The whole page, and what the first screen shows."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-first-screen.png"))


def check_page_type(page, url, name, status):
    response = page.goto(url)
    assert response.status == status
    assert page.locator("h1").count() == 1
    assert page.title().endswith("· Diplomatic statements")
    for landmark in ["header", "nav", "main", "footer"]:
        assert page.locator(landmark).count() >= 1, f"no <{landmark}> on {name}"
    # Headings never skip a level (an h2 may be followed by an h4 only through an h3).
    levels = page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))")
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading levels jump from h{before} to h{after} on {name}"
    screenshot(page, f"{name}-1280")

    violations = run_axe(page)
    for violation in violations:
        print(f"[axe] {name}: {violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            print(f"    {node}")
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    assert serious == [], f"serious or critical accessibility violations on {name}: {[v['id'] for v in serious]}"


def check_phone_fit(browser, url, name):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(url)
        scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        screenshot(page, f"{name}-375")
        assert scroll_width <= inner_width, f"{name} scrolls sideways on a phone: {scroll_width} > {inner_width}"
    finally:
        context.close()


@pytest.mark.parametrize(("name", "status"), PAGE_TYPES)
def test_each_page_type_loads_with_one_h1_and_no_serious_accessibility_violation(page, site, name, status):
    check_page_type(page, site[name], name, status)


@pytest.mark.parametrize(("name", "status"), RECORD_PAGE_TYPES)
def test_each_record_page_loads_with_one_h1_and_no_serious_accessibility_violation(page, record_site, name, status):
    check_page_type(page, record_site[name], name, status)


@pytest.mark.parametrize(("name", "status"), PAGE_TYPES)
def test_each_page_type_fits_a_phone_without_horizontal_scrolling(browser, site, name, status):
    check_phone_fit(browser, site[name], name)


@pytest.mark.parametrize(("name", "status"), RECORD_PAGE_TYPES)
def test_each_record_page_fits_a_phone_without_horizontal_scrolling(browser, record_site, name, status):
    check_phone_fit(browser, record_site[name], name)


def test_a_reader_opens_a_folded_speech_and_follows_a_draft_from_the_ballot_table(page, record_site):
    page.goto(record_site["record-meeting"])
    rest = page.locator(".speech-rest").first
    assert not rest.locator("p").first.is_visible()
    rest.locator("summary").click()
    assert rest.locator("p", has_text="my delegation voted against the draft.").is_visible()

    page.locator(".ballots thead a", has_text="S/2024/255").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "S/2024/255"
    assert page.locator(".ballots .veto").count() == 1
    screenshot(page, "journey-draft")


def test_a_reader_goes_from_home_to_a_meeting_a_delegate_and_a_statement_permalink(page, site):
    page.goto(site["home"])
    page.locator(".meeting-row-title a", has_text="Security Council meeting").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Security Council meeting"
    assert "/meetings/" in page.url

    page.locator(".participants a", has_text="Vasily Nebenzya").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Vasily Nebenzya"

    page.locator(".statement", has_text="completely false.").locator("a.permalink").click()
    page.wait_for_load_state()
    assert re.search(r"/statements/\d+/$", page.url)
    assert "“completely false.”" in page.locator(".statement-full .quote").inner_text()
    og_title = page.locator('meta[property="og:title"]').get_attribute("content")
    assert og_title == "Vasily Nebenzya (Russia), 28 June 2024"
    screenshot(page, "journey-permalink")


def test_a_search_marks_the_matching_words_in_the_quotes(page, site):
    page.goto(site["home"])
    page.get_by_label("Search statements").fill("baseless")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    assert "q=baseless" in page.url
    marked = page.locator(".statement mark")
    assert marked.count() >= 1
    assert marked.first.inner_text().lower() == "baseless"
    assert "1 statement" in page.locator("#results-heading").inner_text()

    page.locator(".facets a", has_text="Russia").first.click()
    page.wait_for_load_state()
    assert "country=RUS" in page.url and "q=baseless" in page.url
    screenshot(page, "search-filtered")


def test_the_copy_button_puts_the_citation_on_the_clipboard(page, site):
    page.goto(site["statement"])
    button = page.get_by_role("button", name="Copy citation")
    assert button.is_visible()
    button.click()
    page.get_by_text("Copied to the clipboard.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = page.locator("#citation-text").input_value()
    assert copied == expected
    assert copied.startswith("Vasily Nebenzya (Russia), Security Council meeting, 28 June 2024: “completely false.”")
    assert f"Permalink: {site['statement']}" in copied


def test_without_javascript_the_citation_is_there_and_no_dead_button_shows(browser, site):
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site["statement"])
        assert page.locator("#citation-text").input_value().startswith("Vasily Nebenzya (Russia)")
        assert not page.locator(".copy-button").is_visible()
    finally:
        context.close()


def test_the_keyboard_reaches_the_skip_link_first_and_focus_is_visible(page, site):
    page.goto(site["meeting"])
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # After skipping, the next stop is inside the main content, not the navigation.
    assert page.evaluate("document.activeElement.closest('main') !== null")
