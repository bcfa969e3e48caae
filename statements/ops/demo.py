"""The demo meeting: the Security Council meeting of 28 June 2024 on arms from North Korea.

Everything here is stated by a source: the news report in `data/unsc-dprk-russia.txt` (a copy
of the seed article), or the foundation issue, which gives the date, the UN press release
SC/15755 and the 2024 council membership. Fields no source gives stay empty: the article has
no title, publisher, date or URL; the meeting's record symbol (S/PV.NNNN), number, agenda item
and place would come from the UN's verbatim record, which we do not hold.

Quotes are the article's words, verbatim. Paraphrase statements hold the article's own
sentence (or clause) that reports the position, so that the excerpt and its offsets match.

Loading creates what is missing and never overwrites an editor's work: a demo row is changed
only while it still holds exactly what an earlier version of this module loaded, to correct
that version's mistakes (`correct_earlier_loads`): copies of one joint statement, a reporter's
observation filed as China's statement, titles normalised away from the article's words, the
North Korean envoy's name in the article's order rather than the UN's. Each correction is saved
with a reason, so the history of the row says what changed and why.
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from statements.models import (
    Alias,
    Body,
    Citation,
    CouncilSeat,
    Country,
    Delegate,
    Meeting,
    Mention,
    Position,
    Source,
    Statement,
    Topic,
)

ARTICLE_PATH = Path(__file__).resolve().parents[1] / "data" / "unsc-dprk-russia.txt"
MEETING_DATE = datetime.date(2024, 6, 28)
PRESS_RELEASE = "SC/15755"
PRESS_RELEASE_URL = "https://press.un.org/en/2024/sc15755.doc.htm"

BODY = {"slug": "security-council", "name": "Security Council", "short_name": "Security Council"}

# The seed names the five permanent members; it gives no dates, so none are recorded.
PERMANENT_MEMBERS = ["CHN", "FRA", "GBR", "RUS", "USA"]
# The foundation issue gives the elected members of 2024 and their terms. Elected terms run
# for whole calendar years, so a 2023–2024 term is 1 January 2023 to 31 December 2024.
ELECTED_MEMBERS = {
    (2023, 2024): ["ECU", "JPN", "MLT", "MOZ", "CHE"],
    (2024, 2025): ["DZA", "GUY", "KOR", "SLE", "SVN"],
}

TOPICS = {
    "arms-embargo": "Arms embargo",
    "sanctions": "Sanctions",
    "military-exercises": "Military exercises",
    "military-cooperation": "Military cooperation",
    "korean-peninsula": "Korean Peninsula",
    "war-in-ukraine": "War in Ukraine",
}

# `title` is the position the archive records, without the demonym (that is the party);
# `as_written` is how the article introduces the delegate, which each of their statements keeps
# as its speaker title. The UN writes the North Korean envoy's name family name first, Kim Song;
# the article's "Song Kim" is kept as an alias.
DELEGATES = [
    {
        "key": "nebenzya",
        "full_name": "Vasily Nebenzya",
        "sort_name": "Nebenzya, Vasily",
        "party": "RUS",
        "title": "Ambassador to the UN",
        "as_written": "Russian Ambassador to the UN",
        "aliases": [("Nebenzya", Alias.Kind.SHORT), ("Vasily Nebenzia", Alias.Kind.TRANSLITERATION)],
    },
    {
        "key": "wood",
        "full_name": "Robert Wood",
        "sort_name": "Wood, Robert",
        "party": "USA",
        "title": "Deputy Ambassador to the UN",
        "as_written": "Deputy U.S. Ambassador to the UN",
        "aliases": [],
    },
    {
        "key": "geng",
        "full_name": "Geng Shuang",
        "sort_name": "Geng Shuang",
        "party": "CHN",
        "title": "Deputy Ambassador to the UN",
        "as_written": "Chinese Deputy Ambassador to the UN",
        "aliases": [],
    },
    {
        "key": "kim",
        "full_name": "Kim Song",
        "sort_name": "Kim Song",
        "party": "PRK",
        "title": "Ambassador to the UN",
        "as_written": "North Korean Ambassador to the UN",
        "aliases": [("Song Kim", Alias.Kind.NAME_ORDER)],
    },
]

ACCUSATION = (
    "the United States, Britain, and France confronted Russia at the United Nations Security Council over "
    "accusations that Moscow is violating an arms embargo on North Korea by using missiles and munitions from "
    "Pyongyang in its war against Ukraine."
)
US_ON_CHINA = (
    "The U.S. also criticized China on Friday, stating that it should use its connections with North Korea and "
    'Russia to protect regional and global security and to end "this increasingly dangerous military '
    'cooperation" between the two countries.'
)
EXERCISES = (
    "China and Russia claim that the joint military exercises conducted by the U.S. and South Korea provoke North Korea"
)

# In the order the article reports them. `text` must occur verbatim in the article; `occurrence`
# picks among repeats. `reply_to` names the key of the statement answered.
STATEMENTS = [
    {
        # The article says the three did it together: one statement on behalf of all three.
        "key": "us-accuses",
        "party": "USA",
        "joint": ["GBR", "FRA"],
        "kind": "paraphrase",
        "text": ACCUSATION,
        "topics": ["arms-embargo", "war-in-ukraine"],
        "mentions": [("RUS", "accuses"), ("PRK", "mentions")],
    },
    {
        "key": "completely-false",
        "speaker": "nebenzya",
        "party": "RUS",
        "kind": "direct",
        "text": "completely false.",
        "reply_to": "us-accuses",
        "topics": ["arms-embargo"],
        "mentions": [("USA", "rejects"), ("GBR", "rejects"), ("FRA", "rejects")],
    },
    {
        "key": "us-criticises-china",
        "party": "USA",
        "kind": "paraphrase",
        "text": US_ON_CHINA,
        "topics": ["military-cooperation"],
        "mentions": [("CHN", "criticises"), ("CHN", "calls-on"), ("PRK", "mentions"), ("RUS", "mentions")],
    },
    {
        "key": "dangerous-cooperation",
        "party": "USA",
        "kind": "direct",
        "text": "this increasingly dangerous military cooperation",
        "topics": ["military-cooperation"],
        "mentions": [("RUS", "criticises"), ("PRK", "criticises")],
    },
    {
        "key": "wood-urges",
        "speaker": "wood",
        "party": "USA",
        "kind": "paraphrase",
        "text": (
            "Robert Wood, Deputy U.S. Ambassador to the UN, urged his Chinese counterparts to recognize that if the "
            "situation on the Korean Peninsula continues on its current path, the United States and its allies will "
            "have to take steps to defend their security, without going into further details."
        ),
        "topics": ["korean-peninsula"],
        "mentions": [("CHN", "calls-on")],
    },
    {
        "key": "china-rejects",
        "party": "CHN",
        "kind": "paraphrase",
        "reply_to": "us-criticises-china",
        "text": "China firmly rejects U.S. accusations of encouraging North Korea by not condemning Russia's actions.",
        "topics": ["military-cooperation"],
        "mentions": [("USA", "rejects")],
    },
    {
        "key": "geng-reflect",
        "speaker": "geng",
        "party": "CHN",
        "kind": "direct",
        "reply_to": "us-criticises-china",
        "text": (
            "The current situation on the Korean Peninsula remains tense. How did this happen?... The U.S. should "
            "reflect carefully, particularly on its own actions, instead of blaming others and shirking "
            "responsibility as is its habit."
        ),
        "topics": ["korean-peninsula"],
        "mentions": [("USA", "criticises")],
    },
    {
        "key": "china-exercises",
        "party": "CHN",
        "joint": ["RUS"],
        "kind": "paraphrase",
        "text": EXERCISES,
        "topics": ["military-exercises"],
        "mentions": [("USA", "accuses"), ("KOR", "accuses")],
    },
    {
        "key": "us-accuses-shielding",
        "party": "USA",
        "kind": "paraphrase",
        "text": (
            "Washington accuses both Beijing and Moscow of encouraging North Korea by shielding it from other "
            "United Nations sanctions."
        ),
        "topics": ["sanctions"],
        "mentions": [("CHN", "accuses"), ("RUS", "accuses")],
    },
    {
        "key": "baseless-allegations",
        "speaker": "nebenzya",
        "party": "RUS",
        "kind": "direct",
        "reply_to": "us-accuses",
        "text": "to spread baseless allegations to divert attention from its destructive actions.",
        "topics": ["arms-embargo"],
        "mentions": [
            ("USA", "accuses"),
            ("USA", "rejects"),
            ("FRA", "rejects"),
            ("GBR", "rejects"),
            ("KOR", "rejects"),
            ("JPN", "rejects"),
        ],
    },
    {
        "key": "constructive-cooperation",
        "speaker": "nebenzya",
        "party": "RUS",
        "kind": "direct",
        "text": (
            "Our cooperation with Pyongyang is constructive and legitimate in nature, which is very important. "
            "No one is threatened unlike the military activities of the U.S. and its allies."
        ),
        "topics": ["military-cooperation", "military-exercises"],
        "mentions": [("PRK", "defends"), ("USA", "criticises")],
    },
    {
        "key": "no-need-to-worry",
        "speaker": "kim",
        "party": "PRK",
        "kind": "direct",
        "text": "there is absolutely no need to worry about the development of our bilateral relations.",
        "topics": ["military-cooperation"],
        "mentions": [("RUS", "defends")],
    },
    {
        "key": "peaceful-relations",
        "speaker": "kim",
        "party": "PRK",
        "kind": "direct",
        "text": (
            "The relations between the Democratic People's Republic of Korea and Russia are peaceful and entirely "
            "defensive in nature, as they do not aim at a third party but rather promote the progress and welfare "
            "of the peoples of both countries."
        ),
        "topics": ["military-cooperation"],
        "mentions": [("RUS", "defends")],
    },
]

# No source here gives the meeting's official title or agenda item: both stay empty. The last
# sentence of the summary is the article's closing observation about China, which says what China
# did not do and so is no statement of China's.
MEETING = {
    "requested_by": ["USA", "FRA", "GBR", "KOR", "JPN"],
    "summary": (
        "Called by the United States, France, the United Kingdom, the Republic of Korea and Japan a week after "
        "Russia and North Korea signed a mutual military support treaty. Western members said Russia was breaking "
        "the arms embargo on North Korea by using its missiles and munitions in Ukraine, and pressed China to use "
        "its influence. Russia called the charge false and the meeting a diversion; China blamed the United "
        "States for tension on the Korean Peninsula; North Korea's envoy called its ties with Russia defensive. "
        "The article notes that China did not mention the treaty during the meeting."
    ),
}

# What earlier versions of this module loaded and this one corrects (see `correct_earlier_loads`).
# A row is corrected only while it holds exactly these values.
EARLIER = {
    # Until December 2026 the accusation was stored once per accuser and the claim about the
    # exercises once per claimant: the copies on behalf of these parties are removed.
    "copies": {"us-accuses": ["GBR", "FRA"], "china-exercises": ["RUS"]},
    # The reporter's observation, stored as a paraphrase on China's behalf.
    "dropped": {
        "party": "CHN",
        "text": (
            "China's response to last week’s agreement between Moscow and Pyongyang was cautious, and it did not "
            "refer to it during the Security Council meeting."
        ),
    },
    "summary": MEETING["summary"].removesuffix(
        " The article notes that China did not mention the treaty during the meeting."
    ),
    # The speaker titles, normalised: the position, not the article's words.
    "titles": {
        "nebenzya": "Ambassador to the UN",
        "wood": "Deputy Ambassador to the UN",
        "geng": "Deputy Ambassador to the UN",
        "kim": "Ambassador to the UN",
    },
    # The North Korean envoy, in the article's order.
    "kim": {"full_name": "Song Kim", "sort_name": "Kim, Song", "aliases": [("Kim Song", Alias.Kind.NAME_ORDER)]},
}

REASONS = {
    "copy": "Demo correction: one joint statement, not a copy for each party",
    "joint": "Demo correction: made jointly; the copies for each party were removed",
    "dropped": "Demo correction: the reporter's observation, not a statement; kept in the meeting summary",
    "summary": "Demo correction: the article's observation about China, moved from a statement",
    "title": "Demo correction: the speaker's title as the article writes it",
    "sequence": "Demo correction: numbered again in the order of the article",
    "name": "Demo correction: name in the UN's order (Kim Song); the article's Song Kim kept as an alias",
}


def article_text():
    return ARTICLE_PATH.read_text(encoding="utf-8")


def offsets(text, excerpt):
    start = text.find(excerpt)
    if start < 0:
        raise ValueError(f"Demo excerpt not found in the article: {excerpt[:60]!r}")
    return start, start + len(excerpt)


def find_delegate(spec, meeting):
    """The demo delegate of `spec`: by any of its names, else as the speaker of its statements in `meeting`."""
    names = [spec["full_name"], *(name for name, _ in spec["aliases"])]
    delegate = Delegate.objects.filter(Q(full_name__in=names) | Q(aliases__name__in=names)).order_by("id").first()
    if delegate is None and meeting is not None:
        texts = [statement["text"] for statement in STATEMENTS if statement.get("speaker") == spec["key"]]
        delegate = (
            Delegate.objects.filter(statements__meeting=meeting, statements__text__in=texts).order_by("id").first()
        )
    return delegate


def saved_with_reason(instance, reason, fields, **nested):
    """Save `fields` of `instance` with `reason` in its history record; `nested` lists the nested
    rows changed (models/revisions.py). Only those fields: the row's others may be newer in the database."""
    instance._change_reason = reason
    instance._history_nested_changes = nested or None
    try:
        instance.save(update_fields=[*fields, "updated"])
    finally:
        del instance._history_nested_changes


