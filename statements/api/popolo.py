"""The archive as Popolo JSON (https://www.popoloproject.com/specs/), for tools built on that standard.

One document with five collections, each object with the specification's field names:
- `persons`: the delegates, their aliases as `other_names`;
- `organizations`: the bodies (classification `body`), then the states and organisations that
  speak, vote and sit on them (classification `state` or `organisation`; a state's ISO codes
  as `identifiers`);
- `memberships`: a delegate's title for a party (a Position: `person_id`, `organization_id`,
  `role`, dates), and a state's seat on a body (`member` is the state, `role` the kind of seat);
- `events`: the meetings, each organised by its body;
- `vote_events`: the votes, with the announced `counts` and each member's vote (`voter_id` the
  party), the draft as the `motion` and the meeting as the `legislative_session_id`.

Ids are the kind of object and its id on the site ("delegate/12", "party/RUS", "body/security-council",
"meeting/34", "vote/7"), so one id names one object across the collections. Options and results
use Popolo's code lists: a vote in favour is `yes`, against `no`, an abstention `abstain`, not
voting `not voting`; an adopted draft `pass`, any other `fail` (a veto is a `fail`; the votes
table of a release and /api/v1/votes/ say who vetoed).

The document is written as it is read, one query per kind of object (eight in all) through the
export's server-side cursors: memory holds a chunk of rows, however big the archive.
"""

import itertools

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics

from statements.api import export as exports
from statements.api.renderers import JSONRenderer
from statements.api.views import ApiViewMixin
from statements.models import Ballot, Body, CouncilSeat, Delegate, Meeting, Party, Position, Vote

OPTIONS = {
    Ballot.Choice.IN_FAVOUR: "yes",
    Ballot.Choice.AGAINST: "no",
    Ballot.Choice.ABSTENTION: "abstain",
    Ballot.Choice.DID_NOT_VOTE: "not voting",
}
RESULTS = {Vote.Outcome.ADOPTED: "pass", Vote.Outcome.NOT_ADOPTED: "fail", Vote.Outcome.VETOED: "fail"}
SEAT_ROLES = {CouncilSeat.Kind.PERMANENT: "permanent member", CouncilSeat.Kind.ELECTED: "elected member"}
COLLECTIONS = ("persons", "organizations", "memberships", "events", "vote_events")

POSITIONS = exports.Export(
    columns=[
        ("id", "id"),
        ("delegate_id", "delegate_id"),
        ("party", "party__code"),
        ("title", "title"),
        ("start", "start"),
        ("end", "end"),
    ]
)
VOTE_EVENTS = exports.Export(
    columns=[
        ("id", "id"),
        ("date", "meeting__date"),
        ("meeting_id", "meeting_id"),
        ("body", "meeting__body__slug"),
        ("draft", "draft__symbol"),
        ("subject", "draft__subject"),
        ("outcome", "outcome"),
        ("in_favour", "in_favour"),
        ("against", "against"),
        ("abstaining", "abstaining"),
    ],
    # Each member's ballot, one column of party codes per choice, in the same query.
    many={
        f"voters {choice}": exports.Many(
            Ballot, "vote", "party__code", order="party__code", sort=True, where={"choice": choice}
        )
        for choice in OPTIONS
    },
)


def _records(export, queryset, site):
    """The rows of `export` as dicts keyed by column (many-valued ones as lists), the link to the
    object's page as "page"."""
    headers = [header for header, _ in export.columns] + list(export.flags) + list(export.many)
    for values, lists, url in export.tuples(queryset, site):
        yield {**dict(zip(headers, [*values, *lists], strict=True)), "page": url}


def _date(value):
    return value.isoformat() if value else None


def _links(url):
    return [{"url": url, "note": "Page on this site"}] if url else []


def _other_names(name, *others):
    return [{"name": other} for other in others if other and other != name]


def person_id(delegate_id):
    return f"delegate/{delegate_id}"


def party_id(code):
    return f"party/{code}"


def body_id(slug):
    return f"body/{slug}"


def meeting_id(pk):
    return f"meeting/{pk}"


def _persons(site):
    for row in _records(exports.DELEGATES, Delegate.objects.order_by("pk"), site):
        yield {
            "id": person_id(row["id"]),
            "name": row["name"],
            "sort_name": row["sort_name"],
            "other_names": _other_names(row["name"], *row["aliases"]),
            "links": _links(row["page"]),
        }


def _organizations(site, body_names):
    """The bodies, then the parties; fills `body_names` (slug: the name meetings go by) on the way."""
    for row in _records(exports.BODIES, Body.objects.order_by("slug"), site):
        body_names[row["slug"]] = row["short_name"] or row["name"]
        yield {
            "id": body_id(row["slug"]),
            "name": row["name"],
            "other_names": _other_names(row["name"], row["short_name"]),
            "classification": "body",
            "links": _links(row["page"]),
        }
    for export, kind in ((exports.COUNTRIES, Party.Kind.STATE), (exports.ORGANISATIONS, Party.Kind.ORGANISATION)):
        for row in _records(export, Party.objects.filter(kind=kind).order_by("code"), site):
            identifiers = []
            if kind == Party.Kind.STATE:
                identifiers = [
                    {"scheme": "ISO 3166-1 alpha-3", "identifier": row["code"]},
                    {"scheme": "ISO 3166-1 alpha-2", "identifier": row["iso2"]},
                ]
            yield {
                "id": party_id(row["code"]),
                "name": row["name"],
                "other_names": _other_names(row["name"], row["short_name"]),
                "identifiers": identifiers,
                "classification": kind,
                "links": _links(row["page"]),
            }


