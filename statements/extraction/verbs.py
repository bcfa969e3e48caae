"""The verbs after a mention: is it the subject of a clause, and of which verb?

Holds the verb lists that drive attribution (speech verbs such as "said", stance verbs such as
"rejects", verbs taking a "that" clause) and a small regular-inflection lemmatiser, and marks each
mention with the verb it is the subject of. Used when mentions are found (stage 3) and read by
the resolver, the attributor and the paraphrase finder.
"""

from __future__ import annotations

import re

from statements.extraction.datatypes import COUNTRY, GROUP, _Mention
from statements.extraction.names import _word_before


def _inflections(base: str) -> tuple[str, str]:
    """Third person singular and past tense of a regular verb."""
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ies", base[:-1] + "ied"
    if base.endswith("e"):
        return base + "s", base + "d"
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es", base + "ed"
    return base + "s", base + "ed"


# Verbs that introduce a quotation or reported speech.
_SPEECH_VERBS = {
    "say", "tell", "state", "add", "note", "stress", "emphasize", "emphasise", "insist", "argue", "claim",
    "warn", "reply", "respond", "remark", "observe", "ask", "write", "comment", "continue", "conclude",
    "caution", "counter", "declare", "explain", "acknowledge", "reiterate", "affirm", "describe", "call",
    "speak", "assert", "contend", "recall", "point", "urge", "concede", "admit", "maintain", "suggest",
    "announce", "retort", "underline", "underscore", "highlight", "charge", "allege", "predict", "promise",
    "go",  # "he went on"
    "report", "recount", "lament", "complain", "tweet", "testify", "inform",  # "she reported that …"
}  # fmt: skip
# Verbs whose clause reports a position: the whole sentence is the paraphrase.
_STANCE_VERBS = {
    "reject", "deny", "accuse", "urge", "condemn", "criticize", "criticise", "dismiss", "call", "demand",
    "blame", "vow", "pledge", "promise", "refuse", "question", "oppose", "welcome", "express", "voice",
    "deplore", "denounce", "decry", "rebuff", "slam", "appeal", "protest", "object", "praise", "warn",
    "defend", "support", "back", "reaffirm", "regret", "applaud", "veto", "threaten",
}  # fmt: skip
# Verbs whose object clause (after "that") is the paraphrase.
_SAY_THAT_VERBS = {
    "say", "state", "tell", "add", "note", "stress", "emphasize", "emphasise", "insist", "argue", "claim",
    "maintain", "reiterate", "affirm", "assert", "contend", "explain", "acknowledge", "suggest", "declare",
    "announce", "concede", "admit", "allege", "point", "underline", "underscore", "believe", "predict", "charge",
    "reply", "respond", "counter", "warn", "observe", "remark", "recall", "caution", "conclude",
    "report", "recount", "lament", "complain", "testify", "inform",
}  # fmt: skip
_OTHER_VERBS = {
    "want", "hope", "think", "see", "remain", "seek", "plan", "intend", "consider", "expect", "agree",
    "disagree", "confirm", "thank", "invite", "sign", "confront", "host", "chair", "vote", "abstain",
    "propose", "raise", "use", "shield", "violate", "supply", "provide", "send", "invade", "attack",
    "launch", "fire", "test", "view", "regard", "reassure", "assure", "justify", "brief", "inform", "meet",
    "hold", "lead", "keep", "give", "make", "take", "go", "come", "need", "try", "fail", "join", "leave",
    "accept", "offer", "describe", "approve", "adopt", "block", "push", "press", "seem", "appear",
    "believe", "refer", "recognize", "recognise", "address",
}  # fmt: skip
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "wrote": "write", "spoke": "speak", "sought": "seek",
    "thought": "think", "saw": "see", "sees": "see", "gave": "give", "made": "make", "took": "take",
    "met": "meet", "held": "hold", "led": "lead", "kept": "keep", "went": "go", "goes": "go", "came": "come",
    "sent": "send", "left": "leave", "felt": "feel", "stood": "stand", "began": "begin", "brought": "bring",
    "put": "put", "set": "set", "let": "let", "read": "read", "won": "win", "lost": "lose", "heard": "hear",
    "admitted": "admit", "regretted": "regret", "referred": "refer", "committed": "commit", "vetoed": "veto",
    "vetoes": "veto", "planned": "plan", "slammed": "slam", "backed": "back", "underlined": "underline",
}  # fmt: skip
_AUXILIARIES = {
    "is": "be", "was": "be", "are": "be", "were": "be", "has": "have", "have": "have", "had": "have",
    "will": "will", "would": "will", "could": "can", "can": "can", "should": "shall", "shall": "shall",
    "may": "may", "might": "may", "must": "must", "did": "do", "does": "do", "do": "do",
}  # fmt: skip
_ADVERBS = {
    "also", "later", "then", "again", "still", "further", "previously", "earlier", "recently", "however",
    "subsequently", "immediately", "not", "never", "already", "once", "too", "meanwhile", "even",
}  # fmt: skip
_NOT_PAST_TENSE = {"united", "armed", "hundred", "sacred", "naked", "wicked", "kindred", "aged", "learned", "red"}


