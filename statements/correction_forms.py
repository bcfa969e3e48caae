"""The editors' correction of a statement: its words and attribution, with the reason for the change."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst

from .history import REASON_MAX_LENGTH
from .importing import normalise_newlines
from .models import Delegate, Party, Statement


class VerbatimTextField(forms.CharField):
    """A quote as typed, spaces kept; only the browser's CRLF line breaks are undone, so that
    sending the text back unchanged is no change."""

    def __init__(self, **kwargs):
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        return normalise_newlines(super().to_python(value))


class CorrectionForm(forms.ModelForm):
    """What a correction may change, validated by the model's own rules (`Statement.clean`, constraints).

    `version` is the statement's `updated` time when the form was shown: if the statement was
    saved since, the correction is refused instead of silently undoing the other one.
    """

    reason = forms.CharField(
        label="Reason for this correction",
        max_length=REASON_MAX_LENGTH,
        help_text=(
            f"Shown publicly in the statement's corrections log, at most {REASON_MAX_LENGTH} characters, "
            "e.g. “Misquoted: checked against the verbatim record S/PV.9669”."
        ),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput())

    class Meta:
        model = Statement
        fields = ["text", "kind", "speaker", "party", "speaker_title", "language", "date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            # A date input reads only ISO dates, whatever the site's language formats them as.
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"text": "Text", "party": "Country or organisation"}
        field_classes = {"text": VerbatimTextField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = Delegate.objects.order_by("sort_name", "id")
        self.fields["speaker"].empty_label = "(not named by the source)"
        self.fields["party"].queryset = Party.objects.order_by("kind", "short_name", "name")
        self.fields["party"].empty_label = "(not recorded)"
        self.fields["version"].initial = version_of(self.instance)

    def clean(self):
        data = super().clean()
        if data.get("version") and data["version"] != version_of(self.instance):
            raise ValidationError(
                "Someone else saved this statement after you opened this page. "
                "Open the correction page again to see their change, then make yours."
            )
        if not self.errors and not [name for name in self.changed_data if name not in ("reason", "version")]:
            raise ValidationError("Nothing was changed: edit at least one field, or go back to the statement.")
        return data

    def add_error(self, field, error):
        # Statement.clean() may name a field this form does not show (`reply_to`, when a new date
        # falls before the statement it answers); Django would raise ValueError for it.
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            shown = {}
            for name, errors in error.error_dict.items():
                if name in self.fields or name == NON_FIELD_ERRORS:
                    shown.setdefault(name, []).extend(errors)
                else:
                    label = Statement._meta.get_field(name).verbose_name
                    messages = ValidationError(errors).messages
                    shown.setdefault(NON_FIELD_ERRORS, []).extend(f"{capfirst(label)}: {text}" for text in messages)
            error = ValidationError(shown)
        super().add_error(field, error)


def version_of(statement):
    """When the statement was last saved, as the form carries it."""
    return statement.updated.isoformat() if statement.updated else ""
