"""HTML pages: browse meetings, delegates, countries, topics and sources, search statements, cite one.

Every page runs a fixed number of queries whatever the number of rows: lists of statements join
CARD_JOINS and go through `with_cards()`, which fetches the rest of what a card shows.
"""

from collections import defaultdict

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from statements import facets, history, links
from statements.filters import DelegatePageFilter, MeetingPageFilter
from statements.models import (
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Delegate,
    Draft,
    Meeting,
    Mention,
    Party,
    Position,
    RecordCheck,
    Role,
    Source,
    Statement,
    Topic,
    Vote,
)
from statements.pages import record
from statements.pages.cards import CARD_JOINS, day, with_cards
from statements.pages.filters import VetoPageFilter
from statements.pages.relations import search_url
from statements.querylang.names import directory
from statements.roles import is_editor

PAGE_SIZE = 20
# Lists on a country or topic page stop here and link to the search for the rest.
SHORT_LIST = 20
# Characters of source text shown either side of an excerpt.
CONTEXT_CHARS = 400


def meetings_with_counts(queryset):
    """Meetings with their body and number of statements (a subquery, so filters' joins cannot inflate it)."""
    statement_count = (
        Statement.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting").annotate(n=Count("pk"))
    )
    return queryset.select_related("body").annotate(statement_count=Coalesce(Subquery(statement_count.values("n")), 0))


def attach_speakers(meetings):
    """Set `meeting.speaking_parties` on each meeting: who spoke, in order of first speech. One query."""
    meetings = list(meetings)
    by_meeting = defaultdict(list)
    rows = (
        Statement.objects.filter(meeting__in=[meeting.pk for meeting in meetings], party__isnull=False)
        .order_by("meeting_id", "sequence", "id")
        .values_list("meeting_id", "party__code", "party__kind", "party__short_name", "party__name")
    )
    for meeting_id, code, kind, short_name, name in rows:
        entry = {"code": code, "kind": kind, "name": short_name or name}
        if entry not in by_meeting[meeting_id]:
            by_meeting[meeting_id].append(entry)
    for meeting in meetings:
        meeting.speaking_parties = by_meeting[meeting.pk]
    return meetings


def feed_link(url, title):
    return {"url": url, "title": title}


def home(request):
    latest_meetings = attach_speakers(meetings_with_counts(Meeting.objects.order_by("-date", "-id"))[:5])
    latest_statements = with_cards(Statement.objects.select_related(*CARD_JOINS).order_by("-date", "-id")[:10])
    counts = facets.cached_by_version("home-counts", "", home_counts)
    return render(
        request,
        "statements/home.html",
        {"meetings": latest_meetings, "statements": latest_statements, "counts": counts},
    )


def home_counts():
    return {
        "statements": Statement.objects.count(),
        "meetings": Meeting.objects.count(),
        "delegates": Delegate.objects.count(),
        # The parties with a statement, looked up one by one in the statements' party index rather
        # than the distinct parties of every statement (~40 ms at a million).
        "parties": Party.objects.filter(Exists(Statement.objects.filter(party=OuterRef("pk")))).count(),
        "sources": Source.objects.count(),
    }


