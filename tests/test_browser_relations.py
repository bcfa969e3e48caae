"""Who accused whom, and a comparison of two countries, walked in Debian's Chromium on the demo meeting:
from the country page's counts and from the relations page to exactly those statements, and Russia
compared with the United States in 2024, at laptop and phone widths with axe-core's checks.

Skipped like tests/test_browser.py when Chromium or axe-core is missing (a failure with REQUIRE_BROWSER=1).
"""

import re

import pytest

from tests import test_browser
from tests.browser_support import MISSING, REQUIRED
from tests.test_browser import check_page_type, check_phone_fit, screenshot

# The browser tab of tests/test_browser.py (with axe-core and a check for script errors), as a fixture here too.
page = test_browser.page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
if MISSING and not REQUIRED:
    pytestmark.append(pytest.mark.skip(reason=f"browser tests need: {MISSING}"))


def open_link(page, link):
    link.click()
    page.wait_for_load_state()


def results(page):
    """The number of results the search page says it found."""
    return int(re.match(r"(\d+) ", page.locator("#results-heading").inner_text()).group(1))


def test_a_reader_lists_who_accused_russia_from_the_country_page_and_opens_those_statements(page, site):
    page.goto(site["country"])
    accusers = page.locator(".relations div", has=page.locator("dt", has_text="Accuses Russia"))
    open_link(page, accusers.get_by_role("link", name="2 statements by United States"))

    assert "country=USA" in page.url and "mentions=RUS" in page.url and "relation=accuses" in page.url
    assert results(page) == 2
    cards = page.locator(".statement")
    assert cards.count() == 2
    screenshot(page, "journey-accusers-search")
    check_page_type(page, page.url, "accusers-search", 200)

    open_link(page, cards.first.locator("a.permalink"))
    assert re.search(r"/statements/\d+/$", page.url)
    assert "United States" in page.locator("main").inner_text()


def test_the_country_page_splits_the_statements_about_russia_by_relation(page, site):
    page.goto(site["country"])
    relations = page.get_by_role("list", name="Statements about Russia by relation")
    link = relations.get_by_role("link", name=re.compile(r"^Defends Russia: \d+$"))
    count = int(link.inner_text().rsplit(" ", 1)[1])
    open_link(page, link)
    assert "mentions=RUS" in page.url and "relation=defends" in page.url
    assert results(page) == count


def test_a_reader_lists_who_accused_russia_on_the_relations_page_and_opens_those_statements(page, site):
    page.goto(site["country"])
    open_link(page, page.get_by_role("link", name="All relations as a table"))
    assert page.url.endswith("/relations/?party=RUS")
    # On a page of results the choices are folded away, so that the table comes first on a phone.
    assert not page.get_by_label("Relation", exact=True).is_visible()
    page.locator("summary", has_text="Choose what to count").click()
    page.get_by_label("Relation", exact=True).select_option("accuses")
    page.get_by_role("button", name="Show relations").click()
    page.wait_for_load_state()
    assert "relation=accuses" in page.url

    table = page.locator("table.relations-matrix")
    assert table.locator("caption").inner_text().startswith("Statements by speaking party (rows)")
    row = table.locator("tbody tr", has=page.locator("th", has_text="United States"))
    cell = row.get_by_role("link", name="accuses: 2")
    assert cell.count() == 1
    screenshot(page, "journey-relations")
    check_page_type(page, page.url, "relations", 200)
    check_phone_fit(page.context.browser, page.url, "relations")

    open_link(page, cell)
    assert results(page) == 2
    assert page.locator(".statement").count() == 2


def test_the_meeting_page_links_to_who_accused_whom_at_the_meeting(page, site):
    page.goto(site["meeting"])
    open_link(page, page.get_by_role("link", name=re.compile("Who accused, criticised, defended or supported whom")))
    assert "/relations/?meeting=" in page.url
    assert page.locator("table.relations-matrix tbody tr").count() >= 4
    check_page_type(page, page.url, "relations-meeting", 200)
    check_phone_fit(page.context.browser, page.url, "relations-meeting")


def test_a_reader_compares_russia_and_the_united_states_in_2024(page, site):
    page.goto(f"{site['base']}/compare/")
    page.get_by_label("Countries or organisations").fill("RUS,USA")
    page.get_by_label("Year", exact=True).fill("2024")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Russia and United States in 2024"

    table = page.locator("table.compare-table").first
    june = table.locator("tbody tr", has=page.locator("th", has_text="June 2024"))
    counts = june.locator("td").all_inner_texts()
    # The demo's meeting of 28 June 2024: Russia's statements (one made jointly with China) and the
    # United States' (one made jointly with the United Kingdom and France).
    assert [int(count) for count in counts] == [4, 5]
    assert table.locator("tbody tr").count() == 12
    screenshot(page, "journey-compare")
    check_page_type(page, page.url, "compare", 200)
    check_phone_fit(page.context.browser, page.url, "compare")

    open_link(page, june.locator("td").first.get_by_role("link"))
    assert "country=RUS" in page.url and "date_from=2024-06-01" in page.url and "date_to=2024-06-30" in page.url
    assert results(page) == 4


def test_a_bad_comparison_says_what_is_wrong_in_the_page(page, site):
    response = page.goto(f"{site['base']}/compare/?parties=RUS")
    assert response.status == 400
    assert "Choose 2 to 5 countries or delegates to compare; you gave 1." in page.locator("main").inner_text()
    check_page_type(page, page.url, "compare-error", 400)


def test_a_month_of_the_country_chart_opens_that_months_statements(page, site):
    page.goto(site["country"])
    open_link(page, page.locator("svg.timeline a").first)
    assert "country=RUS" in page.url and "date_from=2024-06-01" in page.url
    assert results(page) == 4
