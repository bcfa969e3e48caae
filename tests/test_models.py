"""Managers, `__str__` and `get_absolute_url` of the domain models."""

import datetime

import pytest

from statements.models import CouncilSeat, Country, Mention, Organisation, Party, Position

from .factories import (
    AliasFactory,
    BodyFactory,
    CitationFactory,
    CouncilSeatFactory,
    DelegateFactory,
    MeetingFactory,
    MentionFactory,
    OrganisationFactory,
    PositionFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = datetime.date


# DatedQuerySet.on_date()


@pytest.fixture
def terms():
    """Positions of one delegate covering each shape of date range."""
    delegate = DelegateFactory()
    make = lambda title, start, end: PositionFactory(delegate=delegate, title=title, start=start, end=end)  # noqa: E731
    return {
        "closed": make("Closed", D(2020, 1, 1), D(2020, 12, 31)),
        "open-end": make("Open end", D(2021, 1, 1), None),
        "unknown-start": make("Unknown start", None, D(2019, 12, 31)),
        "undated": make("Undated", None, None),
    }


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def test_on_date_includes_the_first_and_last_day_of_a_term(terms):
    assert "Closed" in titles(Position.objects.on_date(D(2020, 1, 1)))
    assert "Closed" in titles(Position.objects.on_date(D(2020, 12, 31)))


def test_on_date_finds_the_terms_held_on_a_date(terms):
    assert titles(Position.objects.on_date(D(2020, 6, 1))) == ["Closed", "Undated"]
    assert titles(Position.objects.on_date(D(2019, 6, 1))) == ["Undated", "Unknown start"]
    assert titles(Position.objects.on_date(D(2030, 6, 1))) == ["Open end", "Undated"]


def test_on_date_works_for_council_seats():
    body = BodyFactory()
    CouncilSeatFactory(country=country("JPN"), body=body, start=D(2023, 1, 1), end=D(2024, 12, 31))
    CouncilSeatFactory(country=country("KOR"), body=body, start=D(2024, 1, 1), end=D(2025, 12, 31))
    CouncilSeat.objects.create(country=country("CHN"), body=body, kind=CouncilSeat.Kind.PERMANENT)

    on_date = CouncilSeat.objects.on_date(D(2025, 6, 1)).values_list("country__code", flat=True)
    assert sorted(on_date) == ["CHN", "KOR"]


# PartyQuerySet.by_codes and the proxies


def test_by_codes_matches_iso_codes_in_any_case():
    codes = Party.objects.by_codes(["rus", "Usa", " FRA ", ""]).values_list("code", flat=True)

    assert sorted(codes) == ["FRA", "RUS", "USA"]


def test_by_codes_matches_organisation_slugs():
    OrganisationFactory(code="un-secretariat")
    OrganisationFactory(code="who", name="World Health Organization")

    codes = Party.objects.by_codes(["un-secretariat", "who", "fra"]).values_list("code", flat=True)
    assert sorted(codes) == ["FRA", "un-secretariat", "who"]


def test_by_codes_with_joint_finds_the_same_parties_and_which_spoke_jointly():
    OrganisationFactory(code="who", name="World Health Organization")
    joint = StatementFactory(party=country("FRA"))
    joint.joint_parties.add(country("DEU"))
    codes = ["rus", " deu ", "WHO", "fra", "", "XXX"]

    found = Party.objects.by_codes_with_joint(codes)

    assert [party.code for party in found] == [party.code for party in Party.objects.by_codes(codes)]
    assert {party.code: bool(party.joint_ids) for party in found} == {
        "DEU": True,
        "FRA": False,
        "RUS": False,
        "who": False,
    }
    assert {party.code: party.joint_ids for party in found} == {"DEU": [joint.pk], "FRA": [], "RUS": [], "who": []}
    assert Party.objects.by_codes_with_joint(["", " "]) == []


def test_by_codes_ignores_unknown_codes():
    assert not Party.objects.by_codes(["XXX", "nowhere"]).exists()


def test_country_returns_only_states():
    OrganisationFactory(code="un-secretariat")

    assert not Country.objects.filter(code="un-secretariat").exists()
    assert Country.objects.filter(code="FRA").exists()
    assert set(Country.objects.values_list("kind", flat=True)) == {Party.Kind.STATE}


def test_organisation_returns_only_organisations():
    OrganisationFactory(code="un-secretariat")

    assert list(Organisation.objects.values_list("code", flat=True)) == ["un-secretariat"]
    assert list(Organisation.objects.by_codes(["FRA", "un-secretariat"]).values_list("code", flat=True)) == [
        "un-secretariat"
    ]


def test_country_by_codes_never_returns_an_organisation():
    OrganisationFactory(code="abc")

    assert not Country.objects.by_codes(["abc"]).exists()


# __str__ and get_absolute_url of every model


def test_a_country_reads_as_its_short_name_and_links_to_its_page():
    russia = country("RUS")

    assert str(russia) == "Russia"
    assert russia.get_absolute_url() == "/countries/RUS/"
    assert russia.is_state


def test_a_party_falls_back_to_its_name():
    assert str(Party(name="Holy See", short_name="")) == "Holy See"


def test_an_organisation_reads_as_its_name_and_links_to_its_page():
    organisation = OrganisationFactory(code="un-secretariat", name="United Nations Secretariat", short_name="")

    assert str(organisation) == "United Nations Secretariat"
    assert organisation.get_absolute_url() == "/organisations/un-secretariat/"
    assert not organisation.is_state


def test_a_body_reads_as_its_name_and_links_to_its_page():
    body = BodyFactory()

    assert str(body) == "Security Council"
    assert body.get_absolute_url() == "/bodies/security-council/"


def test_a_council_seat_reads_as_country_body_kind_and_years():
    seat = CouncilSeatFactory(country=country("KOR"), start=D(2024, 1, 1), end=D(2025, 12, 31))
    permanent = CouncilSeat.objects.create(country=country("CHN"), body=seat.body, kind=CouncilSeat.Kind.PERMANENT)

    assert str(seat) == "South Korea on the Security Council (Elected member, 2024–2025)"
    assert str(permanent) == "China on the Security Council (Permanent member, …–…)"
    assert seat.get_absolute_url() == "/countries/KOR/"


def test_a_delegate_reads_as_the_full_name_and_links_to_the_delegate_page():
    delegate = DelegateFactory(full_name="Vasily Nebenzya", sort_name="Nebenzya, Vasily")

    assert str(delegate) == "Vasily Nebenzya"
    assert delegate.get_absolute_url() == f"/delegates/{delegate.pk}/"


def test_an_alias_reads_as_the_name_and_links_to_the_delegate():
    alias = AliasFactory(name="Vasily Nebenzia")

    assert str(alias) == "Vasily Nebenzia"
    assert alias.get_absolute_url() == f"/delegates/{alias.delegate_id}/"


def test_a_position_reads_as_delegate_title_and_party():
    position = PositionFactory(
        delegate=DelegateFactory(full_name="Geng Shuang"), party=country("CHN"), title="Deputy Ambassador to the UN"
    )

    assert str(position) == "Geng Shuang, Deputy Ambassador to the UN (China)"
    assert position.get_absolute_url() == f"/delegates/{position.delegate_id}/"


def test_a_topic_reads_as_its_name_and_links_to_its_page():
    topic = TopicFactory(name="Arms embargo", slug="arms-embargo")

    assert str(topic) == "Arms embargo"
    assert topic.get_absolute_url() == "/topics/arms-embargo/"


def test_a_meeting_reads_as_title_and_date_and_links_to_its_page():
    meeting = MeetingFactory(title="Non-proliferation/Democratic People's Republic of Korea")

    assert str(meeting) == "Non-proliferation/Democratic People's Republic of Korea, 28 June 2024"
    assert meeting.get_absolute_url() == f"/meetings/{meeting.pk}/"


def test_a_meeting_without_a_title_reads_as_its_body():
    meeting = MeetingFactory(title="", date=D(2024, 6, 8))

    assert str(meeting) == "Security Council meeting, 8 June 2024"


def test_a_source_reads_as_title_and_publisher_and_links_to_its_page():
    source = SourceFactory(title="Press release SC/15755", publisher="United Nations")

    assert str(source) == "Press release SC/15755 (United Nations)"
    assert source.get_absolute_url() == f"/sources/{source.pk}/"


def test_a_source_without_title_reads_as_its_url_or_number():
    assert str(SourceFactory(title="", publisher="", url="https://example.org/a")) == "https://example.org/a"
    untitled = SourceFactory(title="", publisher="", url="")
    assert str(untitled) == f"Source {untitled.pk}"


def test_a_statement_reads_as_speaker_and_quote_and_links_to_its_page():
    statement = StatementFactory(
        speaker=DelegateFactory(full_name="Vasily Nebenzya"), party=country("RUS"), text="completely false."
    )

    assert str(statement) == "Vasily Nebenzya (Russia): “completely false.”"
    assert statement.get_absolute_url() == f"/statements/{statement.pk}/"
    assert statement.is_direct


def test_a_statement_shortens_long_quotes_and_falls_back_to_the_party():
    statement = StatementFactory(speaker=None, party=country("USA"), text="x" * 61)

    assert str(statement) == f"United States: “{'x' * 57}…”"
    assert str(StatementFactory(speaker=None, party=None, text="Hello.")) == "Unknown speaker: “Hello.”"


def test_a_citation_reads_as_source_and_statement_and_links_to_the_statement():
    citation = CitationFactory(source=SourceFactory(title="Report", publisher=""))

    assert str(citation) == f"Report for statement {citation.statement_id}"
    assert citation.get_absolute_url() == f"/statements/{citation.statement_id}/"


def test_a_mention_reads_as_statement_relation_and_party_and_links_to_the_statement():
    mention = MentionFactory(party=country("RUS"), relation=Mention.Relation.REJECTS)

    assert str(mention) == f"{mention.statement_id} rejects the claims of Russia"
    assert mention.get_absolute_url() == f"/statements/{mention.statement_id}/"
