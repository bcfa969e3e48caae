"""A parsed search (statements.querylang.parse) made into conditions on statements.

Fields become the filters the API has (`speaker:`, `country:` the speaking party, `about:` and
the relations the mentions, `topic:`, `kind:`, dates). Names in the free text are found too: a
run of words that names a delegate ("nebenzia", "Kim Song") also matches that delegate's
statements, and one that is the whole name of a country ("Russia", "North Korean") matches the
statements made on its behalf or mentioning it; the words still match the text as well.

Values that name nothing become problems, which the page shows and the API answers with a 400.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from statements import memo
from statements.models import Mention, Statement
from statements.querylang import names
from statements.querylang.parse import RELATIONS, parse

KINDS = {
    "quote": Statement.Kind.DIRECT,
    "quotes": Statement.Kind.DIRECT,
    "direct": Statement.Kind.DIRECT,
    "paraphrase": Statement.Kind.PARAPHRASE,
    "paraphrases": Statement.Kind.PARAPHRASE,
    "speech": Statement.Kind.SPEECH,
    "speeches": Statement.Kind.SPEECH,
    "record": Statement.Kind.SPEECH,
}
# Names in the free text are looked for in runs of up to this many words.
LONGEST_NAME = 5


@dataclass
class NameRun:
    """Groups of the free text (their indexes) that together name people or parties."""

    groups: tuple[int, ...]
    text: str
    people: list = field(default_factory=list)
    parties: list = field(default_factory=list)  # whole names only: their statements match


@dataclass
class Interpretation:
    query: object
    speakers: list = field(default_factory=list)  # from speaker:
    countries: list = field(default_factory=list)  # from country:
    mentions: dict = field(default_factory=dict)  # relation ("" for about:) → parties
    topics: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    runs: list = field(default_factory=list)
    people: list = field(default_factory=list)  # every delegate found by name, for "People"
    parties: list = field(default_factory=list)  # every party found by name, for "Countries"
    problems: list = field(default_factory=list)

    @property
    def plain_groups(self):
        """The groups of the free text that are no name."""
        named = {index for run in self.runs for index in run.groups}
        return tuple(group for index, group in enumerate(self.query.groups) if index not in named)

    def conditions(self, queryset):
        """`queryset` narrowed by the fields and dates (not by the free text)."""
        if self.speakers:
            queryset = queryset.filter(speaker_id__in=[person.id for person in self.speakers])
        if self.countries:
            queryset = queryset.filter(_spoken_for([party.id for party in self.countries]))
        for relation, parties in self.mentions.items():
            mentions = Mention.objects.filter(party_id__in=[party.id for party in parties])
            if relation:
                mentions = mentions.filter(relation=relation)
            queryset = queryset.filter(pk__in=mentions.values("statement_id"))
        if self.topics:
            through = Statement.topics.through.objects.filter(topic_id__in=[topic.id for topic in self.topics])
            queryset = queryset.filter(pk__in=through.values("statement_id"))
        if self.kinds:
            queryset = queryset.filter(kind__in=self.kinds)
        if self.query.start:
            queryset = queryset.filter(date__gte=self.query.start)
        if self.query.end:
            queryset = queryset.filter(date__lte=self.query.end)
        return queryset

    def name_condition(self, run):
        """The statements a run of words names: by its people, or on behalf of or mentioning its parties."""
        condition = Q()
        if run.people:
            condition |= Q(speaker_id__in=[person.id for person in run.people])
        if run.parties:
            ids = [party.id for party in run.parties]
            condition |= _spoken_for(ids) | Q(pk__in=Mention.objects.filter(party_id__in=ids).values("statement_id"))
        return condition


def _spoken_for(party_ids):
    joint = Statement.joint_parties.through.objects.filter(party_id__in=party_ids)
    return Q(party_id__in=party_ids) | Q(pk__in=joint.values("statement_id"))


def _unique(rows):
    return list({id(row): row for row in rows}.values())


def _resolve_parties(directory, value, typed, problems):
    parties, problem = names.party_choices(value, directory)
    if problem:
        problems.append(f"{typed}: {problem}")
    return parties


def _resolve_fields(result, directory):
    query, problems = result.query, result.problems
    for item in query.fields:
        for value in item.values:
            if item.name == "speaker":
                found = [match.row for match in directory.find_people(value)]
                if not found:
                    problems.append(f"{item.typed}: no delegate is called “{value}”.")
                result.speakers += found
            elif item.name == "country":
                result.countries += _resolve_parties(directory, value, item.typed, problems)
            elif item.name == "about" or item.name in RELATIONS:
                relation = "" if item.name == "about" else item.name
                parties = _resolve_parties(directory, value, item.typed, problems)
                if parties:
                    result.mentions.setdefault(relation, []).extend(parties)
            elif item.name == "topic":
                found = [match.row for match in directory.find_topics(value)]
                if not found:
                    problems.append(f"{item.typed}: no topic is called “{value}”.")
                result.topics += found
            elif item.name == "kind":
                kind = KINDS.get(value.lower())
                if kind is None:
                    problems.append(f"{item.typed}: the kinds are quote, paraphrase and speech.")
                else:
                    result.kinds.append(kind)
    result.speakers = _unique(result.speakers)
    result.people += result.speakers


def _named(directory, text, capitals):
    """(people, parties listed, whole parties) that `text` names."""
    people = [match.row for match in directory.find_people(text, capitals=False)]
    matches = directory.find_parties(text, capitals=capitals)
    if any(match.complete for match in matches) or all(
        word in names.GENERIC or (len(word) < 4 and not capitals) for word in names.fold(text)
    ):
        # "korea" lists both Koreas; "states", "us" or a word after a whole name lists none.
        matches = [match for match in matches if match.complete]
    return people, [match.row for match in matches], [match.row for match in matches if match.complete]


def _find_names(result, directory):
    """Runs of single words or phrases in the free text that name people or whole parties; and
    alternatives (`nebenzia or wood`) that do, each on its own."""
    groups = result.query.groups
    index = 0
    while index < len(groups):
        if len(groups[index]) > 1:
            run = NameRun((index,), " or ".join(term.text for term in groups[index]))
            for term in groups[index]:
                people, listed, whole = _named(directory, term.text, term.text.isupper())
                run.people += people
                run.parties += whole
                result.people += people
                result.parties += listed
            if run.people or run.parties:
                result.runs.append(run)
            index += 1
            continue
        for length in range(min(LONGEST_NAME, len(groups) - index), 0, -1):
            span = groups[index : index + length]
            if any(len(group) != 1 for group in span):
                continue
            text = " ".join(group[0].text for group in span)
            # Acronyms and codes only when typed in capitals ("US", "RUS"), so "us" stays a word.
            people, listed, whole = _named(directory, text, all(group[0].text.isupper() for group in span))
            if people or listed:
                result.runs.append(NameRun(tuple(range(index, index + length)), text, people, whole))
                result.people += people
                result.parties += listed
                index += length
                break
        else:
            index += 1
    result.people = _unique(result.people)
    result.parties = _unique(result.parties)


def interpret(q, directory=None):
    """Parse `q` and find what its fields and names refer to. Raises ValueError as `parse` does.

    Once per reading request (`memo.once`) with the process's directory: the `q` field checks the
    search, then the view runs it. Callers read the Interpretation and never change it.
    """
    if directory is None:
        return memo.once(("interpret", q), lambda: _interpret(q, names.directory()))
    return _interpret(q, directory)


def _interpret(q, directory):
    query = parse(q)
    result = Interpretation(query, problems=list(query.problems))
    _resolve_fields(result, directory)
    if not (query.groups or query.excluded or query.start or query.end) and not (
        result.speakers or result.countries or result.mentions or result.topics or result.kinds
    ):
        # Every field named nothing: running the rest would list every statement.
        raise ValueError(" ".join(result.problems))
    _find_names(result, directory)
    return result
