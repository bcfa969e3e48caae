"""statements/querylang/: reading the search language, finding names, applying a search to statements."""

import datetime

import pytest
from django.core.cache import cache

from statements.models import Statement
from statements.querylang import names
from statements.querylang.parse import Field, Term, parse
from statements.querylang.resolve import interpret
from statements.search import match_statements
from tests.factories import AliasFactory, DelegateFactory, MentionFactory, StatementFactory, TopicFactory, country

# Reading (no database)


def test_it_reads_words_phrases_alternatives_and_exclusions():
    query = parse('sanctions "nuclear test" or missile -Korea')
    assert query.groups == ((Term("sanctions"),), (Term("nuclear test", phrase=True), Term("missile")))
    assert query.excluded == (Term("Korea"),)
    assert query.websearch() == 'sanctions "nuclear test" or missile -Korea'
    assert query.problems == ()


def test_it_reads_fields_with_quoted_and_several_values():
    query = parse('speaker:nebenzia country:"north korea" accuses:russia,china sanctions')
    assert query.fields == (
        Field("speaker", ("nebenzia",), "speaker:nebenzia"),
        Field("country", ("north korea",), 'country:"north korea"'),
        Field("accuses", ("russia", "china"), "accuses:russia,china"),
    )
    assert query.groups == ((Term("sanctions"),),)


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        ("date:2024-06", datetime.date(2024, 6, 1), datetime.date(2024, 6, 30)),
        ("date:2024", datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        ("date:2024-02-29", datetime.date(2024, 2, 29), datetime.date(2024, 2, 29)),
        ("from:2024-01-01 to:2024-06-30", datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)),
        ("from:2024-03", datetime.date(2024, 3, 1), None),
        ("to:2023", None, datetime.date(2023, 12, 31)),
        ("date:2024 from:2024-05-02", datetime.date(2024, 5, 2), datetime.date(2024, 12, 31)),
    ],
)
def test_it_reads_dates_as_days_months_or_years(q, start, end):
    query = parse(q)
    assert (query.start, query.end) == (start, end)


def test_field_names_are_case_insensitive_and_have_synonyms():
    query = parse("Speaker:wood BY:kim Criticizes:usa calls_on:rus since:2024 until:2024-02")
    assert [field.name for field in query.fields] == ["speaker", "speaker", "criticises", "calls-on"]
    assert (query.start, query.end) == (datetime.date(2024, 1, 1), datetime.date(2024, 2, 29))


def test_a_mistyped_field_is_a_problem_and_its_value_is_searched_as_words():
    query = parse("spekaer:nebenzia sanctions")
    assert query.groups == ((Term("nebenzia"),), (Term("sanctions"),))
    assert query.problems[0].startswith("“spekaer:” is not a search field. Did you mean speaker:?")
    assert "Searched for “nebenzia” as words instead." in query.problems[0]


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        ("peace date:2024-13", "“date:2024-13”: give one date as 2024, 2024-06 or 2024-06-28"),
        ("peace from:yesterday", "“from:yesterday”: give one date"),
        ("peace date:2024,2025", "“date:2024,2025”: give one date"),
        ("peace -country:rus", "a field cannot be left out with a minus"),
        ("peace country:", None),  # no value: "country:" is a word
    ],
)
def test_a_bad_value_is_a_problem_and_the_rest_still_runs(q, problem):
    query = parse(q)
    assert query.groups[0] == (Term("peace"),)
    if problem:
        assert problem in " ".join(query.problems)
    else:
        assert query.problems == ()


def test_dates_that_leave_nothing_between_them_are_refused():
    with pytest.raises(ValueError, match="nothing between them"):
        parse("from:2024-06 to:2024-01")


@pytest.mark.parametrize("q", ["", "  ", "or", '""', "-sanctions", "!!!"])
def test_a_search_with_nothing_to_look_for_is_refused(q):
    with pytest.raises(ValueError):
        parse(q)


def test_only_fields_is_a_search():
    query = parse("country:rus date:2024")
    assert not query.has_text
    assert query.values("country") == ["rus"]


