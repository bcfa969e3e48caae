"""Stage 5: which quotations are statements, and who made them.

`_Attributor` drops labels and titles in quotation marks ('so-called "special military
operation"', 'the report "Global Trends"') and looks for each remaining quotation's speaker in
turn: right after the closing mark, as the subject of its clause, in the quotation before it,
in the sentence before or after it. It also holds how sure each way of finding a speaker is
(`_confidence`) and how an attribution becomes a `Candidate`, which the paraphrase stage reuses.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from statements.extraction.datatypes import (
    _PERSON_KINDS,
    COUNTRY,
    DIRECT,
    GROUP,
    PERSON,
    PRONOUN,
    SURNAME,
    TITLE,
    Candidate,
    _Entity,
    _Mention,
)
from statements.extraction.deadline import NO_DEADLINE
from statements.extraction.names import country_name
from statements.extraction.quotes import _Quote
from statements.extraction.verbs import _INFLECTED, _SPEECH_VERBS

_SO_CALLED = re.compile(r"(?i:so-called|so[ \t]+called)[ \t]*$")
_SO_CALLED_INSIDE = re.compile(r"(?i:so-called|so[ \t]+called)\b")  # 'the "so-called sanctions regime"'
_LABEL_CUE = re.compile(
    r"(?:\b(?:calls?|called|dubs?|dubbed|terms?|termed|brands?|branded|labels?|labell?ed)[ \t]+"
    r"(?:a|an|its|his|her|their|the)|\b(?:dubbed|branded|labell?ed|known[ \t]+as))[ \t]+$"
)
_TITLE_CUE = re.compile(r"\b(?:entitled|titled|subtitled|headlined)[ \t]*,?[ \t]*$")
_DOCUMENT_CUE = re.compile(
    r"\b(?i:report|resolution|document|book|paper|study|article|film|programme|program|plan|initiative|"
    r"declaration|strategy|campaign|draft|agenda[ \t]+item|item|treaty|agreement|communiqu[ée]|charter|"
    r"framework|road[ \t]?map|proposal|theme|slogan|heading|motto|hashtag|exercises?|operation|project|"
    r"conference|summit|session|debate|briefing|event|series|statement|note)"
    r"(?:[ \t]+(?:No\.[ \t]*)?[0-9A-Z][\w/().-]*)?[ \t]*,?[ \t]*$"
)
_SPEECH_CUE = re.compile(
    r"(?:\b(?:describ(?:e|es|ed|ing)|characteri[sz](?:e|es|ed|ing)|portray(?:s|ed|ing)?)\b[^.!?;:\"“”\n]{0,60}?\bas"
    r"|\b(?:call(?:s|ed|ing)?|term(?:s|ed|ing)?)[ \t]+(?:it|them|this|that|these|those|him|her"
    r"|(?:the|his|her|its|their)[ \t]+[\w'’-]+(?:[ \t]+[\w'’-]+)?|[A-Z][\w'’.-]*(?:[ \t]+[\w'’-]+)?)"
    r"|\b(?:said|says|say|added|adds|stated|states|declared|insisted|replied|warned|wrote|noted|stressed"
    r"|told[ \t]+[\w \t]{1,30}?)"
    r"|:)[ \t]*,?[ \t]*$"
)
# 'told reporters that the Secretary-General was "deeply concerned"': a short quotation completing
# a reported "that" clause is the speaker's words, however short.
_REPORTED_STATE_CUE = re.compile(
    r"\b(?:said|says|told|added|stated|noted|stressed|warned|replied)\b[^.!?;:\"“”\n]{0,60}?\bthat\b"
    r"[^.!?;:\"“”\n]{0,50}?\b(?:was|is|were|are|remained|remains|felt|feels|become|became|becomes|been)[ \t]+$"
)
_OWNER_BEFORE = re.compile(r"(?:['’]s|\b(?:his|her|its|their|our|my))[ \t]+$")
_POLICY_NAME = re.compile(
    r"\b(?i:strategy|policy|doctrine|plan|initiative|programme|program|campaign|operation|deal|agreement|"
    r"approach|framework|format|formula|summit|law|bill|resolution|agenda|vision|corridor|mechanism)\W*\Z"
)
# The sentence after a quotation naming its source: "The warning came from …", "So said …".
_SOURCE_NEXT = re.compile(
    r"\s+(?:(?:The|That|This|Those|These)[ \t]+(?:[a-z-]+[ \t]+){0,2}(?:came|comes)[ \t]+from|So[ \t]+said"
    r"|(?:That|This|Such)[ \t]+(?:was|is)[ \t]+(?:the[ \t]+)?(?:[a-z-]+[ \t]+){0,2}(?:of|from))[ \t]+"
)
_SPEECH_FORM_SET = {form for form, lemma in _INFLECTED.items() if lemma in _SPEECH_VERBS} | _SPEECH_VERBS
_SPEECH_FORMS = "|".join(sorted(_SPEECH_FORM_SET, key=len, reverse=True))
_TRAILING_GAP = re.compile(
    # Any case: headlines write "…’, Says Delegate of Algeria".
    rf"[ \t]*[,—–-]?[ \t]*(?:(?P<verb>(?i:{_SPEECH_FORMS}|according[ \t]+to))[ \t]+)?"
    # Words of a title the title finder leaves out ("U.N. aid chief", "U.N. human rights chief"):
    # they may stand between the marks and the name when the name is then the subject of a speech verb.
    r"(?:the[ \t]+)?(?P<title>(?:(?:[A-Z]\.){2,}|[a-z][a-z-]*)[ \t]+){0,3}"
)
_IT_SPEAKS = re.compile(
    r"\b(?:It|it|They|they)[ \t]+(?:also[ \t]+)?(?:said|says|added|accused|urged|warned|stressed|noted|insisted|"
    r"argued|demanded|rejected|condemned)\b"  # not "what it calls": a label
)
_WORDS = re.compile(r"\S+")
_LOWER_AFTER_HYPHEN = re.compile(r"-[a-z]")
_CLAUSE_WORD = re.compile(r"\b(?:that|which|who|whom|whose|because|if|whether|when|while|as)\b")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass
class _Attribution:
    referent: _Entity | None
    confidence: float
    # "trailing", "leading" (a speech verb's subject before it), "subject" (the clause's first subject),
    # "joined", "continued", "previous", "next", "later", "fallback", "recent", "forward" or "none"
    how: str


class _Attributor:
    """Decides for each quotation whether it is a statement and who made it."""

    def __init__(self, text, quotes, starts, mentions, deadline=NO_DEADLINE):
        self.text = text
        self.quotes = quotes
        self.starts = starts
        self.mentions = mentions
        self.mention_starts = [m.start for m in mentions]
        self.results: list[_Attribution | None] = []
        self.deadline = deadline
        # For each mention, the index of the first mention from there on of each sort the steps look
        # for, so that a step finds it with one look-up instead of walking every mention from the
        # sentence start (which, for many quotations in one endless sentence, was quadratic).
        self.next_subject = _next_index(mentions, lambda m: m.subject and m.referent is not None)
        self.next_speaking = _next_index(
            mentions, lambda m: m.subject and m.referent is not None and m.verb in _SPEECH_VERBS
        )
        self.next_person_subject = _next_index(
            mentions, lambda m: m.subject and m.referent is not None and m.referent.kind == "person"
        )
        self.next_person = _next_index(mentions, lambda m: m.kind in _PERSON_KINDS and m.referent is not None)
        # Who speaks in a clause after a quotation: "…, she added", "…, French Ambassador Delattre told reporters".
        self.next_speaker = _next_index(mentions, _speaks)
        # Where paragraphs start (past a line break and any blank lines), for the steps that look
        # at the paragraphs around a quotation.
        self.paragraph_starts = [0, *(match.end() for match in _PARAGRAPH_BREAK.finditer(text))]

    def run(self) -> list[Candidate]:
        candidates = []
        for index, quote in enumerate(self.quotes):
            self.deadline.tick()
            attribution = self._attribute(index, quote)
            if attribution is not None and not self._is_statement(quote, attribution):
                attribution = None
            self.results.append(attribution)
            if attribution is not None:
                candidates.append(_candidate(self.text, quote.start, quote.end, DIRECT, attribution))
        return candidates

    # ---- is it a statement at all?

    def _is_statement(self, quote: _Quote, attribution: _Attribution) -> bool:
        """False for labels ('so-called "special military operation"') and titles ('the report "Global Trends"')."""
        text, opening = self.text, quote.open
        if _SO_CALLED.search(text, max(0, opening - 12), opening) or _SO_CALLED_INSIDE.match(text, quote.start):
            return False
        if _TITLE_CUE.search(text, max(0, opening - 16), opening):
            return False
        words = len(_WORDS.findall(text, quote.start, min(quote.end, quote.start + 400)))
        trailing = attribution.how == "trailing"
        # 'the report "Global Trends"': a title starts with a capital or a digit; 'called the draft
        # "a provocation"' is somebody's words about the draft.
        titled = not text[quote.start].islower()
        if words <= 12 and not trailing and titled and _DOCUMENT_CUE.search(text, max(0, opening - 40), opening):
            ends_sentence = text[quote.end - 1] in ".!?…"
            if not ends_sentence or _is_title_case(text, quote.start, quote.end):
                return False
        whole_sentence = text[quote.end - 1] in ".!?…" and text[quote.start].isupper()
        # A speaker found in the quotation's own sentence (not one carried over from an earlier
        # quotation or taken from the next paragraphs) says somebody is quoted here.
        local = attribution.referent is not None and attribution.how not in ("recent", "forward")
        # 'It accused Tehran of continuing to "flagrantly defy" the Council': "it" (a mission, a
        # government) speaks in this sentence, and it is who spoke in the quotation before.
        if attribution.how == "recent":
            local = _IT_SPEAKS.search(text, max(self._sentence_start(opening), opening - 150), opening) is not None
        # A quotation in single marks in a headline only with the speaker of a speech verb around it
        # ("Guterres warns of ‘collective punishment’", "… ‘Continues Its Crimes’, Says Delegate of
        # Algeria"): title-case headlines make names of verbs ("Representative Urges New Leaders to
        # ‘Act Responsibly’").
        if quote.headline and attribution.how not in ("trailing", "later", "leading"):
            return False
        # 'the Kenya-led "Multinational Security Support" mission', 'the "Uniting for Peace"
        # procedure': a short name in title case is a name, not somebody's words.
        title_case = not quote.headline and _is_title_case(text, quote.start, quote.end)  # headlines are
        if words <= 5 and not trailing and not whole_sentence and title_case:
            return False
        # 'what it calls a "government of peace and unity" in areas …': a longer name is a label
        # too when nobody is quoted saying it and it does not read as a sentence.
        if words <= 8 and not trailing and not whole_sentence and not local:
            if _LABEL_CUE.search(text, max(0, opening - 30), opening):
                return False
        # 'Trump's "maximum pressure strategy"': a short name of someone's policy or plan inside a
        # sentence is a label, even with an attribution after it ('accused the United States of
        # "hostile policy"' is not: no owner named before it).
        owned = _OWNER_BEFORE.search(text, max(0, opening - 12), opening) is not None
        if words <= 5 and not whole_sentence and owned and _POLICY_NAME.search(text, quote.start, quote.end):
            if not trailing or not self._opens_sentence(quote):
                return False
        if words > 3:
            return True
        if _LABEL_CUE.search(text, max(0, opening - 30), opening):
            return False
        # '"Words are not enough," he said. "We need action."': a short quotation that is a
        # whole sentence standing on its own, with a speaker, is a statement, not a label.
        if whole_sentence and attribution.referent is not None and self._opens_sentence(quote):
            return True
        if words == 1:  # a scare-quoted word ("called the threats "unwise""), unless it is the whole answer
            return trailing
        # Two or three words: a fragment of someone's words ('dismissed them as "completely
        # false"', 'remain "trapped in an endless nightmare"') once the text says whose they are.
        return (
            trailing
            or local
            or _SPEECH_CUE.search(text, max(0, opening - 90), opening) is not None
            or _REPORTED_STATE_CUE.search(text, max(0, opening - 120), opening) is not None
        )

    def _opens_sentence(self, quote: _Quote) -> bool:
        return _blank_back(self.text, self._sentence_start(quote.open), quote.open, " \t\n")

    # ---- who said it?

    def _attribute(self, index: int, quote: _Quote) -> _Attribution:
        sentence_start = self._sentence_start(quote.open)
        previous = self.quotes[index - 1] if index else None
        window_start = sentence_start
        # A quotation dropped as a label does not split the sentence: its subject still speaks.
        joined = previous is not None and previous.close >= sentence_start and self.results[index - 1] is not None
        if joined:
            window_start = previous.close + 1
        steps = (
            lambda: self._trailing(quote),
            lambda: self._leading_speaker(window_start, quote.open),
            lambda: self._joined(index) if joined else None,
            lambda: self._continued(quote),
            lambda: self._previous_sentence(index, window_start, quote.open),
            lambda: self._next_sentence(quote, window_start),
            lambda: self._later_in_sentence(quote),
            lambda: self._leading(window_start, quote.open),
            lambda: self._fallback(window_start, quote.open),
        )
        found = None
        for step in steps:
            found = step()
            if found is not None:
                break
        if found is not None and found.referent is not None:
            return found
        # Nobody in the sentence, or a "he" that points at no one yet: the speaker of the quotation
        # just before, else (a headline, a lede) whoever speaks in the next paragraphs.
        return self._recent(index, quote) or self._forward(quote) or found or _Attribution(None, 0.4, "none")

    def _sentence_start(self, pos: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, pos) - 1]

    def _mentions_between(self, start: int, end: int):
        index = bisect.bisect_left(self.mention_starts, start)
        while index < len(self.mentions) and self.mentions[index].start < end:
            mention = self.mentions[index]
            if mention.end <= end:
                yield mention
            index += 1

    def _first(self, pointers: list[int], start: int, end: int) -> _Mention | None:
        """The first mention of one sort (`pointers`, from `_next_index`) lying within start–end."""
        index = pointers[bisect.bisect_left(self.mention_starts, start)]
        if index < len(self.mentions):
            mention = self.mentions[index]
            if mention.start < end and mention.end <= end:
                return mention
        return None

    def _trailing(self, quote: _Quote) -> _Attribution | None:
        """'"…," Nebenzya said' or '"…," said the Chinese envoy': the attribution right after the marks."""
        if quote.open_ended or not self._may_have_trailing(quote):
            return None
        after = quote.close + 1
        index = bisect.bisect_left(self.mention_starts, after)
        if index == len(self.mentions) or self.mentions[index].start - after > 40:
            return None
        mention = self.mentions[index]
        gap = _TRAILING_GAP.fullmatch(self.text, after, mention.start)
        if gap is None:
            return None
        speaks = mention.subject and mention.verb in _SPEECH_VERBS
        if gap.group("title") and not (speaks and mention.kind in (PERSON, SURNAME)):
            return None
        if gap.group("verb") or speaks:
            return _Attribution(mention.referent, _confidence(mention, 0.95), "trailing")
        return None

    def _may_have_trailing(self, quote: _Quote) -> bool:
        """Whether the sentence goes on after the closing mark (a comma, "?", "!", or a lower-case word)."""
        if quote.had_comma or self.text[quote.end - 1] in "?!—–-":
            return True
        following = self.text[quote.close + 1 : quote.close + 3].lstrip(" \t")
        return bool(following) and (following[0] == "," or following[0].islower())

    def _leading_speaker(self, start: int, end: int) -> _Attribution | None:
        """The subject of a speech verb in the clause the quotation sits in ('Geng Shuang stated, "…"').

        It wins over an earlier subject ("Asked whether Moscow would veto it, Nebenzya replied: …").
        """
        speaking = self._first(self.next_speaking, start, end)
        if speaking is not None:
            return _Attribution(speaking.referent, _confidence(speaking, 0.9), "leading")
        return None

    def _leading(self, start: int, end: int) -> _Attribution | None:
        """Failing a speech verb before or after the quotation, the first subject of its clause
        speaks ("The U.S. criticized China, stating that … "…"")."""
        first = self._first(self.next_subject, start, end)
        if first is not None:
            return _Attribution(first.referent, _confidence(first, 0.85), "subject")
        return None

    def _joined(self, index: int) -> _Attribution | None:
        """A quotation in the same sentence as the previous one, with no new speaker between them."""
        earlier = self.results[index - 1]
        if earlier is None or earlier.referent is None:
            return None
        return _Attribution(earlier.referent, earlier.confidence * 0.95, "joined")

    def _continued(self, quote: _Quote) -> _Attribution | None:
        """A paragraph that carries on an unclosed quotation (wire style) keeps its speaker."""
        if quote.continues is None:
            return None
        earlier = self.results[quote.continues]
        if earlier is None or earlier.referent is None:
            return None
        return _Attribution(earlier.referent, earlier.confidence * 0.9, "continued")

    def _previous_sentence(self, index: int, window_start: int, quote_open: int) -> _Attribution | None:
        """'Nebenzya said on Friday. "…"': a quotation opening its sentence takes the last speaker."""
        if window_start == 0 or not _blank_back(self.text, window_start, quote_open, " \t\n([—–-"):
            return None
        previous_start = self._sentence_start(window_start - 1)
        if index and self.quotes[index - 1].open >= previous_start:
            earlier = self.results[index - 1]
            if earlier is not None and earlier.referent is not None:
                return _Attribution(earlier.referent, earlier.confidence * 0.85, "previous")
        ends_with_colon = _last_visible(self.text, previous_start, window_start) == ":"
        pointers = self.next_subject if ends_with_colon else self.next_speaking
        mention = self._first(pointers, previous_start, window_start)
        if mention is not None:
            return _Attribution(mention.referent, _confidence(mention, 0.75), "previous")
        subject = self._first(self.next_person_subject, previous_start, window_start)
        # 'Kyslytsya opened his remarks with a question. "Where were …?"': a quotation standing
        # right after a sentence about one person is, in wire copy, nearly always theirs.
        if subject is not None:
            return _Attribution(subject.referent, _confidence(subject, 0.6), "previous")
        return None

    def _next_sentence(self, quote: _Quote, window_start: int) -> _Attribution | None:
        """'"… is closing." The warning came from Salvador, …': a quotation standing alone as a
        sentence whose source the next sentence names."""
        if quote.open_ended or not _blank_back(self.text, window_start, quote.open, " \t\n([—–-"):
            return None
        source = _SOURCE_NEXT.match(self.text, quote.close + 1)
        if source is None:
            return None
        for mention in self._mentions_between(source.end(), source.end() + 80):
            if mention.kind in _PERSON_KINDS and mention.referent is not None:
                return _Attribution(mention.referent, _confidence(mention, 0.7), "next")
            break
        return None

    def _later_in_sentence(self, quote: _Quote) -> _Attribution | None:
        """'… which was an "unacceptable violation" of a U.N. ban, French U.N. Ambassador Francois
        Delattre told reporters': the speaker is named after the quotation, later in its sentence."""
        index = bisect.bisect_right(self.starts, quote.close)
        sentence_end = self.starts[index] if index < len(self.starts) else len(self.text)
        mention = self._first(self.next_speaker, quote.close + 1, sentence_end)
        # '… as "completely false" and said that Moscow would respond': a subject inside a reported
        # clause is what the claim is about, not who made it.
        if mention is None or _CLAUSE_WORD.search(self.text, quote.close + 1, mention.start):
            return None
        return _Attribution(mention.referent, _confidence(mention, 0.8), "later")

    def _recent(self, index: int, quote: _Quote) -> _Attribution | None:
        """'More than 2 million people remain "trapped in an endless nightmare"': a quotation with
        no speaker of its own in a briefer's account is theirs, when the last quotation (in this
        paragraph or the one before) was, and nobody else has been the subject of a clause since."""
        earlier = index - 1
        while earlier >= 0 and self.results[earlier] is None and index - earlier < 4:
            earlier -= 1  # past labels and titles dropped
        if earlier < 0 or self.results[earlier] is None or self.results[earlier].referent is None:
            return None
        previous = self.quotes[earlier]
        if self._paragraph(quote.open) - self._paragraph(previous.close) > 1:
            return None
        referent = self.results[earlier].referent
        other = self._first(self.next_person_subject, previous.close + 1, quote.open)
        if other is not None and other.referent is not referent:
            return None
        return _Attribution(referent, self.results[earlier].confidence * 0.6, "recent")

    def _forward(self, quote: _Quote) -> _Attribution | None:
        """A headline's or a lede's quotation: whoever speaks first in this or the next two paragraphs."""
        paragraph = self._paragraph(quote.close)
        limit = self.paragraph_starts[paragraph + 3] if paragraph + 3 < len(self.paragraph_starts) else len(self.text)
        mention = self._first(self.next_speaker, quote.close + 1, limit)
        if mention is None:
            return None
        return _Attribution(mention.referent, _confidence(mention, 0.5), "forward")

    def _paragraph(self, pos: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, pos) - 1

    def _fallback(self, start: int, end: int) -> _Attribution | None:
        """Someone named in the clause but not as its subject ("According to Wood, …" is handled above)."""
        mention = self._first(self.next_person, start, end)
        if mention is not None:
            return _Attribution(mention.referent, _confidence(mention, 0.6), "fallback")
        return None


