"""Editors' screens: import an article in two steps (paste, then review), and correct a statement.

No state is kept on the server between the steps: the review page carries the article and the
source's details in hidden fields, and the final POST validates them again with the rows.

The correction screen is /editor/statements/<id>/correct/.

A correction is saved with the editor and the reason in the statement's history, which the
statement page shows as its public corrections log.
"""

import copy
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from statements.editor.forms import ArticleForm, CandidateFormSet, CorrectionForm
from statements.editor.importing import (
    MAX_ARTICLE_CHARS,
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
from statements.extraction import extract
from statements.models import Party, Statement
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
    candidates = extract(text, speakers)
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
    notes = [(candidate.speaker, candidate.country_name) for candidate in candidates]
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
    save_error = ""
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
    notes = [(None, None)] * len(formset.forms)
    context = review_context(form, formset, text, source, citations, parties, notes)
    return render(request, "statements/editor/review.html", {**context, "save_error": save_error}, status=400)


def party_list():
    """Codes and names of every party, for validating and suggesting codes. One query."""
    return list(Party.objects.order_by("kind", "code").values_list("code", "name"))


def row_kwargs(speakers, text, parties):
    return {
        "speaker_choices": sorted(((s.id, s.full_name) for s in speakers), key=lambda choice: choice[1]),
        "party_codes": frozenset(code for code, _ in parties),
        "text_length": len(text),
    }


def review_context(form, formset, text, source, citations, parties, notes):
    """Everything the review page shows: the article with its quotes marked, and one entry per row."""
    rows = []
    for number, (row, (named, country_name)) in enumerate(zip(formset.forms, notes, strict=True), start=1):
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
