"""POST /api/v1/extract/: the statements the extractor finds in a text, without saving anything."""

from django.conf import settings
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import APIView

from statements.api.access import IsEditor
from statements.api.schema import ErrorDetailSerializer
from statements.editor.importing import (
    MAX_ARTICLE_CHARS,
    ArticleError,
    check_article_text,
    known_speakers,
    normalise_newlines,
)
from statements.extraction import ExtractionTimeout, extract

# A request body this big cannot hold a text within the limit (4 bytes a character at most,
# plus JSON escapes); it is refused before being parsed.
MAX_BODY_BYTES = MAX_ARTICLE_CHARS * 6 + 1024


class ExtractionTooSlow(APIException):
    """The extractor ran past EXTRACTION_TIME_BUDGET and was stopped, freeing the worker."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "extraction_too_slow"


class ExtractorEditor(IsEditor):
    message = "Only editors may use the extractor. Authenticate with an editor's API token."


class ExtractRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        trim_whitespace=False,
        max_length=MAX_ARTICLE_CHARS,
        help_text=f"The article's plain text, up to {MAX_ARTICLE_CHARS:,} characters.",
    )

    def validate_text(self, value):
        try:
            return check_article_text(normalise_newlines(value))
        except ArticleError as error:
            raise serializers.ValidationError(str(error)) from None


class WithinSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Offset of the paraphrase's first character.")
    end = serializers.IntegerField(help_text="Offset just after the paraphrase's last character.")


class CandidateSerializer(serializers.Serializer):
    quote = serializers.CharField(help_text="The words exactly as in the text (with line breaks as LF).")
    kind = serializers.ChoiceField(choices=["direct", "paraphrase"])
    start = serializers.IntegerField(help_text="Offset of the quote's first character in the text.")
    end = serializers.IntegerField(help_text="Offset just after the quote's last character.")
    speaker = serializers.CharField(allow_null=True, help_text="The speaker as the text names them at their fullest.")
    delegate = serializers.IntegerField(allow_null=True, help_text="Id of the matching delegate, if known.")
    country = serializers.CharField(allow_null=True, help_text="ISO 3166-1 alpha-3 code of the country spoken for.")
    country_name = serializers.CharField(allow_null=True)
    role = serializers.CharField(allow_null=True, help_text="The speaker's title as the text gives it.")
    confidence = serializers.FloatField(help_text="From 0 to 1.")
    within = WithinSerializer(
        allow_null=True,
        help_text="For a quoted fragment inside reported speech ('dismissed the claims as \"completely false\"'): "
        "the offsets of the paraphrase candidate it is a piece of, which is in the list too. Null otherwise.",
    )


class ExtractView(APIView):
    permission_classes = [ExtractorEditor]

    @extend_schema(
        operation_id="extract_statements",
        summary="Find the statements in a text",
        description=(
            "Returns every candidate statement in the text with its speaker, country, title and offsets. "
            "Saves nothing. Editors only. Line breaks are normalised to LF before offsets are counted."
        ),
        request=ExtractRequestSerializer,
        responses={
            200: inline_serializer("ExtractResponse", {"candidates": CandidateSerializer(many=True)}),
            503: OpenApiResponse(
                ErrorDetailSerializer,
                description="The extraction took longer than the server's time budget (`EXTRACTION_TIME_BUDGET` "
                "seconds) and was stopped; or the database is briefly unavailable. Try again later, or send "
                "the text in shorter parts.",
            ),
        },
        examples=[
            OpenApiExample(
                "A quote with its speaker",
                request_only=True,
                value={"text": 'Russian Ambassador Vasily Nebenzya called the claims "completely false."'},
            )
        ],
        tags=["extract"],
    )
    def post(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            raise serializers.ValidationError(
                {"text": [f"The text is too long; the limit is {MAX_ARTICLE_CHARS:,} characters."]}
            )
        serializer = ExtractRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            candidates = extract(
                serializer.validated_data["text"], known_speakers(), time_budget=settings.EXTRACTION_TIME_BUDGET
            )
        except ExtractionTimeout as error:
            raise ExtractionTooSlow(str(error)) from None
        return Response({"candidates": [candidate.as_dict() for candidate in candidates]})
