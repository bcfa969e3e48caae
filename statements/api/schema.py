"""What the OpenAPI schema says beyond what DRF and drf-spectacular find by themselves.

Each filter's parameter carries its example (a FilterSet's EXAMPLES) and its help text; the
writes document the X-Change-Reason header, their write serializer in and the reading
representation out.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view

from statements.api import change_reasons


class FilterBackend(DjangoFilterBackend):
    """django-filter, with examples for each filter in the schema (see the extension below)."""


class FilterBackendExtension(DjangoFilterExtension):
    target_class = "statements.api.schema.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        example = getattr(filterset_class, "EXAMPLES", {}).get(field_name)
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


