"""GET /api/v1/: what the dataset is, its version, how to cite it, its licences, and where everything is.

The router's root view listed the endpoints only; a researcher who cites the data also needs its
name, a version that says which state of it they read, and the licences. The router builds this
view with the endpoints it knows (`DefaultRouter.APIRootView`).
"""

import datetime

from drf_spectacular.utils import extend_schema
from rest_framework import routers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from statements import facets, licences
from statements.api.renderers import JSONRenderer
from statements.api.schema import ApiSchema


def _moment(value):
    """A value of MAX(...) as an aware UTC datetime: SQLite answers text, PostgreSQL a datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


def last_change(using="default"):
    """The moment of the newest change the database records (`facets.change_marks`: the data
    version's marks), or None when it holds nothing. One query."""
    moments = [_moment(value) for value in facets.change_marks(using)]
    return max((moment for moment in moments if moment), default=None)


def version(moment):
    """The dataset's version for citing: its last change in UTC to the second, or "empty"."""
    if moment is None:
        return "empty"
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    id = serializers.CharField(help_text="SPDX identifier.")
    url = serializers.URLField()
    file = serializers.CharField(help_text="Its text, at the top of the source repository.")


class DataLicenceSerializer(LicenceSerializer):
    covers = serializers.CharField(help_text="What the licence applies to.")
    excludes = serializers.CharField(help_text="What it does not: quotes and sources are cited, not relicensed.")


class LicencesSerializer(serializers.Serializer):
    data = DataLicenceSerializer()
    code = LicenceSerializer()


class ApiRootSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The dataset's name.")
    version = serializers.CharField(
        help_text="The data's last change (UTC, to the second), or `empty`: it changes whenever the data "
        "changes, so citing it says which state of the data was read. `updated_since` with this value "
        "gives what changed since."
    )
    last_changed = serializers.DateTimeField(allow_null=True, help_text="The same moment, as a date and time.")
    accessed = serializers.DateField(help_text="Today (UTC), the date of access a citation gives.")
    citation = serializers.CharField(help_text="How to cite the dataset in this version.")
    licences = LicencesSerializer()
    docs = serializers.URLField(help_text="Interactive documentation of the API.")
    schema = serializers.URLField(help_text="The OpenAPI 3 schema.")
    popolo = serializers.URLField(help_text="The dataset as one Popolo JSON document.")
    releases = serializers.URLField(
        help_text="The page of the dated public releases: every table as CSV and JSON Lines, with a codebook."
    )
    endpoints = serializers.DictField(child=serializers.URLField(), help_text="Each list of the API, by name.")


class ApiRootView(routers.APIRootView):
    """The root of version 1: the dataset, how to cite it, its licences and its endpoints."""

    schema = ApiSchema()
    # No CSV or JSON Lines: there are no rows to export.
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown = [name for name in request.query_params if name and name != "format"]
        if unknown:
            raise ValidationError({name: ["Unknown parameter. This endpoint takes format."] for name in unknown})

    @extend_schema(
        summary="The dataset: version, citation, licences and endpoints",
        responses=ApiRootSerializer,
    )
    def get(self, request, *args, **kwargs):
        endpoints = super().get(request, *args, **kwargs).data
        moment = last_change()
        accessed = datetime.datetime.now(datetime.UTC).date()
        root = request.build_absolute_uri(request.path)
        answer = ApiRootSerializer(
            {
                "name": licences.DATASET_NAME,
                "version": version(moment),
                "last_changed": moment,
                "accessed": accessed,
                "citation": licences.citation(version(moment), accessed=accessed, url=root),
                "licences": {"data": licences.DATA_LICENCE, "code": licences.CODE_LICENCE},
                "docs": reverse("api:docs", request=request),
                "schema": reverse("api:schema", request=request),
                "popolo": reverse("api:popolo", request=request),
                "releases": reverse("releases", request=request),
                "endpoints": endpoints,
            }
        )
        return Response(answer.data)
