import datetime

from statements.pages.timeline import timeline_svg


def test_it_draws_nothing_without_statements():
    assert timeline_svg([], title="None") == ""


def test_it_draws_one_bar_per_month_with_statements_and_a_year_of_axis():
    svg = timeline_svg([(datetime.date(2024, 6, 28), 3), (datetime.date(2024, 4, 2), 1)], title="Statements")
    assert svg.count('<rect class="timeline-bar"') == 2
    assert "<title>June 2024: 3</title>" in svg
    assert "Jul 2023" in svg and "Jun 2024" in svg


def test_it_has_an_accessible_title_and_description():
    svg = timeline_svg([(datetime.date(2024, 6, 1), 2), (datetime.date(2023, 1, 1), 5)], title="Statements of <Chad>")
    assert 'role="img"' in svg
    assert '<title id="timeline-title">Statements of &lt;Chad&gt;</title>' in svg
    assert "7 statements, January 2023 to June 2024; the most in January 2023 (5)." in svg


def test_months_from_the_same_month_are_added_up():
    svg = timeline_svg([(datetime.date(2024, 6, 1), 2), (datetime.date(2024, 6, 30), 1)], title="t")
    assert "<title>June 2024: 3</title>" in svg


def test_a_long_record_keeps_only_the_latest_twenty_years():
    svg = timeline_svg([(datetime.date(1950, 1, 1), 1), (datetime.date(2024, 12, 1), 1)], title="t")
    assert "<title>January 1950" not in svg
    assert "<title>December 2024: 1</title>" in svg


def test_with_search_parameters_each_month_links_to_its_statements():
    svg = timeline_svg(
        [(datetime.date(2024, 6, 28), 3), (datetime.date(2024, 2, 2), 1)], title="t", search={"country": "RUS"}
    )
    assert 'role="group"' in svg
    june = "/search/?country=RUS&amp;date_from=2024-06-01&amp;date_to=2024-06-30"
    assert f'<a href="{june}" aria-label="June 2024: 3 statements">' in svg
    # February of a leap year ends on the 29th.
    february = "/search/?country=RUS&amp;date_from=2024-02-01&amp;date_to=2024-02-29"
    assert f'href="{february}" aria-label="February 2024: 1 statement"' in svg
    # Empty months are no links.
    assert svg.count("<a ") == 2


def test_a_december_link_ends_on_the_last_day_of_the_year():
    svg = timeline_svg([(datetime.date(2023, 12, 5), 1)], title="t", search={"speaker": 7})
    assert 'href="/search/?speaker=7&amp;date_from=2023-12-01&amp;date_to=2023-12-31"' in svg