def meeting_list(request):
    filters = MeetingPageFilter(request.GET or None, queryset=Meeting.objects.order_by("-date", "-id"))
    status = 200
    if filters.is_bound and not filters.is_valid():
        status = 400
        meetings = filters.queryset.none()
    else:
        meetings = filters.qs
    page = Paginator(meetings_with_counts(meetings), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_speakers(page.object_list)
    # The filters given a value: the panel stays open and says how many, even on a phone.
    in_use = sum(1 for name in filters.form.fields if request.GET.get(name, "").strip())
    return render(
        request,
        "statements/meeting_list.html",
        {"form": filters.form, "page": page, "all_parties": directory().all_parties(), "filters_in_use": in_use},
        status=status,
    )


def council_status(body, date, parties):
    """{party id: label} for each party at a meeting of `body` on `date`. One query.

    A seat with no recorded start counts as held. When the body has no seat on that date at all
    (we hold no membership data for it), nobody gets a label rather than a wrong one.
    """
    seats = {seat.country_id: seat for seat in CouncilSeat.objects.filter(body=body).on_date(date)}
    if not seats:
        return {}
    status = {}
    for party in parties:
        seat = seats.get(party.pk)
        status[party.pk] = seat.get_kind_display() if seat else "Invited non-member"
    return status


def meeting_detail(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "president", "presiding_party").prefetch_related(
            "requested_by", "briefers", Prefetch("sources", queryset=Source.objects.order_by("kind", "id"))
        ),
        pk=pk,
    )
    statements = with_cards(meeting.statements.select_related(*CARD_JOINS).order_by("sequence", "id"))
    # The official record's speeches in speaking order, apart from what other sources report.
    speeches = [statement for statement in statements if statement.kind == Statement.Kind.SPEECH]
    reported = [statement for statement in statements if statement.kind != Statement.Kind.SPEECH]
    # Participants: each party that spoke, with its named speakers, in order of first speech.
    participants = {}
    for statement in statements:
        if statement.party is None:
            continue
        entry = participants.setdefault(
            statement.party.pk,
            {"party": statement.party, "url": statement.card["party"]["url"], "speakers": [], "seen": set()},
        )
        if statement.speaker and statement.speaker_id not in entry["seen"]:
            entry["seen"].add(statement.speaker_id)
            entry["speakers"].append((statement.speaker, statement.speaker_title, statement.card["speaker"]["url"]))
    participants = list(participants.values())
    status = council_status(meeting.body, meeting.date, [entry["party"] for entry in participants])
    for entry in participants:
        entry["status"] = status.get(entry["party"].pk, "")
    votes = list(meeting.votes.select_related("draft", "source").order_by("sequence", "id"))
    ballots = record.ballots_of(votes)
    columns, ballot_rows = record.ballot_table(votes, ballots)
    for vote in votes:
        vote.vetoed_by = record.vetoers(vote, ballots)
    return render(
        request,
        "statements/meeting.html",
        {
            "meeting": meeting,
            "record_links": record_links(meeting),
            "present": present_by_role(meeting),
            "statements": statements,
            "speeches": speeches,
            "reported": reported,
            "participants": participants,
            "votes": votes,
            "ballot_columns": columns,
            "ballot_rows": ballot_rows,
            "checks": checks_of_meeting(meeting, speeches),
        },
    )


def record_links(meeting):
    """{"record": url, "press_release": url}: the archive's source page of each symbol, when held.

    Reads the meeting's prefetched sources; a record symbol we hold no source for links to the
    UN's document system, which answers every symbol.
    """
    by_symbol = {source.symbol: source for source in meeting.sources.all() if source.symbol}
    found = {}
    for field in ["record_symbol", "press_release"]:
        symbol = getattr(meeting, field)
        if symbol in by_symbol:
            found[field] = by_symbol[symbol].get_absolute_url()
        elif symbol and field == "record_symbol":
            found[field] = f"https://undocs.org/en/{symbol}"
    return found


def present_by_role(meeting):
    """{role: [participant]} of the record's front page, each with its party and delegate. One query."""
    present = defaultdict(list)
    for participant in meeting.participants.select_related("party", "delegate").order_by("sequence", "id"):
        present[participant.role].append(participant)
    return {
        "members": present.pop(Role.MEMBER, []),
        "invited": present.pop(Role.INVITED, []),
        "briefers": present.pop(Role.BRIEFER, []),
        "others": [participant for participants in present.values() for participant in participants],
    }


def checks_of_meeting(meeting, speeches):
    """The news quotes checked against this meeting's record, each with the record's passage. One query.

    The passage is cut from the speeches already loaded rather than reading their text again: a
    quote found in the record is listed at the meeting of its speech, one not found at its own.
    """
    speech_text = {speech.pk: speech for speech in speeches}
    checks = list(
        RecordCheck.objects.filter(Q(speech__meeting=meeting) | Q(statement__meeting=meeting, speech__isnull=True))
        .select_related("statement__speaker", "statement__party")
        .order_by("statement__date", "statement__sequence", "statement_id")
    )
    for check in checks:
        speech = speech_text.get(check.speech_id)
        passage = speech.text[check.start : check.end] if speech and check.start is not None else ""
        check.mark = record.check_mark(check.result, passage, check.speech_id, speech.label if speech else "")
    return checks