def _speaks(mention: _Mention) -> bool:
    """The subject of a speech verb, or named right after one ("said Nebenzya"), standing for someone."""
    if mention.referent is None:
        return False
    if mention.subject:
        return mention.verb in _SPEECH_VERBS
    return mention.salient


def _next_index(mentions: list[_Mention], wanted) -> list[int]:
    """For each index i (and len(mentions)), the first index j >= i whose mention is `wanted`, else len."""
    pointers = [len(mentions)] * (len(mentions) + 1)
    for index in range(len(mentions) - 1, -1, -1):
        pointers[index] = index if wanted(mentions[index]) else pointers[index + 1]
    return pointers


def _blank_back(text: str, start: int, end: int, blanks: str) -> bool:
    """Whether text[start:end] holds only `blanks`, read backwards from `end`.

    Read from the end because the blanks before a quotation's mark are its own: each quotation
    reads only its own, where slicing from a sentence's start read the sentence again for each.
    """
    index = end
    while index > start and text[index - 1] in blanks:
        index -= 1
    return index <= start


def _last_visible(text: str, start: int, end: int) -> str:
    """The last character of text[start:end] that is not white space ('' when none)."""
    index = end
    while index > start and text[index - 1].isspace():
        index -= 1
    return text[index - 1] if index > start else ""


