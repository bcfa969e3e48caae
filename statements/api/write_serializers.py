"""DRF serializers for writing: plain ids and codes in, validated with the models' own rules.

Each validates with the model's `full_clean()` on an unsaved copy; the views save in one
transaction with the change's reason and answer with the reading representation
(statements.api.serializers).
"""

import datetime
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from statements import filters, roles
from statements.api import change_reasons
from statements.api.serializers import LocalTimeField
from statements.models import (
    Alias,
    Body,
    Citation,
    Delegate,
    Meeting,
    Mention,
    Party,
    Position,
    Source,
    Statement,
    Topic,
)


class ModelRulesMixin:
    """Validate with the model's own rules: `full_clean()` on an unsaved copy, errors as DRF 400s."""

    many_fields = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        plain = {key: value for key, value in attrs.items() if key not in self.many_fields}
        if self.instance is not None:
            candidate = self.Meta.model.objects.get(pk=self.instance.pk)
            for key, value in plain.items():
                setattr(candidate, key, value)
        else:
            candidate = self.Meta.model(**plain)
        # Its errors become DRF's 400 (see statements.api.errors for the format).
        candidate.full_clean()
        return attrs


def changed_values(instance, data):
    """The items of `data` whose value differs from the instance's: links by id, many-to-many by set of ids."""
    changed = {}
    for name, value in data.items():
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            old = set(getattr(instance, name).values_list("pk", flat=True))
            new = {item.pk for item in value}
        elif model_field.is_relation:
            old, new = getattr(instance, model_field.attname), None if value is None else value.pk
        else:
            old, new = getattr(instance, name), value
        if old != new:
            changed[name] = value
    return changed


def save_fields(instance, names):
    """Save the named columns and those the model updates itself (`updated`), and no other.

    With no names the whole row is saved, which makes a history record: the views call this on a
    row read under a lock, so its other values are the stored ones.
    """
    automatic = [f.name for f in instance._meta.concrete_fields if getattr(f, "auto_now", False)]
    if names or automatic:
        instance.save(update_fields=[*names, *automatic])
    else:
        instance.save()


class ChangedFieldsMixin:
    """Update only the fields whose value the request changes; save nothing when none does.

    A request (`PATCH {}`, or values equal to the stored ones) that changes nothing writes no
    history record and leaves `updated` alone.
    """

    def update(self, instance, validated_data):
        changed = changed_values(instance, validated_data)
        links = {name: changed.pop(name) for name in list(changed) if instance._meta.get_field(name).many_to_many}
        for key, value in changed.items():
            setattr(instance, key, value)
        if changed:
            save_fields(instance, list(changed))
        for name, value in links.items():
            getattr(instance, name).set(value)
        return instance


def row_value(value):
    """A nested row's value as the history keeps it: a party by its code, other links by id, dates in ISO 8601."""
    if isinstance(value, Party):
        return value.code
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def stored_value(row, column):
    model_field = row._meta.get_field(column)
    if model_field.is_relation and column != "party":
        return getattr(row, model_field.attname)  # The id, without fetching the linked row.
    return row_value(getattr(row, column))


def sorted_rows(rows):
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


