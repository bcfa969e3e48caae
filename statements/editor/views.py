"""Editors' screens: import an article in two steps (paste, then review), and correct a statement.

No state is kept on the server between the steps: the review page carries the article and the
source's details in hidden fields, and the final POST validates them again with the rows.

The correction screen is /editor/statements/<id>/correct/.

A correction is saved with the editor and the reason in the statement's history, which the
statement page shows as its public corrections log.

The import of an official record, /editor/records/import/, also takes two steps: the upload
(a PDF, a text file or pasted text) gives a review of everything a dry run of the import would
save, and its Save button posts back the text the parser read, signed so that it cannot be
changed on the way; the save reads it again and imports it for real.
"""

import copy
import datetime
from functools import wraps

import pycountry
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from statements.editor.forms import (
    MEGABYTE,
    ArticleForm,
    CandidateFormSet,
    CorrectionForm,
    RecordForm,
    RecordSaveForm,
    one_line,
)
from statements.editor.importing import (
    MAX_ARTICLE_CHARS,
    AlreadyImported,
    ArticleError,
    Choice,
    already_there,
    existing_citations,
    find_source,
    import_article,
    is_full_name,
    known_speakers,
    locate,
)
from statements.editor.records import MAX_RECORD_BYTES, RecordImportError, import_record
from statements.extraction import ExtractionTimeout, extract
from statements.models import Ballot, Delegate, Party, RecordCheck, Role, Statement, Topic, Vote
from statements.roles import is_editor

# Checked by default: direct quotes the extractor is fairly sure of. Paraphrases are offered unchecked.
DEFAULT_CONFIDENCE = 0.5


