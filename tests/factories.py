"""factory_boy factories for the domain. Countries come from the migration, so factories look them up."""

import datetime

import factory
from django.contrib.auth import get_user_model

from statements.models import (
    Alias,
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Country,
    Delegate,
    Draft,
    Meeting,
    Mention,
    Organisation,
    Participant,
    Party,
    Position,
    RecordCheck,
    Role,
    Source,
    Statement,
    Topic,
    Vote,
)
from statements.roles import grant_role


def country(code):
    return Country.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["code"]

    kind = Party.Kind.ORGANISATION
    code = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["slug"]

    name = "Security Council"
    short_name = "Security Council"
    slug = "security-council"


class CouncilSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilSeat

    country = factory.LazyFunction(lambda: country("FRA"))
    body = factory.SubFactory(BodyFactory)
    kind = CouncilSeat.Kind.ELECTED
    start = datetime.date(2024, 1, 1)
    end = datetime.date(2025, 12, 31)


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate

    full_name = factory.Sequence(lambda n: f"Delegate Number{n}")
    sort_name = factory.LazyAttribute(lambda d: ", ".join(reversed(d.full_name.split(" ", 1))))


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    delegate = factory.SubFactory(DelegateFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    delegate = factory.SubFactory(DelegateFactory)
    party = factory.LazyFunction(lambda: country("FRA"))
    title = "Permanent Representative"
    start = datetime.date(2020, 1, 1)
    end = None


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    date = datetime.date(2024, 6, 28)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = Meeting.Kind.BRIEFING


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    kind = Source.Kind.NEWS
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Example News"
    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    text = ""


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement
        # The hook below creates a citation; saving the statement again would add a history row.
        skip_postgeneration_save = True

    meeting = factory.SubFactory(MeetingFactory)
    date = factory.LazyAttribute(lambda s: s.meeting.date if s.meeting else datetime.date(2024, 6, 28))
    speaker = factory.SubFactory(DelegateFactory)
    party = factory.LazyFunction(lambda: country("FRA"))
    text = factory.Sequence(lambda n: f"We stand by statement number {n}.")
    kind = Statement.Kind.DIRECT
    sequence = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def cite(self, create, extracted, **kwargs):
        """Every statement has a source, unless the test passes cite=False."""
        if create and extracted is not False:
            CitationFactory(statement=self)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    statement = factory.SubFactory(StatementFactory, cite=False)
    source = factory.SubFactory(SourceFactory)


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    statement = factory.SubFactory(StatementFactory)
    party = factory.LazyFunction(lambda: country("RUS"))
    relation = Mention.Relation.ACCUSES


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    role = Role.MEMBER
    party = factory.LazyFunction(lambda: country("FRA"))
    name = "Mr. de Rivière"
    sequence = factory.Sequence(lambda n: n + 1)


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    symbol = factory.Sequence(lambda n: f"S/2024/{n + 100}")


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    meeting = factory.SubFactory(MeetingFactory)
    draft = factory.SubFactory(DraftFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    outcome = Vote.Outcome.ADOPTED


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    vote = factory.SubFactory(VoteFactory)
    party = factory.LazyFunction(lambda: country("FRA"))
    choice = Ballot.Choice.IN_FAVOUR


class RecordCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordCheck

    statement = factory.SubFactory(StatementFactory)
    speech = factory.SubFactory(
        StatementFactory, kind=Statement.Kind.SPEECH, meeting=factory.SelfAttribute("..statement.meeting")
    )
    result = RecordCheck.Result.DIFFERS
    score = 0.8


def user_with_role(role, username=None, **fields):
    """A user holding one role (`editor` or `administrator`), granted as `grant_role` does."""
    user = get_user_model().objects.create_user(username or role, **fields)
    grant_role(user, role)
    return user


def editor_user(username="editor", **fields):
    return user_with_role("editor", username, **fields)


def administrator_user(username="administrator", **fields):
    return user_with_role("administrator", username, **fields)