class NestedWritesMixin(ChangedFieldsMixin):
    """Create or update a row and the nested rows listed in `many_fields`, in one transaction.

    `_save_related(instance, related)` writes the nested rows; a value of None in `related`
    means the request did not send that field, so it is left as it was. `nested_rows` names the
    lists of rows of their own (not many-to-many links) with their columns, and `nested_keys`
    what tells one row from another: a row whose key is gone from the list is removed, which
    only administrators may do, with a reason (docs/roles.md). An update that changes a list
    records its rows before and after on the object's history record (models/revisions.py).
    """

    nested_rows = {}
    nested_keys = {}

    def create(self, validated_data):
        related = {name: validated_data.pop(name, None) for name in self.many_fields}
        instance = self.Meta.model.objects.create(**validated_data)
        self._save_related(instance, related)
        return instance

    def update(self, instance, validated_data):
        related = {name: validated_data.pop(name, None) for name in self.many_fields}
        changed = changed_values(instance, validated_data)
        for key, value in changed.items():
            setattr(instance, key, value)
        nested = self._nested_changes(instance, related)
        self._check_removals(nested)
        for name in self.nested_rows:
            if name not in nested:
                related[name] = None  # Unchanged: left as it is, not deleted and written again.
        if changed or nested:
            # Before the nested rows are written, so that the record of this save is the first of
            # the write: its many-to-many changes (topics) come after, in records of their own.
            instance._history_nested_changes = nested or None
            try:
                save_fields(instance, list(changed))
            finally:
                del instance._history_nested_changes
        self._save_related(instance, related)
        return instance

    def _nested_changes(self, instance, related):
        """{list name: {"old": rows, "new": rows}} of the nested lists the request changes."""
        changes = {}
        for name, columns in self.nested_rows.items():
            if related[name] is None:
                continue
            stored = getattr(instance, name).all()
            if "party" in columns:
                stored = stored.select_related("party")  # Kept by its code.
            old = sorted_rows({column: stored_value(row, column) for column in columns} for row in stored)
            new = sorted_rows({column: row_value(item.get(column)) for column in columns} for item in related[name])
            if old != new:
                changes[name] = {"old": old, "new": new}
        return changes

    def _check_removals(self, nested):
        """Only an administrator may remove a nested row, and says why (docs/roles.md)."""
        removed = {}
        for name, change in nested.items():
            keys = self.nested_keys[name]
            kept = {tuple(row[key] for key in keys) for row in change["new"]}
            gone = [row for row in change["old"] if tuple(row[key] for key in keys) not in kept]
            if gone:
                removed[name] = gone
        if not removed:
            return
        names = " and ".join(removed)
        if not roles.is_administrator(self.context["request"].user):
            raise PermissionDenied(
                f"Only administrators may remove {names}; editors may add them and correct their details."
            )
        if not change_reasons.current():
            raise serializers.ValidationError(
                {change_reasons.HEADER: [f"Removing {names} needs a reason: it is kept in the history."]}
            )