def test_it_refuses_a_nul_and_an_overlong_search():
    with pytest.raises(ValueError, match="NUL"):
        parse("a\x00b")
    with pytest.raises(ValueError, match="longer than 500"):
        parse("word " * 200)


# Names (no database)


@pytest.mark.parametrize(
    ("typed", "known"),
    [
        ("Nebenzia", "Nebenzya"),
        ("NEBENZIA", "Nebenzya"),
        ("Zaharova", "Zakharova"),
        ("Lavroff", "Lavrov"),
        ("Rivière", "Riviere"),
        ("Nebenzja", "Nebenzia"),  # a letter off in a long word
    ],
)
def test_spelling_variants_of_a_name_match(typed, known):
    [typed_key], [known_key] = ([names.key(word) for word in names.fold(text)] for text in (typed, known))
    assert names.words_match(typed_key, known_key)


@pytest.mark.parametrize(("typed", "known"), [("Kim", "Kin"), ("Song", "Sung"), ("peace", "pearce")])
def test_short_words_must_match_exactly(typed, known):
    assert not names.words_match(names.key(typed.lower()), names.key(known.lower()))


def test_a_form_matches_words_in_any_order():
    form = names.Form.of("Kim, Song")
    keys = ("song", "kim")
    assert form.match(keys, {word: {word} for word in keys}) == "complete"
    assert form.match(("kim",), {"kim": {"kim"}}) == "partial"


# Finding names and applying searches (database)


@pytest.fixture
def people(db):
    nebenzia = DelegateFactory(full_name="Vasily Nebenzia", sort_name="Nebenzia, Vasily")
    AliasFactory(delegate=nebenzia, name="Vasily Nebenzya")
    kim = DelegateFactory(full_name="Kim Song", sort_name="Kim, Song")
    AliasFactory(delegate=kim, name="Song Kim")
    wood = DelegateFactory(full_name="Robert Wood", sort_name="Wood, Robert")
    return {"nebenzia": nebenzia, "kim": kim, "wood": wood}


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("Nebenzia", "nebenzia"),
        ("nebenzya", "nebenzia"),
        ("NEBENZIA", "nebenzia"),
        ("Vasily Nebenzia", "nebenzia"),
        ("Kim Song", "kim"),
        ("Song Kim", "kim"),
        ("kim", "kim"),
        ("wood", "wood"),
    ],
)
def test_it_finds_delegates_by_any_name_spelling_and_order(people, typed, who):
    assert [match.row.id for match in names.directory().find_people(typed)] == [people[who].pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Russia", "RUS"),
        ("russian federation", "RUS"),
        ("Russian", "RUS"),
        ("North Korean", "PRK"),
        ("north korea", "PRK"),
        ("DPRK", "PRK"),
        ("United States", "USA"),
        ("usa", "USA"),
        ("Britain", "GBR"),
        ("France", "FRA"),
    ],
)
def test_it_finds_a_party_by_name_short_name_demonym_or_code(typed, code):
    parties, problem = names.party_choices(typed)
    assert ([party.code for party in parties], problem) == ([code], "")


@pytest.mark.django_db
def test_an_ambiguous_or_unknown_party_name_is_a_problem_naming_the_candidates():
    assert names.party_choices("korea")[1].startswith("“korea” could mean")
    assert "(PRK)" in names.party_choices("korea")[1] and "(KOR)" in names.party_choices("korea")[1]
    assert names.party_choices("atlantis") == ([], "No country or organisation is called “atlantis”.")


@pytest.mark.django_db
def test_in_free_text_acronyms_count_only_in_capitals():
    assert [party.code for party in interpret("US sanctions").parties] == ["USA"]
    assert interpret("tell us more").parties == []
    assert interpret("we can act").parties == []
    assert interpret("member states").parties == []
    assert {party.code for party in interpret("korea").parties} == {"PRK", "KOR"}


@pytest.mark.django_db
def test_values_that_name_nothing_are_problems():
    result = interpret("peace speaker:nobody country:atlantis topic:cooking kind:poem")
    assert result.problems == [
        "speaker:nobody: no delegate is called “nobody”.",
        "country:atlantis: No country or organisation is called “atlantis”.",
        "topic:cooking: no topic is called “cooking”.",
        "kind:poem: the kinds are quote, paraphrase and speech.",
    ]


def ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
class TestApplying:
    @pytest.fixture
    def rows(self, people):
        sanctions = TopicFactory(slug="sanctions", name="Sanctions")
        russia, usa = country("RUS"), country("USA")
        rows = {
            "nebenzia": StatementFactory(speaker=people["nebenzia"], party=russia, text="The West is lying."),
            "wood": StatementFactory(
                speaker=people["wood"], party=usa, text="Russia violates the sanctions.", date=datetime.date(2024, 3, 1)
            ),
            "kim": StatementFactory(speaker=people["kim"], party=country("PRK"), text="We reject the sanctions."),
            "about_nebenzia": StatementFactory(party=country("FRA"), text="Ambassador Nebenzia spoke first."),
        }
        MentionFactory(statement=rows["wood"], party=russia, relation="accuses")
        rows["kim"].topics.add(sanctions)
        return rows

    def find(self, q):
        return ids(match_statements(Statement.objects.all(), q))

    def test_a_name_finds_the_statements_of_that_delegate_and_those_containing_it(self, rows):
        expected = sorted([rows["nebenzia"].pk, rows["about_nebenzia"].pk])
        assert self.find("Nebenzia") == expected
        assert self.find("nebenzya") == [rows["nebenzia"].pk]  # the text says Nebenzia
        assert self.find("Song Kim") == [rows["kim"].pk]

    def test_alternatives_find_each_named_delegate(self, rows):
        assert self.find("nebenzya or wood") == sorted([rows["nebenzia"].pk, rows["wood"].pk])
        assert self.find("nebenzya or sanctions") == sorted([rows["nebenzia"].pk, rows["wood"].pk, rows["kim"].pk])

    def test_a_country_name_finds_its_statements_and_those_mentioning_it(self, rows):
        assert self.find("Russia") == sorted([rows["nebenzia"].pk, rows["wood"].pk])
        assert self.find("Russian sanctions") == [rows["wood"].pk]

    def test_fields_map_onto_the_filters(self, rows):
        assert self.find("speaker:nebenzya") == [rows["nebenzia"].pk]
        assert self.find("country:united states") == []  # unquoted: "states" is a word
        assert self.find('country:"united states"') == [rows["wood"].pk]
        assert self.find("accuses:russia") == [rows["wood"].pk]
        assert self.find("about:rus") == [rows["wood"].pk]
        assert self.find("defends:russia") == []
        assert self.find("topic:sanctions") == [rows["kim"].pk]
        assert self.find("kind:quote") == ids(Statement.objects.filter(kind="direct"))
        assert self.find("date:2024-03") == [rows["wood"].pk]
        assert self.find("from:2024-03-02") == ids(Statement.objects.filter(date__gte="2024-03-02"))
        assert self.find("country:usa,prk sanctions") == sorted([rows["wood"].pk, rows["kim"].pk])
        assert self.find("sanctions -reject") == [rows["wood"].pk]


@pytest.mark.django_db
def test_a_search_whose_every_field_names_nothing_is_refused_rather_than_listing_everything():
    with pytest.raises(ValueError, match="No country or organisation is called “atlantis”."):
        interpret("country:atlantis")
    with pytest.raises(ValueError, match="no delegate is called"):
        interpret("speaker:nobody kind:poem")


@pytest.mark.django_db
def test_the_directory_is_read_again_when_stale_but_rebuilt_only_when_a_name_changed():
    delegate = DelegateFactory(full_name="Vassily Nebenzia", sort_name="Nebenzia, Vassily")
    first = names.directory()

    # Stale (its cache token gone), with the same names: the same forms serve on.
    cache.delete(names.CACHE_KEY)
    assert names.directory() is first

    delegate.full_name, delegate.sort_name = "Dmitry Polyanskiy", "Polyanskiy, Dmitry"
    delegate.save()
    assert names.directory() is first  # fresh for DIRECTORY_SECONDS
    cache.delete(names.CACHE_KEY)
    renamed = names.directory()

    assert renamed is not first
    assert [match.row.id for match in renamed.find_people("Polyanskiy")] == [delegate.pk]
    assert renamed.find_people("Vassily Nebenzia") == []
