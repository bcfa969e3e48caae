"""A country page's relation lists (statements.pages.relation_lists): names escaped and isolated,
numbers linked to their statements and worded for screen readers."""

from statements.pages.relation_lists import relation_lists

RLO = "\u202e"


def entry(name, code="XYZ"):
    return {"code": code, "name": name, "url": f"/countries/{code}/", "search": f"/search/?country=RUS&mentions={code}"}


def test_what_a_party_says_of_others_reads_party_relation_then_each_other_party_with_its_number():
    html = relation_lists([("accuses", [(entry("Ukraine", "UKR"), 3), (entry("Japan", "JPN"), 1)])], "Russia")

    assert html == (
        '<dl class="relations"><div><dt>Russia accuses</dt><dd>'
        '<a href="/countries/UKR/">Ukraine</a> (<a href="/search/?country=RUS&amp;mentions=UKR"'
        ' aria-label="3 statements about Ukraine">3</a>), '
        '<a href="/countries/JPN/">Japan</a> (<a href="/search/?country=RUS&amp;mentions=JPN"'
        ' aria-label="1 statement about Japan">1</a>)</dd></div></dl>'
    )


def test_what_others_say_of_a_party_starts_with_the_relation_and_counts_statements_by_them():
    html = relation_lists([("calls on", [(entry("France", "FRA"), 2)])], "Russia", incoming=True)

    assert "<dt>Calls on Russia</dt>" in html
    assert 'aria-label="2 statements by France"' in html


def test_names_are_escaped_isolated_and_plain_in_the_label():
    hostile = f'<b>"Eve" {RLO}evE</b>'

    html = relation_lists([("accuses", [(entry(hostile), 1)])], hostile)

    assert "<b>" not in html
    escaped = f"&lt;b&gt;&quot;Eve&quot; {RLO}evE&lt;/b&gt;"
    assert f"<dt><bdi>{escaped}</bdi> accuses</dt>" in html
    assert f'<a href="/countries/XYZ/"><bdi>{escaped}</bdi></a>' in html
    # An attribute cannot hold a <bdi>: the direction control is left out of the label.
    assert 'aria-label="1 statement about &lt;b&gt;&quot;Eve&quot; evE&lt;/b&gt;"' in html


def test_a_party_nobody_treats_any_way_says_so():
    assert relation_lists([], "Russia") == "<p>None recorded.</p>"
