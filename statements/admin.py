"""The editors' admin. History of every change is kept by django-simple-history.

Changing or deleting a statement, meeting, delegate, source or position asks for the reason,
which the history keeps as `history_change_reason` and the statement page shows publicly.

The guards, at the top: admin views that answer a malformed address with a 404 or the admin's own
"?e=1" page, not a 500. Two gaps in the libraries, found by tests/test_hostile_admin.py:
- django-simple-history's history pages filter by the id in the URL as it comes, so
  `/admin/statements/statement/abc/history/` raises ValueError;
- Django's date hierarchy catches only a ValueError from building its dates, so a year beyond
  9999 (`?date__year=99999999999`, or `9999` whose next year does not exist) raises
  OverflowError or an uncaught ValueError.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, QueryDict
from simple_history.admin import SimpleHistoryAdmin

from statements import ids, roles
from statements.history import REASON_MAX_LENGTH
from statements.models import (
    Alias,
    Ballot,
    Body,
    Citation,
    CouncilSeat,
    Country,
    Delegate,
    Delivery,
    Draft,
    Meeting,
    Mention,
    Organisation,
    Participant,
    Party,
    Position,
    RecordCheck,
    Source,
    Statement,
    Subscription,
    Topic,
    Vote,
)

# Guards.


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class GuardedAdminMixin:
    """Put before SimpleHistoryAdmin (or ModelAdmin) in the bases of a model admin."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def history_view(self, request, object_id, extra_context=None):
        _check_id(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _check_id(object_id)
        _check_id(version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _check_id(value):
    """Http404 unless `value` (from the URL) is an id; every model and history record has numeric ids."""
    if ids.parse_id(unquote(value)) is None:
        raise Http404("No such record.")


# The models.


class ReasonForm(forms.ModelForm):
    """A model's admin form with the reason for the change: required when changing, optional when adding."""

    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=REASON_MAX_LENGTH,
        help_text="Kept in the history and shown in the public corrections log, e.g. “Misquoted: see S/PV.9669”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_reason"].required = not self.instance._state.adding


class DeleteReasonForm(forms.Form):
    change_reason = forms.CharField(label="Reason for deleting", max_length=REASON_MAX_LENGTH)


class ReasonAdmin(GuardedAdminMixin, SimpleHistoryAdmin):
    """Asks for a reason on every change and deletion and records it in the history.

    The reason is set on the object (and on the rows of its inline forms) before they are saved,
    where django-simple-history reads it. Bulk deletion from the list is turned off: it would
    delete without asking.
    """

    form = ReasonForm
    delete_confirmation_template = "admin/statements/delete_with_reason.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.fieldsets:
            return [*fieldsets, ("Reason", {"fields": ["change_reason"]})]
        # Django's default is one fieldset of every form field; the reason goes last, on its own.
        fields = [name for name in fieldsets[0][1]["fields"] if name != "change_reason"]
        return [(None, {"fields": fields}), ("Reason", {"fields": ["change_reason"]})]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        obj._change_reason = form.cleaned_data.get("change_reason") or None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = form.cleaned_data.get("change_reason") or None
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version of a record, and reverting to it; restoring a deleted record is for administrators.

        django-simple-history's form saves the old version under the record's id, so for a deleted
        record it brings the record back, permalink and all: a deletion, which editors may not
        make, would be undone by one. The reason the form requires is kept on the record that
        the restoring writes.
        """
        if request.method == "POST" and not roles.is_administrator(request.user) and self._deleted(object_id):
            raise PermissionDenied("Only administrators may restore a deleted record.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        if obj is not None and not roles.is_administrator(request.user) and self._deleted(obj.pk):
            return True
        return super().revert_disabled(request, obj)

    def _deleted(self, object_id):
        pk = ids.parse_id(unquote(str(object_id)))
        return pk is not None and not self.model._base_manager.filter(pk=pk).exists()

    def delete_view(self, request, object_id, extra_context=None):
        reason_form = DeleteReasonForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and not reason_form.is_valid():
            # Show the confirmation page again, with the error, instead of deleting: Django's
            # delete view deletes on any POST, so it is handed a request without the form.
            request.method = "GET"
            request.POST = QueryDict()
        return super().delete_view(request, object_id, {**(extra_context or {}), "reason_form": reason_form})

    def delete_model(self, request, obj):
        reason_form = DeleteReasonForm(request.POST)
        reason_form.is_valid()
        obj._change_reason = reason_form.cleaned_data["change_reason"]
        super().delete_model(request, obj)


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "name", "kind", "un_status"]
    list_filter = ["kind", "un_status"]
    search_fields = ["code", "iso2", "name", "short_name"]


@admin.register(Country)
class CountryAdmin(PartyAdmin):
    list_filter = ["un_status"]
    exclude = ["kind"]


@admin.register(Organisation)
class OrganisationAdmin(PartyAdmin):
    list_filter = ["un_status"]
    exclude = ["kind", "iso2"]

    def save_model(self, request, obj, form, change):
        obj.kind = Party.Kind.ORGANISATION
        super().save_model(request, obj, form, change)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CouncilSeat)
class CouncilSeatAdmin(admin.ModelAdmin):
    list_display = ["country", "body", "kind", "start", "end"]
    list_filter = ["body", "kind"]
    search_fields = ["country__name", "country__short_name", "country__code"]
    autocomplete_fields = ["country", "body"]
    list_select_related = ["country", "body"]


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["party"]


@admin.register(Delegate)
class DelegateAdmin(ReasonAdmin):
    list_display = ["full_name", "sort_name"]
    search_fields = ["full_name", "sort_name", "aliases__name"]
    inlines = [AliasInline, PositionInline]


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ["name", "delegate", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "delegate__full_name"]
    autocomplete_fields = ["delegate"]
    list_select_related = ["delegate"]


@admin.register(Position)
class PositionAdmin(ReasonAdmin):
    list_display = ["delegate", "title", "party", "start", "end"]
    list_filter = ["party__kind"]
    search_fields = ["delegate__full_name", "title", "party__name", "party__short_name"]
    autocomplete_fields = ["delegate", "party"]
    list_select_related = ["delegate", "party"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = [
        "sequence", "date", "speaker", "party", "joint_parties", "speaker_title", "role", "label", "kind", "text",
        "language", "spoken_language", "reply_to",
    ]
    autocomplete_fields = ["speaker", "party", "joint_parties", "reply_to"]
    ordering = ["sequence", "id"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ["sequence", "role", "party", "name", "delegate", "title"]
    autocomplete_fields = ["party", "delegate"]


@admin.register(Meeting)
class MeetingAdmin(ReasonAdmin):
    list_display = ["date", "body", "title", "number", "record_symbol", "press_release", "kind"]
    list_filter = ["body", "kind", "date"]
    search_fields = ["title", "agenda_item", "record_symbol", "press_release"]
    date_hierarchy = "date"
    autocomplete_fields = ["body", "requested_by", "briefers", "sources", "president", "presiding_party"]
    list_select_related = ["body"]
    inlines = [ParticipantInline, StatementInline]


@admin.register(Participant)
class ParticipantAdmin(ReasonAdmin):
    list_display = ["meeting", "role", "party", "name", "title"]
    list_filter = ["role"]
    search_fields = ["name", "title", "party__name", "party__short_name", "meeting__record_symbol"]
    autocomplete_fields = ["meeting", "party", "delegate"]
    list_select_related = ["meeting__body", "party", "delegate"]


@admin.register(Source)
class SourceAdmin(ReasonAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url"]
    # An address typed without a scheme is read as https://, as the editors' import form does
    # (and as Django 6.0 will by default; 5.2 warns that its default is still http://).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 1
    autocomplete_fields = ["party"]


@admin.register(Statement)
class StatementAdmin(ReasonAdmin):
    list_display = ["__str__", "date", "kind", "speaker", "party", "meeting"]
    list_filter = ["kind", "language", "spoken_language", "role", "party__kind", "topics", "meeting__body"]
    search_fields = ["text", "label", "speaker__full_name", "party__name", "party__short_name"]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting", "speaker", "party", "joint_parties", "reply_to", "topics"]
    list_select_related = ["speaker", "party", "meeting__body"]
    inlines = [CitationInline, MentionInline]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    list_display = ["statement", "source", "start", "end"]
    autocomplete_fields = ["statement", "source"]
    list_select_related = ["statement__speaker", "statement__party", "source"]
    search_fields = ["statement__text", "source__title"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["statement", "relation", "party"]
    list_filter = ["relation"]
    autocomplete_fields = ["statement", "party"]
    list_select_related = ["statement__speaker", "statement__party", "party"]
    search_fields = ["statement__text", "party__name"]


@admin.register(RecordCheck)
class RecordCheckAdmin(ReasonAdmin):
    list_display = ["statement", "result", "score", "speech"]
    list_filter = ["result"]
    search_fields = ["statement__text", "speech__text"]
    autocomplete_fields = ["statement", "speech"]
    list_select_related = ["statement__speaker", "statement__party", "speech__speaker", "speech__party"]


@admin.register(Draft)
class DraftAdmin(ReasonAdmin):
    list_display = ["symbol", "subject"]
    search_fields = ["symbol", "subject"]
    autocomplete_fields = ["sponsors"]


class BallotInline(admin.TabularInline):
    model = Ballot
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(Vote)
class VoteAdmin(ReasonAdmin):
    list_display = ["__str__", "meeting", "outcome", "resolution", "in_favour", "against", "abstaining"]
    list_filter = ["outcome"]
    search_fields = ["draft__symbol", "resolution", "meeting__record_symbol"]
    autocomplete_fields = ["meeting", "draft", "source"]
    list_select_related = ["draft", "meeting__body"]
    inlines = [BallotInline]


@admin.register(Ballot)
class BallotAdmin(ReasonAdmin):
    list_display = ["vote", "party", "choice"]
    list_filter = ["choice"]
    search_fields = ["party__name", "party__short_name", "vote__draft__symbol"]
    autocomplete_fields = ["vote", "party"]
    list_select_related = ["vote__draft", "vote__meeting", "party"]


class AdministratorsOnlyMixin:
    """Read-only, for administrators only: editors do not see the email addresses of the alerts.
    Deletable, so that an address can be removed when its owner asks."""

    def has_module_permission(self, request):
        return roles.is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return roles.is_administrator(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return roles.is_administrator(request.user)


@admin.register(Subscription)
class SubscriptionAdmin(AdministratorsOnlyMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["email", "title", "frequency", "created", "confirmed", "last_sent"]
    list_filter = ["frequency", ("confirmed", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "query", "title", "frequency", "created", "confirmed", "last_sent"]
    exclude = ["token", "after_statement"]


@admin.register(Delivery)
class DeliveryAdmin(AdministratorsOnlyMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["subscription", "statement", "sent"]
    search_fields = ["subscription__email"]
    list_select_related = ["subscription"]
    raw_id_fields = ["subscription", "statement"]