def demo_statements(meeting):
    """{spec key: statement} for the demo statements the meeting holds, and the rows to remove.

    A statement is the spec's when it has its text and party; failing that, when it stands at
    the spec's place and has no other spec's text (an editor corrected its words). The rows to
    remove are earlier loads' copies of a joint statement and the dropped observation.
    """
    held = list(meeting.statements.select_related("party").order_by("sequence", "id"))
    texts = {spec["text"] for spec in STATEMENTS}
    found, removed = {}, []
    for spec in STATEMENTS:
        found[spec["key"]] = next(
            (s for s in held if s.text == spec["text"] and s.party_id and s.party.code == spec["party"]), None
        )
    taken = {statement.pk for statement in found.values() if statement}
    for spec in STATEMENTS:
        copies = EARLIER["copies"].get(spec["key"], ())
        removed += [s for s in held if s.text == spec["text"] and s.party_id and s.party.code in copies]
    dropped = EARLIER["dropped"]
    removed += [s for s in held if s.text == dropped["text"] and s.party_id and s.party.code == dropped["party"]]
    taken |= {statement.pk for statement in removed}
    for sequence, spec in enumerate(STATEMENTS, start=1):
        if found[spec["key"]] is None:
            found[spec["key"]] = next(
                (s for s in held if s.sequence == sequence and s.pk not in taken and s.text not in texts), None
            )
            if found[spec["key"]]:
                taken.add(found[spec["key"]].pk)
    return found, removed


