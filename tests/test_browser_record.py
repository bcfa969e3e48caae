"""The honest record and the newcomer's friction, in a real browser (Chromium, axe-core).

The meeting filters fold on a phone so that results come first; a statement shows the source's
title beside the archive's position and its place in the source; the source page says what it
is and what is not known of it; the delegates list names Kim Song in the UN's order; an editor
sets whom an imported statement speaks about, and its topics, on the review page.
Screenshots go to test-artifacts/screenshots/ (record-*.png).
"""

import pytest

from tests.browser_support import AXE, LAPTOP, MISSING, PHONE, REQUIRED
from tests.test_browser import run_axe, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
if MISSING and not REQUIRED:
    pytestmark.append(pytest.mark.skip(reason=f"browser tests need: {MISSING}"))

PASSWORD = "a long editor password"


def new_page(browser, viewport):
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.add_init_script(path=str(AXE))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


@pytest.fixture
def phone(browser):
    context, page, errors = new_page(browser, PHONE)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


@pytest.fixture
def laptop(browser):
    context, page, errors = new_page(browser, LAPTOP)
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def assert_axe_clean(page, name):
    serious = [v for v in run_axe(page) if v["impact"] in {"serious", "critical"}]
    assert serious == [], f"serious or critical accessibility violations on {name}: {serious}"


def test_on_a_phone_the_meeting_results_come_before_the_folded_filters(phone, site):
    phone.goto(site["meetings"])

    screenshot(phone, "record-meetings-375")
    heading = phone.locator("#results-heading")
    assert heading.inner_text() == "1 meeting"
    assert heading.bounding_box()["y"] + heading.bounding_box()["height"] <= PHONE["height"]
    first_meeting = phone.locator(".meeting-list li").first
    assert first_meeting.bounding_box()["y"] < PHONE["height"]
    assert not phone.get_by_label("Body").is_visible()
    assert_axe_clean(phone, "meetings at 375 px")

    phone.locator(".meeting-filters summary").click()
    phone.get_by_label("Country or organisation").fill("PRK")
    phone.get_by_role("button", name="Show meetings").click()
    phone.wait_for_load_state()

    assert "country=PRK" in phone.url
    # A filter in use keeps the panel open, and says so.
    assert phone.get_by_label("Country or organisation").input_value() == "PRK"
    assert "(1 in use)" in phone.locator(".meeting-filters summary").inner_text()
    assert_axe_clean(phone, "filtered meetings at 375 px")


def test_on_a_laptop_the_meeting_filters_stay_open_beside_the_results(laptop, site):
    laptop.goto(site["meetings"])

    assert laptop.get_by_label("Body").is_visible()
    filters = laptop.locator(".meeting-filters").bounding_box()
    results = laptop.locator("#results-heading").bounding_box()
    assert filters["x"] > results["x"] + results["width"] - 1
    screenshot(laptop, "record-meetings-1280")
    assert_axe_clean(laptop, "meetings at 1280 px")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375", "1280"])
def test_a_statement_sets_the_sources_title_beside_the_archives_position(browser, site, viewport):
    context, page, errors = new_page(browser, viewport)
    try:
        page.goto(site["statement"])

        speaker = page.locator("section[aria-labelledby=speaker-heading]")
        assert "Russian Ambassador to the UN" in speaker.locator("dd").nth(1).inner_text()
        assert speaker.locator("dd").nth(2).inner_text() == "Ambassador to the UN, Russia"
        context_text = page.locator("section[aria-labelledby=context-heading]").inner_text()
        assert "2nd in the order of the source, which is not necessarily the order of speakers" in context_text
        card = page.locator(".statement-full .attribution").inner_text()
        assert "(in the source: “Russian Ambassador to the UN”)" in card
        screenshot(page, f"record-statement-{viewport['width']}")
        assert_axe_clean(page, "statement")
        assert errors == []
    finally:
        context.close()


def test_the_source_page_says_what_the_seed_article_is_and_what_is_not_known(laptop, site):
    laptop.goto(site["source"])

    about = laptop.locator(".source-about").inner_text()
    assert about.startswith("What this is: a news report, reporting on Security Council meeting of 28 June 2024.")
    assert "Its publisher, date of publication, headline and web address are not known" in about
    assert laptop.get_by_text("Not recorded").count() == 0
    screenshot(laptop, "record-source-1280")
    assert_axe_clean(laptop, "source")


def test_the_delegates_list_names_kim_song_in_the_uns_order(laptop, site):
    laptop.goto(site["delegates"])

    names = laptop.locator(".plain-list li a").all_inner_texts()
    assert "Kim Song" in names and "Song Kim" not in names and "Kim, Song" not in names
    laptop.get_by_role("link", name="Kim Song").click()
    laptop.wait_for_load_state()
    assert laptop.locator("h1").inner_text() == "Kim Song"
    assert "Song Kim" in laptop.locator("main").inner_text()  # the article's spelling, as an alias
    assert_axe_clean(laptop, "delegate")


def test_an_editor_sets_whom_an_imported_statement_speaks_about_and_its_topics(laptop, site, migrated_rows):
    from statements.models import Statement
    from tests.factories import editor_user

    editor = editor_user()
    editor.set_password(PASSWORD)
    editor.save()
    base = site["base"]
    laptop.goto(f"{base}/admin/login/?next=/editor/import/")
    laptop.fill("#id_username", editor.username)
    laptop.fill("#id_password", PASSWORD)
    laptop.click("input[type=submit]")
    laptop.wait_for_load_state()
    assert laptop.url == f"{base}/editor/import/"

    laptop.get_by_label("Article text").fill(
        'The Russian envoy, Vasily Nebenzya, said on Friday: "The sanctions are unlawful and will fail."'
    )
    laptop.get_by_label("URL").fill("https://news.example.org/sanctions")
    laptop.get_by_label("Date published").fill("2024-07-01")
    laptop.get_by_role("button", name="Find the statements").click()
    laptop.wait_for_load_state()
    assert laptop.locator("h1").inner_text() == "Review the statements"
    assert_axe_clean(laptop, "import review")

    row = laptop.locator("fieldset.candidate").first
    row.get_by_label("Country or organisation 1").fill("USA")
    row.get_by_label("Relation 1").select_option("criticises")
    row.get_by_label("Sanctions").check()
    screenshot(laptop, "record-import-review-1280")
    laptop.get_by_role("button", name="Save the chosen statements").click()
    laptop.wait_for_load_state()

    statement = Statement.objects.get(text="The sanctions are unlawful and will fail.")
    assert list(statement.mentions.values_list("party__code", "relation")) == [("USA", "criticises")]
    assert list(statement.topics.values_list("slug", flat=True)) == ["sanctions"]
    laptop.goto(f"{base}{statement.get_absolute_url()}")
    facts = laptop.locator(".statement-full .statement-facts").inner_text()
    assert "criticises United States" in facts and "Sanctions" in facts