def _is_title_case(text: str, start: int, end: int) -> bool:
    """Most longer words capitalised, as in "Evasion Networks and Maritime Transfers"."""
    long_words = [w for w in _WORDS.findall(text, start, end) if len(w) > 3]
    # "Myanmar-owned" is a name and a lower-case word: title case would write "Myanmar-Owned".
    capitalised = sum(1 for w in long_words if w[0].isupper() and not _LOWER_AFTER_HYPHEN.search(w))
    return bool(long_words) and capitalised * 10 >= len(long_words) * 7


def _confidence(mention: _Mention, base: float) -> float:
    """Less sure of a pronoun, a bare title or a government than of a name."""
    if mention.referent is None:
        return round(base * 0.5, 2)
    if mention.kind == PRONOUN or mention.referent.kind == "role":
        return round(base * 0.9, 2)
    if mention.kind == TITLE:
        return round(base * 0.9, 2)
    if mention.kind == GROUP:
        return round(base * 0.7, 2)
    if mention.kind == COUNTRY:
        return round(base * 0.85, 2)
    return round(base, 2)


def _candidate(text: str, start: int, end: int, kind: str, attribution: _Attribution) -> Candidate:
    entity = attribution.referent
    candidate = Candidate(text[start:end], start, end, kind, confidence=round(attribution.confidence, 2))
    if entity is not None:
        candidate.speaker = entity.name
        candidate.delegate = entity.delegate
        candidate.country = entity.country
        candidate.country_name = country_name(entity.country)
        candidate.role = entity.role
    return candidate