def correct_earlier_loads(meeting, statements, removed, delegates, parties):
    """Correct what earlier versions of this module loaded, each change saved with its reason.

    Changes only rows that still hold what an earlier version loaded; returns how many it changed.
    """
    corrected = 0
    kept = {spec["key"]: statements[spec["key"]] for spec in STATEMENTS}
    for key, codes in EARLIER["copies"].items():
        statement = kept[key]
        copies = [s for s in removed if statement and s.text == statement.text and s.party.code in codes]
        if statement and copies and not statement.joint_parties.exists():
            statement._change_reason = REASONS["joint"]
            statement.joint_parties.set([parties[code] for code in codes])
            corrected += 1
        for copy in copies:
            Statement.objects.filter(reply_to=copy).update(reply_to=statement)
    for statement in removed:
        statement._change_reason = REASONS["dropped" if statement.text == EARLIER["dropped"]["text"] else "copy"]
        statement.delete()
        corrected += 1
    if meeting.summary == EARLIER["summary"]:
        meeting.summary = MEETING["summary"]
        saved_with_reason(meeting, REASONS["summary"], ["summary"])
        corrected += 1

    for spec in STATEMENTS:
        statement = kept[spec["key"]]
        speaker = spec.get("speaker")
        if statement and speaker and statement.speaker_title == EARLIER["titles"][speaker]:
            statement.speaker_title = delegate_spec(speaker)["as_written"]
            saved_with_reason(statement, REASONS["title"], ["speaker_title"])
            corrected += 1

    # Numbered again once the copies are gone: first out of the way, then in the article's order.
    wrong = [
        (sequence, kept[spec["key"]])
        for sequence, spec in enumerate(STATEMENTS, start=1)
        if kept[spec["key"]] and kept[spec["key"]].sequence != sequence
    ]
    if removed and wrong:
        Statement.objects.filter(pk__in=[s.pk for _, s in wrong]).update(sequence=None)
        for sequence, statement in wrong:
            statement.sequence = sequence
            saved_with_reason(statement, REASONS["sequence"], ["sequence"])
            corrected += 1

    corrected += correct_name(delegates["kim"])
    return corrected