def draft_detail(request, symbol):
    draft = get_object_or_404(
        Draft.objects.prefetch_related(Prefetch("sponsors", queryset=Party.objects.order_by("short_name", "name"))),
        symbol=symbol,
    )
    votes = list(draft.votes.select_related("meeting__body").order_by("meeting__date", "meeting_id", "sequence"))
    ballots = record.ballots_of(votes)
    columns, ballot_rows = record.ballot_table(votes, ballots, column=record.meeting_column)
    for vote in votes:
        vote.vetoed_by = record.vetoers(vote, ballots)
    # What was said about it: the speeches of the meetings where it was put to the vote.
    speeches = []
    if votes:
        speeches = list(
            Statement.objects.filter(meeting_id__in={vote.meeting_id for vote in votes}, kind=Statement.Kind.SPEECH)
            .select_related("speaker", "party", "meeting__body")
            .order_by("meeting__date", "meeting_id", "sequence", "id")
        )
    return render(
        request,
        "statements/draft.html",
        {"draft": draft, "votes": votes, "ballot_columns": columns, "ballot_rows": ballot_rows, "speeches": speeches},
    )


def veto_list(request):
    votes = (
        Vote.objects.vetoed()
        .select_related("meeting__body", "draft")
        .order_by("-meeting__date", "-meeting_id", "sequence")
    )
    filters = VetoPageFilter(request.GET or None, queryset=votes)
    status = 200
    if filters.is_bound and not filters.is_valid():
        status = 400
        votes = votes.none()
    else:
        votes = filters.qs
    page = Paginator(votes, PAGE_SIZE).get_page(request.GET.get("page"))
    vetoes = defaultdict(list)
    for ballot in (
        Ballot.objects.vetoes().filter(vote__in=[vote.pk for vote in page.object_list]).select_related("party")
    ):
        vetoes[ballot.vote_id].append(ballot.party)
    for vote in page.object_list:
        vote.vetoed_by = sorted(vetoes[vote.pk], key=lambda party: party.display_name)
    # The datalist of the country field: the members that hold or held a permanent seat.
    permanent = Party.objects.filter(
        pk__in=CouncilSeat.objects.filter(kind=CouncilSeat.Kind.PERMANENT).values("country")
    ).order_by("short_name", "name")
    return render(
        request,
        "statements/veto_list.html",
        {"form": filters.form, "page": page, "parties": permanent},
        status=status,
    )


def citation_text(statement, absolute_url):
    """The statement as a reader would cite it, in plain text."""
    who = statement.attribution
    where = statement.meeting.display_title if statement.meeting else ""
    date = f"{statement.date.day} {statement.date:%B %Y}"
    context = ", ".join(part for part in [who, where, date] if part)
    if statement.kind == Statement.Kind.SPEECH:
        # A speech is too long to quote whole in a citation: it names the record instead.
        symbol = statement.meeting.record_symbol if statement.meeting else ""
        said = f"{context}, speech in the verbatim record{f' {symbol}' if symbol else ''}."
    elif statement.is_direct:
        said = f"{context}: “{statement.text}”"
    else:
        said = f"{context} (paraphrase): {statement.text}"
    citations = list(statement.citations.all())
    reported = ""
    if citations:
        source = citations[0].source
        reported = f" Reported by {source.publisher or source.get_kind_display().lower()}"
        reported += f", {source.url}." if source.url else "."
    return f"{said}{reported} Permalink: {absolute_url}"


def excerpt_in_context(citation):
    """(before, excerpt, after) of the source text around a citation, or None without offsets."""
    text = citation.source.text
    if citation.start is None or not text:
        return None
    before_start = max(0, citation.start - CONTEXT_CHARS)
    after_end = min(len(text), citation.end + CONTEXT_CHARS)
    before = text[before_start : citation.start]
    after = text[citation.end : after_end]
    # Cut at a word boundary so the context does not start or end mid-word.
    if before_start > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if after_end < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, text[citation.start : citation.end], after


