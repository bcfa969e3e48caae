"""Checking a meeting's news quotes against the speeches of its official record.

For each direct quote of the meeting that comes from another source, the speeches of the same
speaker (or, when the source names none, of the same party; else every speech) are searched for
the passage it renders (`statements.extraction.matching`). The quote is then marked "matches the
record" (the same words in the same order, ignoring case and punctuation), "wording differs"
(most of its words are in one passage: a different translation, a trimmed sentence) or "not
found in the record", and — when found — cited with the record as its source, with offsets.

Paraphrases are not checked: a reporter's summary has no wording of its own to compare.
"""

from dataclasses import dataclass

from statements.extraction.matching import DIFFERS_AT, find_passage
from statements.models import Citation, RecordCheck, Statement


@dataclass
class CheckResult:
    statement: Statement
    result: str
    speech: Statement | None
    score: float
    passage: str


def verdict(passage):
    if passage is None or passage.score < DIFFERS_AT:
        return RecordCheck.Result.NOT_FOUND
    return RecordCheck.Result.MATCHES if passage.exact else RecordCheck.Result.DIFFERS


def candidates(quote, speeches):
    """The speeches `quote` may come from: its speaker's, else its party's, else all."""
    if quote.speaker_id:
        own = [speech for speech in speeches if speech.speaker_id == quote.speaker_id]
        if own:
            return own
    if quote.party_id:
        return [speech for speech in speeches if speech.party_id == quote.party_id]
    return speeches


def check_meeting(meeting, *, reason=None):
    """Check every direct quote of `meeting` from another source; returns a CheckResult for each.

    Three queries for the statements and citations, then one write per check that changed.
    """
    speeches = list(
        meeting.statements.filter(kind=Statement.Kind.SPEECH).prefetch_related("citations__source").order_by("sequence")
    )
    if not speeches:
        return []
    quotes = meeting.statements.filter(kind=Statement.Kind.DIRECT).select_related("record_check")
    results = []
    for quote in quotes:
        best, best_speech = None, None
        for speech in candidates(quote, speeches):
            passage = find_passage(quote.text, speech.text)
            if passage is not None and (best is None or passage.score > best.score):
                best, best_speech = passage, speech
        result = verdict(best)
        found = result != RecordCheck.Result.NOT_FOUND
        fields = {
            "speech": best_speech if found else None,
            "result": result,
            "score": round(best.score, 3) if best else 0.0,
            "start": best.start if found else None,
            "end": best.end if found else None,
        }
        save_check(quote, fields, reason)
        cite(quote, best_speech if found else None, best if found else None, speeches)
        passage = best_speech.text[best.start : best.end] if found else ""
        results.append(CheckResult(quote, result, fields["speech"], fields["score"], passage))
    return results


def save_check(quote, fields, reason):
    """Create or update the quote's check; an unchanged check is not saved again (no history row)."""
    try:
        check = quote.record_check
    except RecordCheck.DoesNotExist:
        check = RecordCheck(statement=quote)
    else:
        speech = fields["speech"]
        same = check.speech_id == (speech.pk if speech else None) and all(
            getattr(check, name) == value for name, value in fields.items() if name != "speech"
        )
        if same:
            return check
    for name, value in fields.items():
        setattr(check, name, value)
    check._change_reason = reason
    check.save()
    return check


def cite(quote, speech, passage, speeches):
    """Cite the record for a found quote, with the passage's offsets in the record's text when they map."""
    record_sources = {citation.source_id for s in speeches for citation in s.citations.all()}
    if speech is None:
        Citation.objects.filter(statement=quote, source_id__in=record_sources).delete()
        return
    citation = speech.citations.all()[0] if speech.citations.all() else None
    if citation is None:
        return
    start = end = None
    wording = speech.text[passage.start : passage.end]
    if citation.start is not None:
        # The speech's text is the record's with page furniture taken out: look for the passage
        # within the speech's span of the record; a passage across a page break has no offsets.
        found = citation.source.text.find(wording, citation.start, citation.end)
        if found >= 0:
            start, end = found, found + len(wording)
    Citation.objects.update_or_create(statement=quote, source=citation.source, defaults={"start": start, "end": end})
