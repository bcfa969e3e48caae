"""The editors' admin. History of every change is kept by django-simple-history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Alias,
    Body,
    Citation,
    CouncilSeat,
    Country,
    Delegate,
    Meeting,
    Mention,
    Organisation,
    Party,
    Position,
    Source,
    Statement,
    Topic,
)


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
class DelegateAdmin(SimpleHistoryAdmin):
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
class PositionAdmin(SimpleHistoryAdmin):
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
    fields = ["sequence", "date", "speaker", "party", "speaker_title", "kind", "text", "language", "reply_to"]
    autocomplete_fields = ["speaker", "party", "reply_to"]
    ordering = ["sequence", "id"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "body", "title", "record_symbol", "press_release", "kind"]
    list_filter = ["body", "kind", "date"]
    search_fields = ["title", "agenda_item", "record_symbol", "press_release"]
    date_hierarchy = "date"
    autocomplete_fields = ["body", "requested_by", "briefers", "sources"]
    list_select_related = ["body"]
    inlines = [StatementInline]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "publisher"]
    search_fields = ["title", "publisher", "url"]


class CitationInline(admin.TabularInline):
    model = Citation
    extra = 1
    autocomplete_fields = ["source"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 1
    autocomplete_fields = ["party"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "date", "kind", "speaker", "party", "meeting"]
    list_filter = ["kind", "language", "party__kind", "topics", "meeting__body"]
    search_fields = ["text", "speaker__full_name", "party__name", "party__short_name"]
    date_hierarchy = "date"
    autocomplete_fields = ["meeting", "speaker", "party", "reply_to", "topics"]
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
