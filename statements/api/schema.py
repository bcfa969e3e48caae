"""What the OpenAPI schema says beyond what DRF and drf-spectacular find by themselves.

Each filter's parameter carries its example (a FilterSet's EXAMPLES) and its help text; every
read documents its 400 (a wrong or unknown parameter); the writes document the X-Change-Reason
header, their write serializer in and the reading representation out.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers

from statements.api import change_reasons


class ParameterErrorsSerializer(serializers.Serializer):
    """The body of a 400 (see statements/api/errors.py)."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each parameter that is wrong or unknown, with what is wrong with it "
        "(`non_field_errors` for the parameters taken together).",
    )


PARAMETER_ERRORS = OpenApiResponse(
    ParameterErrorsSerializer,
    description="A parameter is wrong or unknown: each is named with what is wrong. A parameter this "
    "operation does not take is refused rather than ignored, and its message lists the ones it takes.",
)


class ApiSchema(AutoSchema):
    """drf-spectacular's schema of an operation, with the 400 every read can answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "GET" and "400" not in responses:
            # Always JSON: an export's error is rendered as JSON (ApiViewMixin.finalize_response).
            responses["400"] = self._get_response_for_code(
                PARAMETER_ERRORS, "400", media_types=["application/json"], direction=direction
            )
        return responses


class FilterBackend(DjangoFilterBackend):
    """django-filter, with examples for each filter in the schema (see the extension below)."""


class FilterBackendExtension(DjangoFilterExtension):
    target_class = "statements.api.schema.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        # EXAMPLES of the class or of a base (UpdatedSinceFilterSet's `updated_since`).
        examples = [vars(base).get("EXAMPLES", {}) for base in filterset_class.__mro__]
        example = next((found[field_name] for found in examples if field_name in found), None)
        help_text = filter_field.extra.get("help_text")
        for parameter in parameters:
            if example is not None:
                is_array = parameter["schema"].get("type") == "array"
                parameter["example"] = [example] if is_array and not isinstance(example, list) else example
            # A filter whose type is set with extend_schema_field loses its help text otherwise.
            if help_text and not parameter.get("description"):
                parameter["description"] = help_text
        return parameters


REASON_HEADER = OpenApiParameter(
    change_reasons.HEADER,
    str,
    OpenApiParameter.HEADER,
    description=f"Why the change is made (at most {change_reasons.MAX_LENGTH} characters); kept in the object's "
    "history and shown in its public log of corrections.",
    examples=[OpenApiExample("A correction", value="Speaker misattributed; see the UN press release")],
)


def write_schema(name, write_serializer, read_serializer):
    """The schema of create/update: the write serializer in, the read representation out."""
    reason = [REASON_HEADER]
    return extend_schema_view(
        create=extend_schema(request=write_serializer, responses={201: read_serializer}, parameters=reason),
        update=extend_schema(request=write_serializer, responses=read_serializer, parameters=reason),
        partial_update=extend_schema(request=write_serializer, responses=read_serializer, parameters=reason),
        destroy=extend_schema(
            responses={204: OpenApiResponse(description=f"The {name} is deleted.")}, parameters=reason
        ),
    )


