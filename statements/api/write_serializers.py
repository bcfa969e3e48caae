"""DRF serializers for writing: plain ids and codes in, validated with the models' own rules.

Each validates with the model's `full_clean()` on an unsaved copy; the views save in one
transaction with the change's reason and answer with the reading representation
(statements.api.serializers).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from statements import filters
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


class NestedWritesMixin:
    """Create or update a row and the nested rows listed in `many_fields`, in one transaction.

    `_save_related(instance, related)` writes the nested rows; a value of None in `related`
    means the request did not send that field, so it is left as it was.
    """

    def create(self, validated_data):
        related = {name: validated_data.pop(name, None) for name in self.many_fields}
        instance = self.Meta.model.objects.create(**validated_data)
        self._save_related(instance, related)
        return instance

    def update(self, instance, validated_data):
        related = {name: validated_data.pop(name, None) for name in self.many_fields}
        for key, value in validated_data.items():
            setattr(instance, key, value)
        instance.save()
        self._save_related(instance, related)
        return instance


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


class MeetingWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
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


class SourceWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["kind", "title", "publisher", "url", "published_on", "retrieved_on", "text"]
        validators = []


class TopicWriteSerializer(ModelRulesMixin, serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["name", "slug"]
        validators = []