def statement_detail(request, pk):
    statement = get_object_or_404(
        Statement.objects.select_related(*CARD_JOINS).prefetch_related(
            Prefetch("citations", queryset=Citation.objects.select_related("source").order_by("id")),
            # The speaker's positions in the archive, shown beside the title the source gives.
            Prefetch("speaker__positions", queryset=Position.objects.select_related("party")),
        ),
        pk=pk,
    )
    with_cards([statement])
    is_speech = statement.kind == Statement.Kind.SPEECH
    previous = following = None
    if statement.meeting_id and statement.sequence is not None:
        neighbours = Statement.objects.select_related("speaker", "party").filter(meeting_id=statement.meeting_id)
        # A speech's neighbours are the speakers before and after it in the record; a news quote's,
        # the other statements the sources report.
        if is_speech:
            neighbours = neighbours.filter(kind=Statement.Kind.SPEECH)
        else:
            neighbours = neighbours.exclude(kind=Statement.Kind.SPEECH)
        previous = neighbours.filter(sequence__lt=statement.sequence).order_by("-sequence").first()
        following = neighbours.filter(sequence__gt=statement.sequence).order_by("sequence").first()
    checked_quotes = []
    if is_speech:
        checked_quotes = list(
            statement.checked_quotes.select_related("statement__speaker", "statement__party").order_by(
                "statement__date", "statement_id"
            )
        )
        for check in checked_quotes:
            passage = statement.text[check.start : check.end] if check.start is not None else ""
            check.mark = record.check_mark(check.result, passage, statement.pk, statement.label)
    citations = [(citation, excerpt_in_context(citation)) for citation in statement.citations.all()]
    absolute_url = request.build_absolute_uri(statement.get_absolute_url())
    corrections = history.corrections(Statement, history.records_of(Statement, statement.pk))
    return render(
        request,
        "statements/statement.html",
        {
            "statement": statement,
            "is_speech": is_speech,
            "previous": previous,
            "following": following,
            "checked_quotes": checked_quotes,
            "citations": citations,
            "citation_text": citation_text(statement, absolute_url),
            "absolute_url": absolute_url,
            "corrected_on": day(history.corrected_on(corrections)) if corrections else None,
            "corrections": history.describe(Statement, corrections, day),
            "can_correct": is_editor(request.user),
        },
    )