def correct_name(delegate):
    """Kim Song's name in the UN's order, if it is still the article's; one correction or none."""
    earlier, spec = EARLIER["kim"], delegate_spec("kim")
    if (delegate.full_name, delegate.sort_name) != (earlier["full_name"], earlier["sort_name"]):
        return 0
    old = sorted(delegate.aliases.values_list("name", "kind"))
    if old != sorted(earlier["aliases"]):
        return 0
    delegate.aliases.all().delete()
    Alias.objects.bulk_create(Alias(delegate=delegate, name=name, kind=kind) for name, kind in spec["aliases"])
    delegate.full_name, delegate.sort_name = spec["full_name"], spec["sort_name"]

    def rows(aliases):
        return [{"name": name, "kind": kind} for name, kind in sorted(aliases)]

    saved_with_reason(
        delegate, REASONS["name"], ["full_name", "sort_name"], aliases={"old": rows(old), "new": rows(spec["aliases"])}
    )
    return 1


def delegate_spec(key):
    return next(spec for spec in DELEGATES if spec["key"] == key)


@transaction.atomic
def load_demo():
    """Create whatever part of the demo meeting is missing and correct what earlier versions loaded.

    Returns a dict of counts created, and of `corrections` made to earlier loads.
    """
    created = {"statements": 0, "delegates": 0, "seats": 0, "sources": 0, "topics": 0, "meetings": 0}
    text = article_text()
    parties = {party.code: party for party in Country.objects.all()}

    body, _ = Body.objects.get_or_create(slug=BODY["slug"], defaults=BODY)

    for code in PERMANENT_MEMBERS:
        _, was_created = CouncilSeat.objects.get_or_create(
            country=parties[code], body=body, kind=CouncilSeat.Kind.PERMANENT
        )
        created["seats"] += was_created
    for (first, last), codes in ELECTED_MEMBERS.items():
        for code in codes:
            _, was_created = CouncilSeat.objects.get_or_create(
                country=parties[code],
                body=body,
                start=datetime.date(first, 1, 1),
                defaults={"kind": CouncilSeat.Kind.ELECTED, "end": datetime.date(last, 12, 31)},
            )
            created["seats"] += was_created

    topics = {}
    for slug, name in TOPICS.items():
        topics[slug], was_created = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        created["topics"] += was_created

    # Looked up before the delegates and the article: once it exists, its statements say which
    # rows are the demo's, even after an editor has corrected a name or the article's text.
    meeting = Meeting.objects.filter(body=body, date=MEETING_DATE, press_release=PRESS_RELEASE).first()

    delegates = {}
    for spec in DELEGATES:
        delegate = find_delegate(spec, meeting)
        if delegate is None:
            delegate = Delegate.objects.create(full_name=spec["full_name"], sort_name=spec["sort_name"])
            created["delegates"] += 1
            Position.objects.create(delegate=delegate, party=parties[spec["party"]], title=spec["title"])
            for name, kind in spec["aliases"]:
                Alias.objects.create(delegate=delegate, name=name, kind=kind)
        delegates[spec["key"]] = delegate

    # The article has no URL, so it is known by its text.
    article = Source.objects.filter(kind=Source.Kind.NEWS, text=text).first()
    if article is None and meeting is not None:
        article = Source.objects.filter(kind=Source.Kind.NEWS, citations__statement__meeting=meeting).first()
    if article is None:
        article = Source.objects.create(kind=Source.Kind.NEWS, text=text)
        created["sources"] += 1
    press_release, was_created = Source.objects.get_or_create(
        url=PRESS_RELEASE_URL,
        defaults={"kind": Source.Kind.PRESS_RELEASE, "publisher": "United Nations"},
    )
    created["sources"] += was_created

    statements = {spec["key"]: None for spec in STATEMENTS}
    if meeting is None:
        meeting = Meeting.objects.create(
            body=body,
            date=MEETING_DATE,
            press_release=PRESS_RELEASE,
            summary=MEETING["summary"],
        )
        meeting.requested_by.set([parties[code] for code in MEETING["requested_by"]])
        meeting.sources.set([article, press_release])
        created["meetings"] += 1
        corrections = 0
    else:
        statements, removed = demo_statements(meeting)
        corrections = correct_earlier_loads(meeting, statements, removed, delegates, parties)

    for sequence, spec in enumerate(STATEMENTS, start=1):
        statement = statements[spec["key"]]
        if statement is None:
            speaker = spec.get("speaker")
            statement = Statement.objects.create(
                meeting=meeting,
                sequence=sequence,
                date=MEETING_DATE,
                speaker=delegates.get(speaker),
                party=parties[spec["party"]],
                speaker_title=delegate_spec(speaker)["as_written"] if speaker else "",
                text=spec["text"],
                kind=spec["kind"],
                language="en",
                reply_to=statements.get(spec.get("reply_to")),
            )
            start, end = offsets(text, spec["text"])
            Citation.objects.create(statement=statement, source=article, start=start, end=end)
            statement.topics.set([topics[slug] for slug in spec["topics"]])
            statement.joint_parties.set([parties[code] for code in spec.get("joint", ())])
            Mention.objects.bulk_create(
                Mention(statement=statement, party=parties[code], relation=relation)
                for code, relation in spec["mentions"]
            )
            created["statements"] += 1
        statements[spec["key"]] = statement
    return {**created, "corrections": corrections}
