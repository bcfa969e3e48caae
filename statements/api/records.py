"""POST /api/v1/records/: import an official record (a verbatim record or a press release) from a script.

The same service as the editors' review screen (statements.editor.records): `read_record` parses
the upload, `import_record` places it in the archive in one transaction. Without `save` the
import is a dry run, rolled back, and the answer is its preview; with it, what was saved.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from statements import links
from statements.api.access import IsEditor
from statements.api.schema import ErrorDetailSerializer, ParameterErrorsSerializer
from statements.editor.records import MAX_RECORD_BYTES, RecordImportError, import_record, read_record
from statements.records.errors import RecordError

logger = logging.getLogger(__name__)

# Room for the multipart envelope or the JSON escapes around a record at the limit.
MAX_BODY_BYTES = MAX_RECORD_BYTES + 1024 * 1024
LIMIT_MB = MAX_RECORD_BYTES // 1024 // 1024


class RecordEditor(IsEditor):
    message = "Only editors may import records. Authenticate with an editor's API token."


class RecordRequestSerializer(serializers.Serializer):
    file = serializers.FileField(
        required=False,
        help_text=f"The record as a PDF or UTF-8 text file (multipart/form-data), up to {LIMIT_MB} MB.",
    )
    text = serializers.CharField(
        required=False,
        trim_whitespace=False,
        max_length=MAX_RECORD_BYTES,
        help_text="The record's text, instead of a file.",
    )
    url = serializers.URLField(
        required=False, allow_blank=True, max_length=500, help_text="Where the record is published."
    )
    save = serializers.BooleanField(
        default=False, help_text="Save the record; without it the answer is a preview and nothing is saved."
    )

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("text")):
            raise serializers.ValidationError(
                {"file": ["Send the record as `file` (multipart) or as `text`, one of them."]}
            )
        return attrs


class TurnSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    label = serializers.CharField(help_text="The speaker as the record prints them.")
    party = serializers.CharField(help_text="The party's code; empty for none.")
    party_name = serializers.CharField()
    speaker = serializers.CharField(help_text="The delegate's name; empty for none.")
    speaker_id = serializers.IntegerField(allow_null=True, help_text="Null in a preview when the speaker is new.")
    new_speaker = serializers.BooleanField(help_text="True when the import creates the delegate.")
    role = serializers.CharField()
    spoken_language = serializers.CharField()
    start = serializers.IntegerField(help_text="Offset of the speech in the record's text.")
    end = serializers.IntegerField()
    text = serializers.CharField()
    statement = serializers.IntegerField(allow_null=True, help_text="The statement saved; null in a preview.")
    statement_url = serializers.URLField(allow_null=True)


class RecordVoteSerializer(serializers.Serializer):
    draft = serializers.CharField(help_text="The draft's symbol; empty for a procedural vote.")
    outcome = serializers.CharField()
    resolution = serializers.CharField()
    ballots = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Choice (in-favour, against, abstention, did-not-vote) → the members' codes.",
    )
    vetoed_by = serializers.ListField(child=serializers.CharField())


class RecordMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null in a preview of a meeting the archive lacks.")
    date = serializers.DateField()
    number = serializers.IntegerField(allow_null=True)
    created = serializers.BooleanField(
        help_text="True when the record creates the meeting rather than merging into one."
    )
    url = serializers.URLField(allow_null=True)


class RecordParticipantSerializer(serializers.Serializer):
    role = serializers.CharField()
    party = serializers.CharField(help_text="The party's code; empty for none.")
    name = serializers.CharField()


class RecordCheckResultSerializer(serializers.Serializer):
    statement = serializers.IntegerField(help_text="The news quote checked.")
    result = serializers.CharField()
    score = serializers.FloatField()
    passage = serializers.CharField()


class RecordResponseSerializer(serializers.Serializer):
    symbol = serializers.CharField()
    kind = serializers.ChoiceField(choices=["verbatim", "press-release"])
    saved = serializers.BooleanField(help_text="False for a preview.")
    changed = serializers.BooleanField(help_text="False when the archive already held exactly this.")
    meeting = RecordMeetingSerializer()
    turns = TurnSerializer(many=True)
    votes = RecordVoteSerializer(many=True)
    participants = RecordParticipantSerializer(many=True)
    checks = RecordCheckResultSerializer(many=True, help_text="The meeting's news quotes checked against the speeches.")
    created = serializers.DictField(child=serializers.IntegerField(), help_text="Model name → rows created.")
    updated = serializers.DictField(child=serializers.IntegerField())
    deleted = serializers.DictField(child=serializers.IntegerField())
    warnings = serializers.ListField(child=serializers.CharField())
    summary = serializers.CharField(help_text="What was (or would be) created and updated, in one line.")


def too_large(size=None):
    got = f": {size / 1024 / 1024:.0f} MB" if size else ""
    return Response(
        {"detail": f"The record is too large{got}; the limit is {LIMIT_MB} MB (a long verbatim record is about 2 MB)."},
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


def representation(result, request):
    """The JSON of a RecordImport. In a preview, the ids of rows it would create are null: they were rolled back."""
    saved = not result.dry_run
    meeting = result.meeting
    meeting_id = meeting.pk if saved or not result.meeting_created else None
    statement_api = links.template("api:statement-detail", request)
    created_delegates = {turn.speaker_id for turn in result.turns if turn.new_speaker}
    return {
        "symbol": result.symbol,
        "kind": result.kind,
        "saved": saved,
        "changed": result.changed,
        "meeting": {
            "id": meeting_id,
            "date": meeting.date.isoformat(),
            "number": meeting.number,
            "created": result.meeting_created,
            "url": links.link("api:meeting-detail", meeting_id, request) if meeting_id else None,
        },
        "turns": [
            {
                "sequence": turn.sequence,
                "label": turn.label,
                "party": turn.party,
                "party_name": turn.party_name,
                "speaker": turn.speaker,
                "speaker_id": None if not saved and turn.speaker_id in created_delegates else turn.speaker_id,
                "new_speaker": turn.new_speaker,
                "role": turn.role,
                "spoken_language": turn.spoken_language,
                "start": turn.start,
                "end": turn.end,
                "text": turn.text,
                "statement": turn.statement_id if saved else None,
                "statement_url": links.fill(statement_api, turn.statement_id) if saved and turn.statement_id else None,
            }
            for turn in result.turns
        ],
        "votes": [
            {
                "draft": vote.draft,
                "outcome": vote.outcome,
                "resolution": vote.resolution,
                "ballots": {str(choice): codes for choice, codes in vote.ballots.items()},
                "vetoed_by": vote.vetoed_by,
            }
            for vote in result.votes
        ],
        "participants": [{"role": str(role), "party": code, "name": name} for role, code, name in result.participants],
        "checks": [
            {
                "statement": check.statement.pk,
                "result": str(check.result),
                "score": check.score,
                "passage": check.passage,
            }
            for check in result.checks
        ],
        "created": result.created,
        "updated": result.updated,
        "deleted": result.deleted,
        "warnings": result.warnings,
        "summary": result.summary(),
    }


class RecordImportView(APIView):
    permission_classes = [RecordEditor]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="import_record",
        summary="Import an official record",
        description=(
            "Reads a verbatim record (S/PV.…) or a press release (SC/…) — a PDF or text file sent as "
            "`file` in multipart/form-data, or its text as `text` in JSON — and places it in the "
            "archive: its meeting (merged into the one the archive holds, or created), participants, "
            "speeches, votes and ballots, in one transaction. Without `save` nothing is saved and the "
            "answer says what would be; importing the same record again changes nothing. Editors only."
        ),
        request={"multipart/form-data": RecordRequestSerializer, "application/json": RecordRequestSerializer},
        responses={
            200: OpenApiResponse(
                RecordResponseSerializer,
                description="A preview (nothing saved), or a saved record that changed nothing.",
            ),
            201: OpenApiResponse(RecordResponseSerializer, description="Saved."),
            400: OpenApiResponse(
                PolymorphicProxySerializer(
                    "RecordRefusal", [ErrorDetailSerializer, ParameterErrorsSerializer], resource_type_field_name=None
                ),
                description="The record cannot be read or placed (`detail`, one line), or the request is "
                "malformed (`errors`, by parameter).",
            ),
            413: OpenApiResponse(ErrorDetailSerializer, description=f"The record is over {LIMIT_MB} MB."),
        },
        examples=[
            OpenApiExample(
                "A preview of a record's text",
                request_only=True,
                value={"text": "United Nations S/PV.9999\nSecurity Council\n…", "save": False},
            )
        ],
        tags=["records"],
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            return too_large(length)
        try:
            data = request.data
        except RequestDataTooBig:
            # A form field (not a file) over DATA_UPLOAD_MAX_MEMORY_SIZE: Django refuses to hold it.
            return Response(
                {"detail": "Send the record as a file (`file`) or as JSON (`text`), not as a form field."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        serializer = RecordRequestSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        options = serializer.validated_data
        upload = options.get("file")
        if upload is not None:
            if upload.size > MAX_RECORD_BYTES:
                return too_large(upload.size)
            content, filename = upload.read(), upload.name or ""
        else:
            content, filename = options["text"], ""
        try:
            record = read_record(content, filename)
            result = import_record(record, url=options.get("url", ""), dry_run=not options["save"], user=request.user)
        except (RecordImportError, RecordError) as error:
            return Response({"detail": one_line(str(error))}, status=status.HTTP_400_BAD_REQUEST)
        except IntegrityError as error:
            # A rule of the database the importer did not foresee; the transaction rolled back.
            logger.warning("Record import refused by the database: %s", error)
            return Response(
                {"detail": "The record conflicts with what the archive holds; nothing was saved."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        created = result.changed and not result.dry_run
        return Response(
            representation(result, request), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


def one_line(message):
    return " ".join(message.split()) or "The record cannot be read."