def editor_required(view):
    """Anonymous visitors go to the login page; signed-in users without the editor role get a 403.

    The role is the group membership `roles.is_editor` checks; being staff is not enough.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_editor(request.user):
            raise PermissionDenied("Only editors may change the archive.")
        return view(request, *args, **kwargs)

    return wrapper


def too_big(request):
    """The request was refused before any form could read it (over Django's upload limits)."""
    error = (
        f"The text is too long, or the article has too many candidate statements to review at once; "
        f"paste at most {MAX_ARTICLE_CHARS:,} characters, or split the article."
    )
    return render(request, "statements/editor/import.html", {"form": ArticleForm(), "error": error}, status=400)


def posted_article(request):
    """(the valid article form, None), or (None, the answer to give): too big, or invalid (400).

    At the review step only a tampered or truncated form is invalid; the editor starts again
    with the errors shown.
    """
    try:
        form = ArticleForm(request.POST)
    except (RequestDataTooBig, TooManyFieldsSent):
        return None, too_big(request)
    if not form.is_valid():
        return None, render(request, "statements/editor/import.html", {"form": form}, status=400)
    return form, None


@editor_required
def import_article_view(request):
    if request.method != "POST":
        return render(request, "statements/editor/import.html", {"form": ArticleForm()})
    form, refusal = posted_article(request)
    if refusal:
        return refusal
    text = form.cleaned_data["text"]
    speakers, parties = known_speakers(), party_list()
    try:
        candidates = extract(text, speakers, time_budget=settings.EXTRACTION_TIME_BUDGET)
    except ExtractionTimeout as error:  # the worker is free again; the editor may split the article
        form.add_error(None, str(error))
        return render(request, "statements/editor/import.html", {"form": form}, status=503)
    source = find_source(form.cleaned_data["url"], text)
    citations = existing_citations(source)
    initial = []
    for candidate in candidates:
        start, end = locate(source, text, candidate.start, candidate.end)
        duplicate = already_there(start, end, candidate.quote, citations, candidate.kind)
        initial.append(
            {
                "include": (
                    duplicate is None
                    and candidate.kind == Statement.Kind.DIRECT
                    and candidate.confidence >= DEFAULT_CONFIDENCE
                ),
                "start": candidate.start,
                "end": candidate.end,
                "confidence": round(candidate.confidence, 2),
                "kind": candidate.kind,
                "speaker": candidate.delegate,
                "new_delegate": (
                    candidate.speaker if candidate.delegate is None and is_full_name(candidate.speaker) else ""
                ),
                "country": candidate.country or "",
                "title": candidate.role or "",
            }
        )
    formset = CandidateFormSet(initial=initial, form_kwargs=row_kwargs(speakers, text, parties))
    # A quoted fragment points at the row of the paraphrase it is a piece of (Candidate.within).
    rows_by_span = {(candidate.start, candidate.end): number for number, candidate in enumerate(candidates, start=1)}
    notes = [(c.speaker, c.country_name, rows_by_span.get(c.within)) for c in candidates]
    return render(
        request,
        "statements/editor/review.html",
        review_context(form, formset, text, source, citations, parties, notes),
    )


@require_POST
@editor_required
def save_import(request):
    form, refusal = posted_article(request)
    if refusal:
        return refusal
    text = form.cleaned_data["text"]
    speakers, parties = known_speakers(), party_list()
    formset = CandidateFormSet(request.POST, form_kwargs=row_kwargs(speakers, text, parties))
    source = find_source(form.cleaned_data["url"], text)
    save_error, status = "", 400
    if formset.is_valid():
        data = form.cleaned_data
        choices = [
            Choice(
                start=row["start"],
                end=row["end"],
                kind=row["kind"],
                delegate=row["speaker"],
                new_delegate=row["new_delegate"],
                party=row["country"],
                title=row["title"],
                mentions=tuple(row["mentions"]),
                topics=tuple(row["topics"]),
            )
            for row in formset.cleaned_data
            if row.get("include")
        ]
        try:
            result = import_article(
                text,
                source_kind=data["source_kind"],
                url=data["url"],
                publisher=data["publisher"],
                title=data["title"],
                published_on=data["published_on"],
                choices=choices,
                meeting=data["meeting"],
                new_meeting=form.new_meeting(),
            )
        except AlreadyImported as error:
            # The review is shown again against the source that won, marking what it already has.
            save_error, status, source = str(error), 409, error.source
        except ArticleError as error:
            save_error = str(error)
        except IntegrityError:
            # Another editor saved the same source at the same moment; the transaction rolled back.
            save_error = "The archive changed while saving; nothing was saved. Please save again."
        else:
            created, skipped = len(result.created), len(result.skipped)
            message = f"Created {created} statement{'' if created == 1 else 's'}"
            if skipped:
                message += f"; skipped {skipped} already in the archive"
            if result.new_delegates:
                names = ", ".join(delegate.full_name for delegate in result.new_delegates)
                message += f"; new delegates: {names}"
            messages.success(request, message + ".")
            return redirect(result.meeting or result.source)
    citations = existing_citations(source)
    notes = [(None, None, None)] * len(formset.forms)
    context = review_context(form, formset, text, source, citations, parties, notes)
    return render(request, "statements/editor/review.html", {**context, "save_error": save_error}, status=status)


def party_list():
    """Codes and names of every party, for validating and suggesting codes. One query."""
    return list(Party.objects.order_by("kind", "code").values_list("code", "name"))


def row_kwargs(speakers, text, parties):
    """What every row's form needs; one query, for the topics."""
    return {
        "speaker_choices": sorted(((s.id, s.full_name) for s in speakers), key=lambda choice: choice[1]),
        "party_codes": frozenset(code for code, _ in parties),
        "text_length": len(text),
        "topic_choices": list(Topic.objects.order_by("name").values_list("pk", "name")),
    }


def review_context(form, formset, text, source, citations, parties, notes):
    """Everything the review page shows: the article with its quotes marked, and one entry per row."""
    rows = []
    for number, (row, (named, country_name, part_of)) in enumerate(zip(formset.forms, notes, strict=True), start=1):
        start, end = row_offsets(row)
        valid = start is not None and end is not None and 0 <= start < end <= len(text)
        quote = text[start:end] if valid else ""
        duplicate = None
        if valid:
            stored_start, stored_end = locate(source, text, start, end)
            duplicate = already_there(stored_start, stored_end, quote, citations, row["kind"].value())
        rows.append(
            {
                "number": number,
                "form": row,
                "quote": quote,
                "span": (start, end) if valid else None,
                "named": named,
                "country_name": country_name,
                "part_of": part_of,
                "duplicate": duplicate,
            }
        )
    spans = [(row["number"], *row["span"]) for row in rows if row["span"]]
    return {
        "form": ArticleForm(form.data, hidden=True),
        "formset": formset,
        "rows": rows,
        "article": highlight(text, spans),
        "source": source,
        "citations": citations,
        "parties": parties,
    }


def row_offsets(row):
    """A row's offsets from its initial data or, once posted, from what was posted."""
    if row.is_bound:
        try:
            return int(row["start"].value()), int(row["end"].value())
        except (TypeError, ValueError):
            return None, None
    return row.initial.get("start"), row.initial.get("end")


def highlight(text, spans):
    """The article as HTML with each (number, start, end) span in a <mark id="quote-N">.

    The text is cut at every span boundary; each piece is escaped and wrapped in one <mark> per
    span covering it, so overlapping and nested quotes stay well-formed. The first piece of a
    span carries its id and its number, linking to the span's row.
    """
    bounds = sorted({0, len(text), *(start for _, start, _ in spans), *(end for _, _, end in spans)})
    opened = set()
    pieces = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        piece = escape(text[left:right])
        for number, start, end in reversed(spans):
            if start <= left and right <= end:
                if number in opened:
                    piece = format_html('<mark class="quote" data-quote="{}">{}</mark>', number, piece)
                else:
                    opened.add(number)
                    piece = format_html(
                        '<mark class="quote" id="quote-{0}" data-quote="{0}">'
                        '<a class="quote-number" href="#candidate-{0}">{0}</a>{1}</mark>',
                        number,
                        piece,
                    )
        pieces.append(piece)
    # Every piece above is escaped text or format_html output.
    return mark_safe("".join(pieces))  # noqa: S308


TEMPLATE = "statements/editor/correct_statement.html"


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def correct_statement(request, pk):
    if request.method != "POST":
        statement = get_object_or_404(Statement.objects.select_related("speaker", "party", "meeting__body"), pk=pk)
        return render(request, TEMPLATE, {"statement": statement, "form": CorrectionForm(instance=statement)})
    with transaction.atomic():
        # Locked until the correction is saved, so that two editors' corrections cannot interleave.
        statement = get_object_or_404(
            Statement.objects.select_for_update(of=("self",)).select_related("speaker", "party", "meeting__body"),
            pk=pk,
        )
        # Validating writes the posted values onto the instance; the page shows the stored ones.
        stored = copy.copy(statement)
        form = CorrectionForm(request.POST, instance=statement)
        if form.is_valid():
            statement = form.save(commit=False)
            statement._change_reason = form.cleaned_data["reason"]
            statement._history_user = request.user
            statement.save()
            messages.success(request, "The correction is saved and listed in the statement's corrections log.")
            return redirect(statement)
    return render(request, TEMPLATE, {"statement": stored, "form": form}, status=400)


RECORD_IMPORT = "statements/editor/record_import.html"
RECORD_REVIEW = "statements/editor/record_review.html"

# The largest upload that can be valid: the biggest file, with room for the form's other fields.
# A bigger request is refused before any of it is read.
MAX_RECORD_REQUEST = MAX_RECORD_BYTES + MEGABYTE

# Of a turn's text, the review shows this many characters; the rest folds.
TURN_PREVIEW_CHARS = 300


def refuse_record(request, error, form=None):
    """The upload page again, with `error` over it: nothing was saved."""
    return render(request, RECORD_IMPORT, {"form": form or RecordForm(), "error": error}, status=400)


def checked_post(request, view, too_big_message):
    """`view(request)` behind the CSRF check, or the upload page saying `too_big_message` when the
    form is over Django's limits (DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FIELDS).

    CsrfViewMiddleware reads the form before any view does, and the RequestDataTooBig it meets
    there becomes the generic 400 page, which does not say what was too big. So the record
    views are exempt from the middleware and make the same check here, where it can be caught.
    """
    try:
        return csrf_protect(view)(request)
    except (RequestDataTooBig, TooManyFieldsSent):
        return refuse_record(request, too_big_message)


def request_size(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@csrf_exempt  # checked by checked_post(), after a request too large to read is refused unread
@editor_required
def import_record_view(request):
    if request.method != "POST":
        return render(request, RECORD_IMPORT, {"form": RecordForm()})
    limit = MAX_RECORD_BYTES // MEGABYTE
    if request_size(request) > MAX_RECORD_REQUEST:
        return refuse_record(
            request,
            f"The upload is too large: {request_size(request) / MEGABYTE:.1f} MB; the limit is {limit} MB "
            "(a long verbatim record is about 2 MB).",
        )
    pasted = (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) / MEGABYTE
    return checked_post(
        request,
        review_record,
        f"The pasted text is too long: paste at most {pasted:.1f} MB, or upload the record as a file "
        f"(at most {limit} MB).",
    )


def review_record(request):
    """The review: what a dry run of the import would save, and the token that saves it."""
    form = RecordForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, RECORD_IMPORT, {"form": form}, status=400)
    try:
        result = import_record(form.record, url=form.cleaned_data["url"], user=request.user, dry_run=True)
    except RecordImportError as error:
        form.add_error(None, one_line(error))
        return render(request, RECORD_IMPORT, {"form": form}, status=400)
    save_form = RecordSaveForm(initial={"token": form.token()})
    return render(request, RECORD_REVIEW, {**record_review_context(form.record, result), "save_form": save_form})


@csrf_exempt  # checked by checked_post()
@require_POST
@editor_required
def save_record(request):
    return checked_post(
        request,
        save_reviewed_record,
        "The record is too long to be saved from the review page; import it with `manage.py import_record` instead.",
    )


def save_reviewed_record(request):
    form = RecordSaveForm(request.POST)
    if not form.is_valid():
        return refuse_record(request, form.errors["token"][0])
    try:
        result = import_record(form.record, url=form.url, user=request.user)
    except RecordImportError as error:
        return refuse_record(request, one_line(error))
    except IntegrityError:
        # Another editor saved the same record at the same moment; the transaction rolled back.
        return refuse_record(request, "The archive changed while saving; nothing was saved. Upload the record again.")
    messages.success(request, f"Saved {result.summary()}.")
    return redirect(result.meeting)


def record_review_context(record, result):
    """What the review page shows, as plain values: names for the codes, labels for the choices.

    Three queries after the dry run: the parties named, which speakers exist, the checked quotes.
    """
    info = record.meeting
    codes = {member.party for member in info.members} | {code for _, code, _ in result.participants}
    codes |= {invitation.party for invitation in info.invitations}
    codes |= {code for vote in result.votes for listed in vote.ballots.values() for code in listed}
    if info.president:
        codes.add(info.president.party)
    codes.discard("")
    parties = Party.objects.in_bulk(codes, field_name="code") if codes else {}

    def party_name(code):
        return parties[code].display_name if code in parties else code

    # A dry run's new delegates were rolled back: their ids name no row now. (SavedTurn.new_speaker
    # is set only where the delegate was created, which may have been on the list of members.)
    speaker_ids = {turn.speaker_id for turn in result.turns if turn.speaker_id}
    existing = set(Delegate.objects.filter(pk__in=speaker_ids).values_list("pk", flat=True)) if speaker_ids else set()
    turns = [
        {
            "turn": turn,
            "new_speaker": turn.speaker_id is not None and (turn.new_speaker or turn.speaker_id not in existing),
            "role": Role(turn.role).label if turn.role in Role.values else turn.role,
            "language": language_name(turn.spoken_language),
            "opening": turn.text[:TURN_PREVIEW_CHARS],
            "folds": len(turn.text) > TURN_PREVIEW_CHARS,
        }
        for turn in result.turns
    ]
    return {
        "record": record,
        "result": result,
        "summary": result.summary(),
        "front": front_page(info, result.symbol, party_name),
        "participants": [
            {"role": Role(role).label, "party": party_name(code), "name": name}
            for role, code, name in result.participants
        ],
        "briefers": [
            {"party": party_name(invitation.party), "name": invitation.name, "title": invitation.title}
            for invitation in info.invitations
            if record.kind != "verbatim" and invitation.rule == 39
        ],
        "turns": turns,
        "votes": [
            vote_rows(parsed, saved, party_name) for parsed, saved in zip(record.votes, result.votes, strict=True)
        ],
        "checks": check_rows(result.checks),
    }


def front_page(info, symbol, party_name):
    """The meeting as the document describes it; `symbol` is the document's own (S/PV.… or SC/…)."""
    try:
        date = datetime.date.fromisoformat(info.date)
    except ValueError:
        date = None
    return {
        "symbol": symbol,
        # A press release names the meeting, whose verbatim record has this symbol.
        "record_symbol": info.symbol if info.symbol != symbol else "",
        "number": info.number,
        "date": date,
        "time": info.time,
        "called_to_order": info.called_to_order,
        "adjourned": info.adjourned,
        "place": info.place,
        "president": info.president.name if info.president else "",
        "presiding": party_name(info.president.party) if info.president else "",
        "agenda": info.agenda,
    }


def vote_rows(parsed, saved, party_name):
    return {
        "draft": saved.draft,
        "outcome": Vote.Outcome(saved.outcome).label if saved.outcome else "",
        "resolution": saved.resolution,
        "sentence": parsed.outcome_sentence,
        "counts": parsed.counts,
        "ballots": [
            {"choice": choice.label, "parties": [party_name(code) for code in saved.ballots[choice]]}
            for choice in Ballot.Choice
            if saved.ballots.get(choice)
        ],
        "vetoed_by": [party_name(code) for code in saved.vetoed_by],
    }


def check_rows(results):
    """The news quotes a save would check, with their speakers (one query)."""
    if not results:
        return []
    quotes = Statement.objects.select_related("speaker", "party").in_bulk([check.statement.pk for check in results])
    return [
        {
            "quote": quotes.get(check.statement.pk, check.statement),
            "result": RecordCheck.Result(check.result).label,
            "score": check.score,
            "passage": check.passage,
        }
        for check in results
    ]


def language_name(code):
    """ "ru" → "Russian"; the code itself when it is not an ISO 639-1 code."""
    language = pycountry.languages.get(alpha_2=code) if code else None
    return language.name if language else code