class PartyCodeField(serializers.SlugRelatedField):
    """A party by its code, read as the filters read one (filters.PartyCodeField)."""

    code_field = filters.PartyCodeField()

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Party.objects.all(), **kwargs)

    def to_internal_value(self, data):
        try:
            return self.code_field.clean(data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class CitationWriteSerializer(serializers.Serializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    start = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    end = serializers.IntegerField(min_value=0, required=False, allow_null=True)

    def validate(self, attrs):
        citation = Citation(source=attrs["source"], start=attrs.get("start"), end=attrs.get("end"))
        # Its errors become DRF's 400 (see statements.api.errors for the format).
        citation.clean()
        return attrs


class MentionWriteSerializer(serializers.Serializer):
    party = PartyCodeField()
    relation = serializers.ChoiceField(choices=Mention.Relation.choices, default=Mention.Relation.MENTIONS)


class StatementWriteSerializer(ModelRulesMixin, NestedWritesMixin, serializers.ModelSerializer):
    many_fields = ("topics", "citations", "mentions")
    nested_rows = {"citations": ("source", "start", "end"), "mentions": ("party", "relation")}
    # A citation is its source's; a party mentioned another way is the same mention corrected.
    nested_keys = {"citations": ("source",), "mentions": ("party",)}
    party = PartyCodeField(required=False, allow_null=True, help_text="Code of the party spoken for.")
    topics = serializers.SlugRelatedField(slug_field="slug", queryset=Topic.objects.all(), many=True, required=False)
    citations = CitationWriteSerializer(many=True, required=False, help_text="Replaces all citations when given.")
    mentions = MentionWriteSerializer(many=True, required=False, help_text="Replaces all mentions when given.")

    class Meta:
        model = Statement
        fields = [
            "meeting",
            "date",
            "sequence",
            "speaker",
            "speaker_title",
            "party",
            "kind",
            "language",
            "text",
            "topics",
            "reply_to",
            "citations",
            "mentions",
        ]
        # The uniqueness of (meeting, sequence) is checked by full_clean with a clearer message.
        validators = []
        # The quote as sent: DRF trims a CharField's whitespace by default, which would change a
        # quote that starts with a tab or a space. A blank direct quote is still refused (Statement.clean).
        extra_kwargs = {"text": {"trim_whitespace": False}}

    def validate_mentions(self, mentions):
        pairs = [(mention["party"].pk, mention["relation"]) for mention in mentions]
        if len(pairs) != len(set(pairs)):
            raise serializers.ValidationError("The same party and relation appear twice.")
        return mentions

    def validate_citations(self, citations):
        if not citations and self.instance is not None:
            raise serializers.ValidationError(
                "A statement keeps at least one source: cite the right one instead of removing the last."
            )
        sources = [citation["source"].pk for citation in citations]
        if len(sources) != len(set(sources)):
            raise serializers.ValidationError("The same source is cited twice.")
        return citations

    def _save_related(self, statement, related):
        if related["topics"] is not None:
            statement.topics.set(related["topics"])
        if related["citations"] is not None:
            statement.citations.all().delete()
            Citation.objects.bulk_create(Citation(statement=statement, **citation) for citation in related["citations"])
        if related["mentions"] is not None:
            statement.mentions.all().delete()
            Mention.objects.bulk_create(Mention(statement=statement, **mention) for mention in related["mentions"])


class MeetingWriteSerializer(ModelRulesMixin, ChangedFieldsMixin, serializers.ModelSerializer):
    many_fields = ("requested_by", "briefers", "sources")
    body = serializers.SlugRelatedField(slug_field="slug", queryset=Body.objects.all())
    start_time = LocalTimeField(required=False, allow_null=True, help_text="Local time, e.g. 10:00.")
    requested_by = PartyCodeField(many=True, required=False)

    class Meta:
        model = Meeting
        fields = [
            "body",
            "date",
            "start_time",
            "title",
            "kind",
            "number",
            "record_symbol",
            "press_release",
            "agenda_item",
            "place",
            "summary",
            "requested_by",
            "briefers",
            "sources",
        ]
        validators = []


class PositionWriteSerializer(serializers.Serializer):
    party = PartyCodeField()
    title = serializers.CharField(max_length=200)
    start = serializers.DateField(required=False, allow_null=True)
    end = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs):
        Position(**attrs).clean()
        return attrs


class AliasWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Alias.Kind.choices, default=Alias.Kind.OTHER)


class DelegateWriteSerializer(ModelRulesMixin, NestedWritesMixin, serializers.ModelSerializer):
    many_fields = ("positions", "aliases")
    nested_rows = {"positions": ("party", "title", "start", "end"), "aliases": ("name", "kind")}
    # A position is a post held for a party from a date: its title and end can be corrected.
    nested_keys = {"positions": ("party", "start"), "aliases": ("name",)}
    name = serializers.CharField(source="full_name", max_length=200)
    positions = PositionWriteSerializer(many=True, required=False, help_text="Replaces all positions when given.")
    aliases = AliasWriteSerializer(many=True, required=False, help_text="Replaces all aliases when given.")

    class Meta:
        model = Delegate
        fields = ["name", "sort_name", "positions", "aliases"]

    def validate_aliases(self, aliases):
        names = [alias["name"] for alias in aliases]
        if len(names) != len(set(names)):
            raise serializers.ValidationError("The same alias appears twice.")
        return aliases

    def _save_related(self, delegate, related):
        if related["positions"] is not None:
            delegate.positions.all().delete()
            for position in related["positions"]:
                Position.objects.create(delegate=delegate, **position)
        if related["aliases"] is not None:
            delegate.aliases.all().delete()
            Alias.objects.bulk_create(Alias(delegate=delegate, **alias) for alias in related["aliases"])


class SourceWriteSerializer(ModelRulesMixin, ChangedFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["kind", "title", "publisher", "url", "published_on", "retrieved_on", "text"]
        validators = []


class TopicWriteSerializer(ModelRulesMixin, ChangedFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug"]
        validators = []
