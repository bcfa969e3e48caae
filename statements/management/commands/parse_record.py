import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from statements.records import read
from statements.records.datatypes import as_json
from statements.records.errors import RecordError


class Command(BaseCommand):
    help = (
        "Print what the parser reads in a verbatim record (S/PV.…, text or PDF) or a press release (SC/…). "
        "Saves nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A PDF, or a UTF-8 text file, holding the record.")
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}") from None
        try:
            record = read(data, filename=path.name)
        except RecordError as error:
            raise CommandError(f"{path.name}: {error}") from None
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(record), ensure_ascii=False, indent=2))
            return
        self.stdout.write(summary(record))


def summary(record):
    """The meeting, then one line a turn and a vote, then the warnings: for reading in a terminal."""
    meeting = record.meeting
    president = f"{meeting.president.name} ({meeting.president.party})" if meeting.president else "-"
    lines = [
        f"{record.kind}  {meeting.symbol or '-'}  {meeting.press_release}".rstrip(),
        f"date {meeting.date or '-'}  called to order {meeting.called_to_order or '-'}"
        f"  adjourned {meeting.adjourned or '-'}  place {meeting.place or '-'}",
        f"president {president}",
        "members " + (", ".join(member.party for member in meeting.members) or "-"),
    ]
    lines += [f"agenda  {item}" for item in meeting.agenda]
    for invitation in meeting.invitations:
        who = invitation.party if invitation.rule == 37 and not invitation.name else invitation.name
        lines.append(f"rule {invitation.rule}  {who}  {invitation.title}".rstrip())
    lines.append("")
    for number, turn in enumerate(record.turns, start=1):
        text = " ".join(turn.text.split())
        lines.append(
            f"{number:>3}  {turn.start}-{turn.end}  {turn.role or '-':<11} {turn.party or '-':<5} "
            f"{turn.spoken_language}  {turn.label}: {text[:70] + '...' if len(text) > 70 else text}"
        )
    for vote in record.votes:
        lines.append(
            f"vote {vote.draft or '-'}: {vote.outcome or '?'} {vote.resolution}".rstrip()
            + f"  for {','.join(vote.in_favour) or '-'}  against {','.join(vote.against) or '-'}"
            f"  abstaining {','.join(vote.abstaining) or '-'}"
            + (f"  vetoed by {','.join(vote.vetoed_by)}" if vote.vetoed_by else "")
        )
    lines += [f"warning: {warning}" for warning in record.warnings]
    return "\n".join(lines)
