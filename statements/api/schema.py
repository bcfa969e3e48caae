"""What the OpenAPI schema says beyond what DRF and drf-spectacular find by themselves.

Each filter's parameter carries its example (a FilterSet's EXAMPLES) and its help text; every
operation documents each error status it can answer, with its body (ApiSchema); reads that need
no credentials say so; CSV, JSON Lines and spreadsheet answers are described as files with their
columns; the writes document the X-Change-Reason header, their write serializer in and the
reading representation out.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS

from statements.api import change_reasons, versions


class ParameterErrorsSerializer(serializers.Serializer):
    """The body of a 400 (see statements/api/errors.py)."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each parameter or field that is wrong or unknown, with what is wrong with it "
        "(`non_field_errors` for the parameters or fields taken together).",
    )


class ErrorDetailSerializer(serializers.Serializer):
    """The body of every other error: DRF's, the 404 of an unknown address, the 503 of the middleware."""

    detail = serializers.CharField(help_text="What went wrong, in one sentence.")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The files a list can be exported as, each with its own schema: not the JSON answer's.
FILES = {
    "text/csv": ("CSV (UTF-8): a header row, then one row per item.", {"type": "string"}),
    "application/jsonl": ("JSON Lines (UTF-8): one JSON object per line and item.", {"type": "string"}),
    XLSX: (
        "A spreadsheet (Office Open XML): a header row, then one row per item.",
        {"type": "string", "format": "binary"},
    ),
}


def _retry_after(why):
    return {
        "Retry-After": {
            "description": f"Seconds to wait before trying again ({why}).",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        }
    }


