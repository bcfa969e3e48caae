"""Finding people, countries and statements from the search box, walked in Debian's Chromium on the
demo meeting at laptop and phone widths, with axe-core's checks: names in any spelling or order,
the search language and its messages, and the search page's form (help, dates, filters, facets).

Skipped like tests/test_browser.py when Chromium or axe-core is missing (a failure with REQUIRE_BROWSER=1).
"""

import pytest

from tests import test_browser
from tests.browser_support import LAPTOP, MISSING, PHONE, REQUIRED
from tests.test_browser import run_axe, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
if MISSING and not REQUIRED:
    pytestmark.append(pytest.mark.skip(reason=f"browser tests need: {MISSING}"))

WIDTHS = {"1280": LAPTOP, "375": PHONE}


@pytest.fixture(params=list(WIDTHS))
def tab(request, browser):
    """A browser tab at laptop or phone width, with axe-core and a check for script errors."""
    width = request.param
    phone = width == "375"
    context = browser.new_context(viewport=WIDTHS[width], is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.add_init_script(path=str(test_browser.AXE))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.width = width
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def assert_accessible(page, name):
    screenshot(page, f"{name}-{page.width}")
    serious = [v for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert serious == [], f"serious or critical accessibility violations on {name}: {serious}"
    scroll_width, inner_width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} scrolls sideways at {page.width} px"


def search_from_home(page, site, typed):
    page.goto(site["home"])
    page.get_by_label("Search statements").fill(typed)
    page.get_by_label("Search statements").press("Enter")
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Nebenzia", "Vasily Nebenzya"),
        ("Nebenzya", "Vasily Nebenzya"),
        ("Kim Song", "Kim Song"),
        ("Song Kim", "Kim Song"),
    ],
)
def test_a_journalist_finds_a_delegate_by_name_and_their_statements(tab, site, typed, name):
    search_from_home(tab, site, typed)

    people = tab.locator("section", has=tab.get_by_role("heading", name="People"))
    # The demo's delegates may be named either way round (the record is being corrected): one of the two.
    link = people.get_by_role("link").filter(has_text=name.split()[-1]).first
    assert link.is_visible()
    statements = tab.locator("article.statement")
    assert statements.count() >= 1
    assert tab.locator(".match-reason").first.inner_text().startswith("Said by ")
    assert_accessible(tab, f"search-name-{typed.replace(' ', '-').lower()}")

    # The person's page is one click away.
    link.click()
    tab.wait_for_load_state()
    assert "/delegates/" in tab.url


def test_a_country_name_lists_the_country_and_its_statements(tab, site):
    search_from_home(tab, site, "Russian")
    countries = tab.locator("section", has=tab.get_by_role("heading", name="Countries"))
    assert countries.get_by_role("link", name="Russia").first.is_visible()
    assert tab.locator("article.statement").count() >= 1
    countries.get_by_role("link", name="accusing it (Russia)").click()
    tab.wait_for_load_state()
    assert "mentions=RUS" in tab.url and "relation=accuses" in tab.url
    assert_accessible(tab, "search-country")


def test_a_mistyped_field_is_explained_above_the_results(tab, site):
    tab.goto(site["search"].split("?")[0])
    tab.get_by_label("Words, names or fields").fill("spekaer:nebenzia false")
    tab.get_by_role("button", name="Search", exact=True).click()
    tab.wait_for_load_state()

    notice = tab.get_by_role("status")
    assert "Part of this search was not understood" in notice.inner_text()
    assert "“spekaer:” is not a search field. Did you mean speaker:?" in notice.inner_text()
    # The rest of the search ran: its statements are there.
    assert tab.locator("article.statement").count() >= 1
    assert_accessible(tab, "search-mistake")


def test_the_help_explains_phrases_alternatives_and_fields(tab, site):
    tab.goto(site["search"].split("?")[0])
    help_text = tab.locator("#id_q_helptext").inner_text()
    assert 'Put a phrase in "quotes", write or between alternatives and -word to leave a word out.' in help_text
    tab.get_by_role("link", name="how to search").click()
    table = tab.get_by_role("table", name="What each kind of search term finds")
    assert table.is_visible()
    assert "accuses:russia" in table.inner_text()
    assert_accessible(tab, "search-help")


def test_the_filters_are_folded_and_the_dates_use_the_browsers_picker(tab, site):
    tab.goto(site["search"].split("?")[0])
    summary = tab.locator("details.search-filters summary")
    date_from = tab.get_by_label("From", exact=True)
    assert not date_from.is_visible()
    summary.click()
    assert date_from.is_visible()
    assert date_from.get_attribute("type") == "date"
    assert "YYYY" not in tab.locator("details.search-filters").inner_text()
    date_from.fill("2024-06-01")
    country = tab.get_by_label("Said on behalf of")
    country.fill("Russia")
    tab.get_by_role("button", name="Search with these filters").click()
    tab.wait_for_load_state()
    assert "date_from=2024-06-01" in tab.url
    assert tab.locator("article.statement").count() >= 1
    assert "1 in use" not in tab.locator("details.search-filters summary").inner_text()  # two are
    assert "2 in use" in tab.locator("details.search-filters summary").inner_text()
    assert_accessible(tab, "search-filters")


def test_the_results_start_on_the_first_screen(tab, site):
    # On a phone above all: the filters are folded, so they do not push the results down.
    tab.goto(site["search"])
    heading = tab.locator("#results-heading").bounding_box()
    screen = WIDTHS[tab.width]["height"]
    assert heading["y"] < screen, f"the results start at {heading['y']} px, below the first screen"


def test_a_search_without_results_shows_no_empty_facet_heading(tab, site):
    tab.goto(site["search"].split("?")[0] + "?q=zebra")
    assert tab.locator("#results-heading").inner_text() == "0 statements"
    assert tab.get_by_role("heading", name="Narrow down").count() == 0
    assert_accessible(tab, "search-empty")