def delegate_list(request):
    # A subquery rather than Count("statements"): it runs for the page's 50 delegates only, and the
    # paginator's count leaves it out (a join would group every statement of the archive twice).
    statement_count = (
        Statement.objects.filter(speaker=OuterRef("pk"))
        .order_by()
        .values("speaker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    delegates = Delegate.objects.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("party"))
    ).annotate(statement_count=Coalesce(Subquery(statement_count), 0))
    # A name too long to read is left out, as if not given; an unknown parameter is refused
    # (the list shows no form errors, so the 400 page says it).
    filters = DelegatePageFilter(request.GET or None, queryset=delegates)
    if filters.unknown_parameters():
        raise BadRequest(filters.unknown_parameters_message())
    page = Paginator(filters.qs.order_by("sort_name", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "statements/delegate_list.html", {"form": filters.form, "page": page})


def delegate_detail(request, pk):
    delegate = get_object_or_404(
        Delegate.objects.prefetch_related(
            "aliases", Prefetch("positions", queryset=Position.objects.select_related("party"))
        ),
        pk=pk,
    )
    statements = delegate.statements.select_related(*CARD_JOINS).order_by("-date", "meeting_id", "sequence", "id")
    page = Paginator(statements, 50).get_page(request.GET.get("page"))
    page.object_list = with_cards(page.object_list)
    months = per_month(delegate.statements.all())
    return render(
        request,
        "statements/delegate.html",
        {
            "delegate": delegate,
            "page": page,
            "months": months,
            "feed": feed_link(reverse("feed-delegate", args=[delegate.pk]), f"Statements by {delegate}"),
        },
    )


def party_list(request):
    statement_counts, mention_counts = facets.cached_by_version("party-list-counts", "", party_counts)
    parties = list(
        Party.objects.filter(pk__in=statement_counts.keys() | mention_counts.keys()).order_by(
            "kind", "short_name", "name"
        )
    )
    for party in parties:
        party.statement_count = statement_counts.get(party.pk, 0)
        party.mention_count = mention_counts.get(party.pk, 0)
    states = [party for party in parties if party.is_state]
    organisations = [party for party in parties if not party.is_state]
    return render(request, "statements/party_list.html", {"states": states, "organisations": organisations})


def party_counts():
    """({party id: statements made for it}, {party id: statements that mention it})."""
    # Two passes over the statements and the mentions grouped by party, rather than a subquery per
    # party: at a million statements 2.4 s fell to ~0.2 s (most of it the distinct mention count).
    statement_counts = dict(
        Statement.objects.filter(party__isnull=False).order_by().values_list("party").annotate(n=Count("pk"))
    )
    # A joint statement counts for each of its parties.
    for party_id, count in (
        Statement.joint_parties.through.objects.order_by().values_list("party").annotate(n=Count("pk"))
    ):
        statement_counts[party_id] = statement_counts.get(party_id, 0) + count
    with connection.cursor() as cursor:
        # COUNT(DISTINCT statement_id) would sort 1.5 million mentions; the distinct pairs come in
        # order from the (statement, party, relation) unique index instead (~0.85 s to ~0.35 s).
        cursor.execute(
            f"SELECT party_id, COUNT(*) FROM (SELECT DISTINCT statement_id, party_id FROM {Mention._meta.db_table}) "
            "AS pairs GROUP BY party_id"
        )
        mention_counts = dict(cursor.fetchall())
    return statement_counts, mention_counts


def party_detail(request, code, kind):
    if kind == Party.Kind.STATE:
        code = code.upper()
    party = get_object_or_404(Party.objects.filter(kind=kind), code=code)
    joint = Statement.joint_parties.through.objects.filter(party=party)
    # Its joint statements are few, so they are read once and counted apart from those it made
    # alone: an OR of the two kept PostgreSQL off the party's index for every count below (at
    # 1,000,000 statements, RUS's statements counted in 72 ms against 4, whom they accuse in 794
    # against 135; issue 16).
    joint_ids = list(joint.values_list("statement_id", flat=True))
    own = Statement.objects.spoken_for([party], jointly=joint_ids)
    statements = with_cards(own.select_related(*CARD_JOINS).order_by("-date", "-id")[:SHORT_LIST])
    mentioning = Statement.objects.filter(pk__in=Mention.objects.filter(party=party).values("statement"))
    mentions = with_cards(mentioning.select_related(*CARD_JOINS).order_by("-date", "-id")[:SHORT_LIST])
    counts = facets.cached_by_version("party-page-counts", str(party.pk), lambda: party_page_counts(party, joint_ids))
    mention_counts = counts["mention_counts"]
    mentions_by_relation = [
        (label, mention_counts[relation], search_url(mentions=party.code, relation=relation))
        for relation, label in Mention.Relation.choices
        if mention_counts.get(relation)
    ]
    delegates = (
        Delegate.objects.filter(positions__party=party)
        .prefetch_related(Prefetch("positions", queryset=Position.objects.filter(party=party).select_related("party")))
        .distinct()
        .order_by("sort_name", "id")
    )
    seats = party.seats.select_related("body").order_by("body__name", "start")
    return render(
        request,
        "statements/party.html",
        {
            **(voting_record(party) if party.is_state else {}),
            "party": party,
            "statements": statements,
            "statement_total": counts["statement_total"],
            "mentions": mentions,
            "mention_total": counts["mention_total"],
            "delegates": delegates,
            "seats": seats,
            "mentions_by_relation": mentions_by_relation,
            "counterpart": counts["counterpart"],
            "outgoing": counts["outgoing"],
            "incoming": counts["incoming"],
            "months": counts["months"],
            "feed": feed_link(reverse("feed-party", args=[party.code]), f"Statements by {party}"),
        },
    )


def party_page_counts(party, joint_ids):
    """What a party's page counts over all its statements and the statements about it, with
    `joint_ids` the joint statements it is a party to (one query each), and the lists of whom it
    treats how and who treats it how made of those counts (Russia's ~2,300 entries, each with its
    search link, took ~40 ms at a million statements)."""
    alone = Statement.objects.filter(party=party)
    # Made with others on behalf of another party first: the statements its page lists beyond `alone`.
    # Without joint statements (most parties) its `pk__in=[]` matches nothing, and Django sends no
    # query for it or for the queries that filter on it.
    with_others = Statement.objects.filter(pk__in=joint_ids).exclude(party=party)
    # Whom it treats how, and who treats it how: counts by relation and other party. Grouped by
    # party id, and the parties' names fetched after: grouping by the joined names made PostgreSQL
    # join every party to all its statements first (~250 ms each at a million statements).
    # A statement mentions a party at most once per relation, so rows are statements. Counted as
    # COUNT(*), which the mention indexes answer alone (COUNT(id) reads the table for each id).
    treating = Mention.objects.exclude(relation=Mention.Relation.MENTIONS).order_by()
    treated = treating.exclude(party=party)
    about_it = treating.filter(party=party)

    def treated_by(statements):
        return treated.filter(**statements).values_list("relation", "party_id").annotate(count=Count("*"))

    outgoing = merge_counts(
        treated_by({"statement__party": party}),
        treated_by({"statement__in": with_others}),
        leave_out=party.pk,
    )
    incoming = merge_counts(
        about_it.filter(statement__party__isnull=False)
        .exclude(statement__party=party)
        .values_list("relation", "statement__party_id")
        .annotate(count=Count("*")),
        # The further parties of joint statements treat it the same way (they said it together).
        about_it.filter(statement__joint_parties__isnull=False)
        .values_list("relation", "statement__joint_parties")
        .annotate(count=Count("*")),
        leave_out=party.pk,
    )
    others = Party.objects.in_bulk({other for _, other, _ in outgoing} | {other for _, other, _ in incoming})
    # The state it treats or is treated by most often, to compare it with.
    counterparts = [(count, others[other]) for _, other, count in [*outgoing, *incoming] if others[other].is_state]
    relation_labels = dict(Mention.Relation.choices)
    return {
        "statement_total": alone.count() + with_others.count(),
        # Distinct statements among its mentions, without joining back to the statements.
        "mention_total": Mention.objects.filter(party=party).values("statement").distinct().count(),
        # The statements about it by relation, each a link to exactly those statements.
        "mention_counts": dict(
            Mention.objects.filter(party=party).order_by().values_list("relation").annotate(n=Count("*"))
        ),
        "outgoing": group_relations(
            outgoing, others, relation_labels, lambda other: {"country": party.code, "mentions": other}
        ),
        "incoming": group_relations(
            incoming, others, relation_labels, lambda other: {"country": other, "mentions": party.code}
        ),
        "counterpart": max(counterparts, key=lambda row: row[0], default=(0, None))[1] if party.is_state else None,
        "months": per_month(alone, with_others),
    }


def voting_record(party):
    """How a state voted, its vetoes and the meetings it presided, for its page. Four queries."""
    ballots = Ballot.objects.filter(party=party)
    latest_order = ("-vote__meeting__date", "-vote__meeting_id", "-vote__sequence")
    recent = list(
        ballots.select_related("vote__meeting__body", "vote__draft")
        .annotate(is_veto=Exists(Ballot.objects.vetoes().filter(pk=OuterRef("pk"))))
        .order_by(*latest_order)[:SHORT_LIST]
    )
    counts = dict(ballots.order_by().values_list("choice").annotate(n=Count("*")))
    vetoes = list(
        Ballot.objects.vetoes()
        .filter(party=party)
        .select_related("vote__meeting__body", "vote__draft")
        .order_by(*latest_order)
    )
    # One more than shown, to know whether there are more.
    presided = list(
        Meeting.objects.filter(presiding_party=party).select_related("body").order_by("-date", "-id")[: SHORT_LIST + 1]
    )
    return {
        "ballots": recent,
        "ballot_total": sum(counts.values()),
        "ballot_counts": [(label, counts.get(choice, 0)) for choice, label in Ballot.Choice.choices],
        "vetoes": vetoes,
        "presided": presided[:SHORT_LIST],
        "presided_more": len(presided) > SHORT_LIST,
    }


def per_month(*selections):
    """[(month, number of statements)] of the statements of all `selections`, which do not overlap; by month."""
    counts = defaultdict(int)
    for statements in selections:
        grouped = statements.annotate(month=TruncMonth("date")).order_by().values_list("month")
        for month, count in grouped.annotate(count=Count("pk")):
            counts[month] += count
    return sorted(counts.items())


def merge_counts(rows, more, leave_out):
    """(relation, party id, count) rows added up with `more`, without the party `leave_out`."""
    counts = {}
    for relation, party_id, count in [*rows, *more]:
        if party_id != leave_out:
            counts[relation, party_id] = counts.get((relation, party_id), 0) + count
    return [(relation, party_id, count) for (relation, party_id), count in counts.items()]


def group_relations(rows, parties, labels, search):
    """[(relation label, [(party dict, count)])] from (relation, party id, count) rows, biggest counts first.

    Each party dict's `search` links to those statements: `search(other party's code)` gives the search
    page's `country` and `mentions`.
    """
    named = [(relation, parties[party_id], count) for relation, party_id, count in rows]
    named.sort(key=lambda row: (row[0], -row[2], row[1].short_name))
    groups = {}
    for relation, other, count in named:
        url = links.party_page(other.kind, other.code)
        entry = {"code": other.code, "kind": other.kind, "name": other.display_name, "url": url}
        entry["search"] = search_url(**search(other.code), relation=relation)
        groups.setdefault(labels[relation], []).append((entry, count))
    return list(groups.items())


def body_detail(request, slug):
    body = get_object_or_404(Body, slug=slug)
    meetings = meetings_with_counts(body.meetings.order_by("-date", "-id"))
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_speakers(page.object_list)
    seats = body.seats.select_related("country").order_by("kind", "country__short_name", "start")
    return render(request, "statements/body.html", {"body": body, "page": page, "seats": seats})


def topic_list(request):
    counts = facets.cached_by_version("topic-list-counts", "", topic_counts)
    topics = list(Topic.objects.order_by("name"))
    for topic in topics:
        topic.statement_count = counts.get(topic.pk, 0)
    return render(request, "statements/topic_list.html", {"topics": topics})


def topic_counts():
    """{topic id: its number of statements}."""
    # A count per topic from the index on the links' topic_id (index-only), rather than joining
    # and grouping every link: ~200 ms to ~55 ms at 1.5 million links.
    links = Statement.topics.through.objects.filter(topic=OuterRef("pk")).order_by().values("topic")
    counted = Topic.objects.annotate(statement_count=Coalesce(Subquery(links.annotate(n=Count("*")).values("n")), 0))
    return dict(counted.values_list("pk", "statement_count"))


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    statements = topic.statements.select_related(*CARD_JOINS).order_by("-date", "-id")
    page = Paginator(statements, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_cards(page.object_list)
    return render(
        request,
        "statements/topic.html",
        {"topic": topic, "page": page, "feed": feed_link(reverse("feed-topic", args=[topic.slug]), f"{topic}")},
    )


def source_marked_text(source, citations):
    """The source text cut into (text, statement or None) pieces, the cited excerpts attached to their statement.

    Overlapping excerpts are merged into the first one's piece.
    """
    text = source.text
    usable = [c for c in citations if c.start is not None and c.end <= len(text)]
    spans = [(c.start, c.end, c.statement) for c in sorted(usable, key=lambda c: (c.start, c.end, c.pk))]
    pieces, position = [], 0
    for start, end, statement in spans:
        if end <= position:
            continue
        start = max(start, position)
        if start > position:
            pieces.append((text[position:start], None))
        pieces.append((text[start:end], statement))
        position = end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def unknown_facts(source):
    """What the archive does not know of `source`, as one sentence, or "" when it knows it all.

    Said once and plainly rather than "Not recorded" field by field: a pasted article often
    comes without its headline, publisher or date, and nothing is filled in by guesswork.
    """
    missing = [
        name
        for name, value in (
            ("publisher", source.publisher),
            ("date of publication", source.published_on),
            ("headline" if source.kind == Source.Kind.NEWS else "title", source.title),
            ("web address", source.url),
        )
        if not value
    ]
    if not missing:
        return ""
    names = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
    verb = "is" if len(missing) == 1 else "are"
    return f"Its {names} {verb} not known: the archive holds only what came with the source, and guesses none of it."


def source_detail(request, pk):
    source = get_object_or_404(Source, pk=pk)
    citations = list(source.citations.select_related("statement").order_by("start", "id"))
    cited = Statement.objects.filter(citations__source=source)
    statements = with_cards(cited.select_related(*CARD_JOINS).order_by("date", "meeting_id", "sequence", "id"))
    meetings = source.meetings.select_related("body").order_by("-date")
    return render(
        request,
        "statements/source.html",
        {
            "source": source,
            "unknown": unknown_facts(source),
            "pieces": source_marked_text(source, citations),
            "statements": statements,
            "meetings": meetings,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    # Only our own BadRequest messages are written for readers; others may be internal.
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)