class ApiSchema(AutoSchema):
    """drf-spectacular's schema of an operation, with every error it can answer and honest file formats.

    Errors are added by what the operation is, not view by view: every operation can answer 400
    (a wrong parameter or field), 401 (a token that is not valid, or a write without one), 406
    (an Accept header it cannot satisfy), 429 when throttled and 503 while the database is away;
    writes 403 (the role missing) and 415 (a body it cannot read); an operation on one object
    404, and so does a paginated list (a page past the last); a delete 409 (records still refer
    to the object); a write to one object 412 (a stale If-Match), and 428 where it must send one
    (statements/api/versions.py). An error a view declares itself is kept. Errors are always JSON.

    Reads that anyone may make say so: their security requirements include `{}`, so a client
    generated from the schema does not demand a token for them.
    """

    def _process_override_parameters(self, direction="request"):
        """The parameters, with `format` listing the files this read can give, from its renderers:
        in place of any a view declares, so that the list cannot fall behind the renderers."""
        parameters = super()._process_override_parameters(direction)
        formats = [renderer.format for renderer in self.view.get_renderers() if renderer.media_type in FILES]
        if self.method == "GET" and formats:
            parameters[("format", OpenApiParameter.QUERY)] = {
                "in": OpenApiParameter.QUERY,
                "name": "format",
                "schema": {"type": "string", "enum": ["json", *formats]},
                "description": (
                    "`json` (the default), or a file of every matching item instead of a page."
                    if self._export() is not None
                    else "`json` (the default), or the answer as a file."
                ),
            }
        return parameters

    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths and self._anyone_may_read():
            auths.append({})
        return auths

    def _anyone_may_read(self):
        return all(getattr(permission, "anyone_reads", False) for permission in self.view.get_permissions())

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in responses.items():
            if code.startswith("2"):
                self._describe_files(response)
        for code, (serializer, description, headers) in self._errors().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(serializer, description=description),
                    code,
                    media_types=["application/json"],
                    direction=direction,
                )
                if headers:
                    responses[code]["headers"] = headers
        return responses

    def _describe_files(self, response):
        """A file format's own schema in place of the JSON one drf-spectacular gives every renderer."""
        content = response.get("content", {})
        export = self._export()
        if export is not None:
            columns = (
                f"Every matching item, not a page. Columns: {', '.join(f'`{name}`' for name in export.headers())}."
            )
        else:
            columns = "Columns: the fields of the JSON answer."
        for media_type in content:
            if media_type in FILES:
                kind, schema = FILES[media_type]
                content[media_type] = {"schema": {**schema, "description": f"{kind} {columns}"}}

    def _export(self):
        """The Export (statements/api/export.py) that streams this operation's files, if one does."""
        action = getattr(self.view, "action", None)
        return getattr(self.view, "export" if action == "list" else f"export_{action}", None)

    def _errors(self):
        """{status: (body, description, headers)} of the errors this operation can answer."""
        writes = self.method not in SAFE_METHODS
        one_object = "{" in self.path
        errors = {
            "400": (
                ParameterErrorsSerializer,
                (
                    "A field of the body or a parameter is wrong: each is named with what is wrong."
                    if writes
                    else "A parameter is wrong or unknown: each is named with what is wrong. A parameter "
                    "this operation does not take is refused rather than ignored, and its message lists "
                    "the ones it takes."
                ),
                None,
            )
        }
        if self.view.get_authenticators():
            errors["401"] = (
                ErrorDetailSerializer,
                "No valid credentials: an `Authorization: Token …` header with a token that is not valid"
                + (", or none at all (changing data needs a token)." if writes else " (reading needs none)."),
                {
                    "WWW-Authenticate": {
                        "description": "The scheme to authenticate with: `Token`.",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                },
            )
        if writes:
            errors["403"] = (ErrorDetailSerializer, "Authenticated, without the role this change needs.", None)
        if one_object:
            errors["404"] = (ErrorDetailSerializer, "Nothing has this identifier.", None)
        elif not writes and self._is_list_view() and self._get_paginator() is not None:
            errors["404"] = (ErrorDetailSerializer, "No such page: `page` is past the last one.", None)
        errors["406"] = (ErrorDetailSerializer, "The Accept header asks for no format this operation gives.", None)
        if self.method == "DELETE":
            errors["409"] = (ErrorDetailSerializer, "Other records still refer to this one.", None)
        if writes and one_object:
            errors["412"] = (
                ErrorDetailSerializer,
                f"`{versions.HEADER}` names a version the object no longer has: it changed since it was read. "
                "Nothing was written; the answer's ETag is the version it has now.",
                {
                    "ETag": {
                        "description": "The object's current version.",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                },
            )
        if one_object and self.method in versions.REQUIRED_FOR:
            errors["428"] = (
                ErrorDetailSerializer,
                f"No `{versions.HEADER}`: a {self.method} replaces every field, so it must name the version it "
                "replaces (the ETag of a read).",
                None,
            )
        if self.method in ("POST", "PUT", "PATCH"):
            errors["415"] = (ErrorDetailSerializer, "The body's Content-Type is not one this operation reads.", None)
        if self.view.get_throttles():
            errors["429"] = (
                ErrorDetailSerializer,
                "Too many requests from this client in the current window (see X-RateLimit-Limit).",
                _retry_after("the window's end"),
            )
        errors["503"] = (
            ErrorDetailSerializer,
            "The database is briefly unavailable (a restart): try again shortly.",
            _retry_after("a few seconds"),
        )
        return errors


class FilterBackend(DjangoFilterBackend):
    """django-filter, with examples for each filter in the schema (see the extension below).

    Filtering checks only the parameters the request gives (`only_given`); the browsable API's
    form (`to_html`) still shows every filter.
    """

    only_given = False

    def filter_queryset(self, request, queryset, view):
        # DRF makes a backend for each use, so this does not reach `to_html`'s.
        self.only_given = True
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            filterset.only_given = self.only_given
        return filterset


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


def _if_match(required):
    """The If-Match header of a write (statements/api/versions.py)."""
    return OpenApiParameter(
        versions.HEADER,
        str,
        OpenApiParameter.HEADER,
        required=required,
        description="The `ETag` of the version read (a GET of the object answers with it), or `*`: if the "
        "object changed since, the answer is 412 and nothing is written."
        + (
            " Required: a PUT sends every field, so from a stale read it would undo others' changes."
            if required
            else " Optional: without it, only the fields sent are changed."
        ),
        examples=[OpenApiExample("A version", value='"3f2a9c0d4b1e8a7f6c5d4e3b2a190817"')],
    )


def write_schema(name, write_serializer, read_serializer):
    """The schema of create/update: the write serializer in, the read representation out, with the
    If-Match header (ApiSchema adds its 412, and the 428 of a PUT, which must send it)."""
    reason = [REASON_HEADER]
    return extend_schema_view(
        create=extend_schema(request=write_serializer, responses={201: read_serializer}, parameters=reason),
        update=extend_schema(
            request=write_serializer, responses=read_serializer, parameters=[*reason, _if_match(required=True)]
        ),
        partial_update=extend_schema(
            request=write_serializer, responses=read_serializer, parameters=[*reason, _if_match(required=False)]
        ),
        destroy=extend_schema(
            responses={204: OpenApiResponse(description=f"The {name} is deleted.")},
            parameters=[*reason, _if_match(required=False)],
        ),
    )
