"""The API's history endpoints: every saved version of a statement, meeting, delegate or source.

GET /api/v1/<statements|meetings|delegates|sources>/{id}/history/ lists the object's history
records newest first, paged like every list, each with what it changed compared with the record
before it. The history of a deleted object is still served (its last record says "deleted");
an id that no object ever had is a 404.

Who saved a change is a user name for editors and administrators only; everyone else is told the
role ("editor" or "administrator"), as the statement page's corrections name nobody.
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer

from statements import history
from statements.api.renderers import JSONRenderer
from statements.api.views import ApiViewMixin, id_from_path
from statements.models import Delegate, Meeting, Source, Statement
from statements.roles import AUTHOR_ROLES, author_role, is_editor


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's name.")
    label = serializers.CharField(help_text="The field's name as the site shows it.")
    old = serializers.JSONField(
        allow_null=True,
        help_text="The value before, as stored: an id for a link to another object, a list of ids for "
        "several, ISO 8601 for dates. Null when the object was created. For a list of nested rows "
        "(positions, aliases, citations, mentions) every row before, each an object of its values "
        "(a party by its code, a source by its id).",
    )
    new = serializers.JSONField(allow_null=True, help_text="The value after, in the same form.")


class HistoryRecordSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The history record's own id.")
    date = serializers.DateTimeField(help_text="When the change was saved.")
    type = serializers.ChoiceField(
        choices=sorted(history.TYPES.values()), help_text="What the record is: the object created, changed or deleted."
    )
    user = serializers.CharField(
        allow_null=True,
        help_text="The username of who saved it, shown to editors and administrators only; null for "
        "other readers, and when not known.",
    )
    role = serializers.ChoiceField(
        choices=AUTHOR_ROLES,
        allow_null=True,
        help_text="The role of who saved it, shown to everyone; null when not known (a script or an import "
        "run without a user).",
    )
    reason = serializers.CharField(allow_null=True, help_text="Why, as the editor gave it; null when not given.")
    changes = HistoryChangeSerializer(
        many=True,
        help_text="The fields that differ from the record before; for a creation, every field given a value.",
    )


class HistoryView(ApiViewMixin, generics.GenericAPIView):
    """The history of one object of `model`. Queries: the count, the page of records with their
    users, those users' groups (when the page has any user), the record before the page, and one
    per many-to-many field; a fixed number whatever the page size. One more, to tell an unknown
    id, when there are no records."""

    model = None
    serializer_class = HistoryRecordSerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filter_backends = []

    def get(self, request, *args, **kwargs):
        pk = self.object_id()
        records = history.records_of(self.model, pk).select_related("history_user")
        # The page's users' groups give their roles, in one query.
        page = self.paginate_queryset(history.newest_first(records).prefetch_related("history_user__groups"))
        if not page:
            if not self.model._base_manager.filter(pk=pk).exists():
                raise NotFound(f"No {self.model._meta.verbose_name} has had the id {pk}.")
            return self.get_paginated_response([])
        # Each record is compared with the next one on the page, the last with the one before the page.
        before = history.record_before(records, page[-1])
        m2m = history.m2m_values(self.model, [*page, before] if before else page)
        show_users = is_editor(request.user)
        results = []
        for record, previous in zip(page, [*page[1:], before], strict=True):
            if record.history_type == "+":
                previous = None
            changes = history.changes_between(self.model, previous, record, m2m)
            results.append(
                {
                    "id": record.history_id,
                    "date": record.history_date,
                    "type": history.TYPES[record.history_type],
                    "user": record.history_user.get_username() if record.history_user and show_users else None,
                    "role": author_role(record.history_user) if record.history_user else None,
                    "reason": record.history_change_reason or None,
                    "changes": [
                        {
                            "field": change.field,
                            "label": change.label,
                            "old": history.json_value(change.old),
                            "new": history.json_value(change.new),
                        }
                        for change in changes
                    ],
                }
            )
        return self.get_paginated_response(self.get_serializer(results, many=True).data)

    def get_queryset(self):
        # Asked for by the browsable API when it draws the page; `get` builds its own query.
        return self.model.history.none()

    def object_id(self):
        return id_from_path(self.kwargs["id"])


def history_view(model):
    """The view for one model, with its own summary in the schema."""
    name = model._meta.verbose_name
    plural = model._meta.verbose_name_plural
    schema = extend_schema(
        operation_id=f"{plural}_history",
        summary=f"The history of a {name}",
        description=(
            f"Every saved version of the {name}, newest first: when, by whom, why, and which fields "
            "changed from the version before. Served for deleted objects too; 404 for an id never used."
        ),
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description=f"The {name}'s id.")],
        responses=HistoryRecordSerializer(many=True),
    )
    view = type(f"{model.__name__}HistoryView", (HistoryView,), {"model": model})
    return extend_schema_view(get=schema)(view).as_view()


urlpatterns = [
    path(
        f"{model._meta.verbose_name_plural}/<str:id>/history/",
        history_view(model),
        name=f"{model._meta.model_name}-history",
    )
    for model in (Statement, Meeting, Delegate, Source)
]