def _memberships(site):
    for row in _records(POSITIONS, Position.objects.order_by("pk"), site):
        yield {
            "id": f"position/{row['id']}",
            "person_id": person_id(row["delegate_id"]),
            "organization_id": party_id(row["party"]),
            "role": row["title"],
            "start_date": _date(row["start"]),
            "end_date": _date(row["end"]),
        }
    for row in _records(exports.SEATS, CouncilSeat.objects.order_by("pk"), site):
        yield {
            "id": f"seat/{row['id']}",
            "member": {"@type": "Organization", "id": party_id(row["country_code"])},
            "organization_id": body_id(row["body"]),
            "role": SEAT_ROLES.get(row["kind"], row["kind"]),
            "start_date": _date(row["start"]),
            "end_date": _date(row["end"]),
        }


def _events(site, body_names):
    for row in _records(exports.MEETINGS, Meeting.objects.order_by("pk"), site):
        identifiers = [
            {"scheme": scheme, "identifier": str(row[column])}
            for column, scheme in (
                ("record_symbol", "UN verbatim record"),
                ("press_release", "UN press release"),
                ("number", "meeting number"),
            )
            if row[column] not in ("", None)
        ]
        yield {
            "id": meeting_id(row["id"]),
            # Meeting.display_title: the official title, or the body's meeting when none is known.
            "name": row["title"] or f"{body_names.get(row['body'], row['body'])} meeting",
            "classification": row["kind"] or None,
            "start_date": _date(row["date"]),
            "location": row["place"] or None,
            "organization_id": body_id(row["body"]),
            "identifiers": identifiers,
            "links": _links(row["page"]),
        }


def _vote_events(site):
    for row in _records(VOTE_EVENTS, Vote.objects.order_by("pk"), site):
        counts = [
            {"option": OPTIONS[choice], "value": row[column]}
            for choice, column in (
                (Ballot.Choice.IN_FAVOUR, "in_favour"),
                (Ballot.Choice.AGAINST, "against"),
                (Ballot.Choice.ABSTENTION, "abstaining"),
            )
            if row[column] is not None
        ]
        votes = [
            {"vote_event_id": f"vote/{row['id']}", "voter_id": party_id(code), "option": option}
            for choice, option in OPTIONS.items()
            for code in row[f"voters {choice}"]
        ]
        yield {
            "id": f"vote/{row['id']}",
            "organization_id": body_id(row["body"]),
            "legislative_session_id": meeting_id(row["meeting_id"]),
            "identifier": row["draft"],
            "motion": {"identifier": row["draft"], "text": row["subject"]} if row["draft"] else None,
            "start_date": _date(row["date"]),
            "result": RESULTS.get(row["outcome"]),
            "counts": counts,
            "votes": votes,
        }


def collections(site=None):
    """(name, objects) for each collection, in document order; `site` makes links absolute (a request)."""
    body_names = {}
    return (
        ("persons", _persons(site)),
        ("organizations", _organizations(site, body_names)),
        ("memberships", _memberships(site)),
        ("events", _events(site, body_names)),
        ("vote_events", _vote_events(site)),
    )


# Objects per piece of text handed on: big enough to stream efficiently, small enough to hold.
PIECE = 500


def document(site=None):
    """The Popolo document as pieces of UTF-8 text, an object per line; together one JSON object."""
    yield "{"
    for index, (name, objects) in enumerate(collections(site)):
        yield f'{"," if index else ""}\n"{name}": ['
        first = True
        objects = iter(objects)
        while piece := list(itertools.islice(objects, PIECE)):
            lines = [exports.json_line(item) for item in piece]
            yield ("\n" if first else ",\n") + ",\n".join(lines)
            first = False
        yield "\n]"
    yield "\n}\n"


@extend_schema(
    summary="The archive as Popolo JSON",
    description=(
        "Delegates as `persons`, bodies, states and organisations as `organizations`, delegates' titles "
        "and states' seats as `memberships`, meetings as `events` and votes as `vote_events`, with the "
        "field names of the Popolo specification (https://www.popoloproject.com/specs/). One document, "
        "streamed."
    ),
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="A Popolo JSON document.")},
)
class PopoloView(ApiViewMixin, generics.GenericAPIView):
    renderer_classes = [JSONRenderer]
    filter_backends = []
    pagination_class = None

    def get(self, request, *args, **kwargs):
        return StreamingHttpResponse(document(request), content_type="application/json")
