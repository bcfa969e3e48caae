"""What a statement card shows, as plain values, for a list of statements (`card_html` writes them).

Every page that lists statements joins CARD_JOINS and passes the statements through
`with_cards()`: the card's related rows come from `statements.rows` in one query whatever the
number of statements, and its links from `statements.links`. The cards are dicts rather than
model instances with prefetched relations: a meeting page shows hundreds of statements, and the
template would otherwise resolve attribute chains and `reverse()` every link.
"""

import functools

from django.utils import dateformat, translation

from statements import links, rows
from statements.models import Mention, Role, Source, Statement
from statements.pages.record import check_mark, folded, interpretation_note

# What a statement card shows from other tables, joined to the statements themselves. Not the
# statement it replies to, with its speaker and party (`with_cards` reads those apart): with them
# the query joined eight tables, and PostgreSQL spent ~12 ms choosing the order of the joins of
# every list of cards (0.7 ms with five), against under 1 ms running it (bench/README.md, issue 16).
CARD_JOINS = ("speaker", "party", "meeting__body")


@functools.lru_cache(maxsize=4096)
def _day(date, language):
    return dateformat.format(date, "j F Y")


def day(date):
    """The date as the template filter `date:"j F Y"` writes it ("28 June 2024"), formatted once per date."""
    return _day(date, translation.get_language())


def party_link(party):
    return {"url": links.party_page(party.kind, party.code), "name": party.display_name}


def with_cards(statements):
    """The statements as a list, each with `.card`: the plain values its card shows.

    `statements` should join CARD_JOINS.
    """
    statements = list(statements)
    around = rows.around(statement.pk for statement in statements)
    replied_to = _replied_to(statements)
    source_kinds = dict(Source.Kind.choices)
    relations = dict(Mention.Relation.choices)
    for statement in statements:
        pk = statement.pk
        sources = []
        for citation in around.citations.get(pk, ()):
            sources.append(
                {
                    "url": links.link("source", citation.source_id),
                    # Shown as "title, publisher", each part isolated from the other's direction.
                    "title": citation.title or source_kinds.get(citation.kind, citation.kind),
                    "publisher": citation.publisher,
                    "cite": citation.url,
                }
            )
        mentions = {}
        for mention in around.mentions.get(pk, ()):
            # Grouped by relation in order of first appearance: "accuses A, B; mentions C".
            mentions.setdefault(relations.get(mention.relation, mention.relation), []).append(
                {"url": links.party_page(mention.party_kind, mention.party_code), "name": mention.party_name}
            )
        statement.card = statement_card(
            statement,
            reply_to=replied_to.get(statement.reply_to_id),
            topics=[
                {"url": links.link("topic", topic.slug), "name": topic.name} for topic in around.topics.get(pk, ())
            ],
            sources=sources,
            replies=[
                {"url": links.link("statement", reply.id), "speaker": reply.speaker_name, "party": reply.party_name}
                for reply in around.replies.get(pk, ())
            ],
            mentions=list(mentions.items()),
            joint_parties=[
                {"url": links.party_page(party.kind, party.code), "name": party.name}
                for party in around.joint_parties.get(pk, ())
            ],
            check=next(
                (
                    check_mark(check.result, check.passage, check.speech_id, check.speech_label)
                    for check in around.checks.get(pk, ())
                ),
                None,
            ),
        )
    return statements


def _replied_to(statements):
    """{id: statement} of the statements that `statements` reply to, with their speakers and parties.
    One query, none when no statement replies to another."""
    ids = {statement.reply_to_id for statement in statements if statement.reply_to_id is not None}
    if not ids:
        return {}
    return Statement.objects.select_related("speaker", "party").only(*REPLIED_TO_FIELDS).in_bulk(ids)


# What a card shows of the statement it replies to.
REPLIED_TO_FIELDS = ("date", "speaker__full_name", "party__name", "party__short_name")


def statement_card(statement, *, reply_to, topics, sources, replies, mentions, joint_parties=(), check=None):
    """The card of one statement whose CARD_JOINS are loaded, given the statement it replies to (or
    None) and its related rows as plain values."""
    speaker, party, meeting = statement.speaker, statement.party, statement.meeting
    reply_to_card = None
    if reply_to:
        reply_to_card = {
            "url": links.link("statement", reply_to.pk),
            "speaker": reply_to.speaker.full_name if reply_to.speaker_id else None,
            "party": reply_to.party.display_name if reply_to.party_id else None,
            "date": day(reply_to.date),
        }
    is_speech = statement.kind == Statement.Kind.SPEECH
    shown, rest = folded(statement.text) if is_speech else ([statement.text], [])
    return {
        "pk": statement.pk,
        "url": links.link("statement", statement.pk),
        "kind": statement.kind,
        "kind_label": statement.get_kind_display().lower(),
        "is_direct": statement.kind == Statement.Kind.DIRECT,
        "is_speech": is_speech,
        "language": statement.language,
        "text": statement.text,
        # A speech's paragraphs: those shown at once, and the rest folded under "Read the full speech".
        "shown": shown,
        "rest": rest,
        "label": statement.label if is_speech else "",
        "role": Role(statement.role).label if statement.role in Role.values else "",
        "interpretation": interpretation_note(statement),
        "joint_parties": list(joint_parties),
        "check": check,
        "date": day(statement.date),
        "speaker": {"url": links.link("delegate", speaker.pk), "name": speaker.full_name} if speaker else None,
        "speaker_title": statement.speaker_title,
        "party": party_link(party) if party else None,
        "by": speaker.full_name if speaker else (party.display_name if party else None),
        "meeting": {"url": links.link("meeting", meeting.pk), "title": meeting.display_title} if meeting else None,
        "cite_url": sources[0]["cite"] if sources else "",
        "sources": sources,
        "topics": topics,
        "mentions": mentions,
        "reply_to": reply_to_card,
        "replies": replies,
    }