def _verb_forms() -> tuple[dict[str, str], set[str]]:
    """Inflected form → lemma for every listed verb, and the set of base forms."""
    bases = _SPEECH_VERBS | _STANCE_VERBS | _SAY_THAT_VERBS | _OTHER_VERBS
    forms: dict[str, str] = {}
    for base in bases:
        third, past = _inflections(base)
        forms[third] = base
        forms[past] = base
    forms.update(_IRREGULAR)
    return forms, bases


_INFLECTED, _BASE_FORMS = _verb_forms()
_WORDS_AFTER = re.compile(r"[ \t]*,?[ \t]+(?P<words>[a-z]+(?:[ \t]+[a-z]+){0,4})")
# The appositive may hold a quoted name ('speaking on behalf of the "Group of 77" and China,').
_APPOSITIVE_THEN_WORDS = re.compile(r"[ \t]*,[^,.;:!?\n]{1,120},[ \t]+(?P<words>[a-z]+(?:[ \t]+[a-z]+){0,4})")
_ACCORDING_TO = re.compile(r"\b(?i:according)[ \t]+to[ \t]+[^,.;:!?\"“”\n]{0,30}$")
_COLON_QUOTE = re.compile(r":[ \t]*[\"“]")
_NAMED_AFTER = {
    "said", "says", "added", "adds", "told", "asked", "stated", "declared", "insisted", "noted", "continued",
    "argued", "warned", "replied", "wrote",
}  # fmt: skip


def _is_adverb(word: str) -> bool:
    return word in _ADVERBS or (word.endswith("ly") and len(word) > 4)


def _lemma(word: str, plural: bool) -> str | None:
    """The lemma of a finite verb form, or None for a word that does not read as one."""
    if word in _INFLECTED:
        return _INFLECTED[word]
    if plural and word in _BASE_FORMS:
        return word
    if word.endswith("ed") and not word.endswith("eed") and len(word) > 4 and word not in _NOT_PAST_TENSE:
        return word[:-2]
    return None


def _main_verb(words: list[str], plural: bool) -> str | None:
    """The lemma of the verb these words start with, past adverbs and auxiliaries ("has repeatedly denied")."""
    i = 0
    while i < len(words) and _is_adverb(words[i]):
        i += 1
    if i == len(words):
        return None
    if words[i] in _AUXILIARIES:
        for later in words[i + 1 :]:
            if later == "been" or _is_adverb(later):
                continue
            lemma = _lemma(later, True)
            return lemma if lemma is not None else _AUXILIARIES[words[i]]
        return _AUXILIARIES[words[i]]
    return _lemma(words[i], plural)


_PREPOSITIONS = {"on", "of", "for", "to", "in", "from", "with", "about", "by", "against", "toward", "towards"}


def _mark_subject(text: str, mention: _Mention) -> None:
    """Record whether a verb follows the mention (past an appositive), and which."""
    plural = mention.kind == GROUP
    following = text[mention.end : mention.end + 1]
    if following == ":" and _COLON_QUOTE.match(text, mention.end):
        # 'Erdan: "Those who call for a ceasefire …"', the headline's way of saying "Erdan said".
        mention.subject = mention.salient = True
        mention.verb, mention.verb_end = "say", mention.end + 1
        return
    if following not in (" ", "\t", ","):  # a possessive, a full stop, a quotation mark: no verb follows
        mention.salient = _named_after_speech(text, mention.start)
        return
    # "the U.N. special envoy on Myanmar, told …": a country after a preposition is not the subject.
    if mention.kind in (COUNTRY, GROUP) and _word_before(text, mention.start)[0] in _PREPOSITIONS:
        return
    for pattern in (_WORDS_AFTER, _APPOSITIVE_THEN_WORDS):
        after = pattern.match(text, mention.end)
        if after is None:
            continue
        verb = _main_verb(after.group("words").split(), plural)
        if verb is not None:
            mention.subject = True
            mention.verb = verb
            mention.verb_end = _verb_end(text, after, verb)
            break
    mention.salient = mention.subject or _named_after_speech(text, mention.start)


def _named_after_speech(text: str, pos: int) -> bool:
    """'said Nebenzya', 'according to Wood', 'according to the UN relief chief, Martin Griffiths'."""
    word, start = _word_before(text, pos)
    if word == "to":
        return _word_before(text, start)[0] == "according"
    return word in _NAMED_AFTER or _ACCORDING_TO.search(text, max(0, pos - 40), pos) is not None


def _verb_end(text: str, after: re.Match, lemma: str) -> int:
    """Offset just past the verb itself within the words that follow a subject."""
    offset = after.start("words")
    for word in after.group("words").split():
        offset = text.index(word, offset) + len(word)
        if _lemma(word, True) == lemma or _IRREGULAR.get(word) == lemma or _AUXILIARIES.get(word) == lemma:
            return offset
    return offset
