"""Editors' forms.

The article import: the article with its source and meeting, then one row per candidate.

The correction of a statement: its words and attribution, with the reason for the change.

The import of an official record: its file or its text, then, on the review page, a signed
token carrying the text the parser read to the save step.
"""

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst

from statements.editor.importing import (
    MAX_ARTICLE_CHARS,
    ArticleError,
    NewMeeting,
    check_article_text,
    normalise_newlines,
)
from statements.editor.records import MAX_RECORD_BYTES, RecordImportError, read_record
from statements.history import REASON_MAX_LENGTH
from statements.models import Body, Delegate, Meeting, Mention, Party, Source, Statement

# More rows than any article yields; a bigger formset is refused rather than processed.
MAX_CANDIDATES = 500
# Parties one imported statement can be said to speak about on the review page; more are added
# later on the statement (the API, the admin).
MENTION_SLOTS = 3


class ArticleForm(forms.Form):
    """The pasted article, its source's details and the meeting. Sent again, hidden, with the review."""

    text = forms.CharField(
        label="Article text",
        max_length=MAX_ARTICLE_CHARS,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=f"The article's plain text, up to {MAX_ARTICLE_CHARS:,} characters.",
    )
    url = forms.URLField(label="URL", required=False, max_length=500, assume_scheme="https")
    publisher = forms.CharField(required=False, max_length=200)
    title = forms.CharField(label="Headline", required=False, max_length=300)
    published_on = forms.DateField(
        label="Date published",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Dates the statements when no meeting is chosen.",
    )
    source_kind = forms.ChoiceField(label="Kind of source", choices=Source.Kind.choices, initial=Source.Kind.NEWS)
    meeting = forms.ModelChoiceField(
        label="Existing meeting",
        queryset=Meeting.objects.select_related("body").order_by("-date", "-id"),
        required=False,
        empty_label="(none)",
    )
    new_meeting_body = forms.ModelChoiceField(
        label="New meeting: body", queryset=Body.objects.order_by("name"), required=False, empty_label="(none)"
    )
    new_meeting_date = forms.DateField(
        label="New meeting: date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    new_meeting_title = forms.CharField(label="New meeting: title", required=False, max_length=300)

    def __init__(self, *args, hidden=False, **kwargs):
        super().__init__(*args, **kwargs)
        if hidden:
            for field in self.fields.values():
                field.widget = forms.HiddenInput()

    def clean_text(self):
        # Offsets are computed on this exact string in both steps, so it is normalised first.
        text = normalise_newlines(self.cleaned_data["text"])
        try:
            return check_article_text(text)
        except ArticleError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting")
        body, date = data.get("new_meeting_body"), data.get("new_meeting_date")
        describes_new = bool(body or date or data.get("new_meeting_title"))
        if meeting and describes_new:
            raise forms.ValidationError("Choose an existing meeting or describe a new one, not both.")
        if describes_new:
            if not body:
                self.add_error("new_meeting_body", "A new meeting needs its body.")
            if not date:
                self.add_error("new_meeting_date", "A new meeting needs its date.")
        elif not meeting and not data.get("published_on") and "published_on" not in self.errors:
            self.add_error("published_on", "Statements need a date: give the date published, or a meeting.")
        return data

    def new_meeting(self):
        data = self.cleaned_data
        if not data.get("new_meeting_body"):
            return None
        return NewMeeting(body=data["new_meeting_body"], date=data["new_meeting_date"], title=data["new_meeting_title"])


class CandidateForm(forms.Form):
    """One proposed statement: save it or not, and who said it for whom."""

    include = forms.BooleanField(label="Save", required=False)
    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput())
    end = forms.IntegerField(min_value=1, widget=forms.HiddenInput())
    confidence = forms.FloatField(required=False, widget=forms.HiddenInput())
    kind = forms.ChoiceField(choices=Statement.Kind.choices)
    speaker = forms.TypedChoiceField(label="Speaker", coerce=int, required=False, empty_value=None)
    new_delegate = forms.CharField(
        label="or new delegate", required=False, max_length=200, help_text="Full name, to add a delegate."
    )
    country = forms.CharField(
        label="Country or organisation", required=False, max_length=64, help_text="ISO alpha-3 code, e.g. RUS."
    )
    title = forms.CharField(label="Title", required=False, max_length=200, help_text="As the source gives it.")
    topics = forms.TypedMultipleChoiceField(
        label="Topics", coerce=int, required=False, initial=(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, speaker_choices=(), party_codes=frozenset(), text_length=0, topic_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [("", "(unknown)"), *speaker_choices]
        self.fields["country"].widget.attrs.update({"list": "party-codes", "size": 12})
        self.fields["topics"].choices = list(topic_choices)
        for slot in range(1, MENTION_SLOTS + 1):
            self.fields[f"about_{slot}"] = forms.CharField(
                label=f"Country or organisation {slot}",
                required=False,
                max_length=64,
                help_text="ISO alpha-3 code, e.g. RUS." if slot == 1 else "",
                widget=forms.TextInput(attrs={"list": "party-codes", "size": 12}),
            )
            self.fields[f"relation_{slot}"] = forms.ChoiceField(
                label=f"Relation {slot}",
                choices=Mention.Relation.choices,
                initial=Mention.Relation.MENTIONS,
                required=False,
            )
        self.party_codes = party_codes
        self.text_length = text_length

    def full_clean(self):
        super().full_clean()
        # A row left unchecked is not saved, so what its fields hold does not matter.
        if self.is_bound and hasattr(self, "cleaned_data") and not self.cleaned_data.get("include"):
            self._errors = forms.utils.ErrorDict()

    def clean_country(self):
        return self.party_code(self.cleaned_data["country"])

    def party_code(self, value):
        """A known party's code as typed (any case for ISO codes), or None when left empty."""
        code = value.strip()
        if not code:
            return None
        normalised = code.upper() if len(code) == 3 else code
        if normalised not in self.party_codes:
            raise forms.ValidationError(f"No country or organisation has the code {code!r}.")
        return normalised

    def about_slots(self):
        """(code field, relation field) of each mention slot, as bound fields, for the template."""
        return [(self[f"about_{slot}"], self[f"relation_{slot}"]) for slot in range(1, MENTION_SLOTS + 1)]

    def clean_mentions(self, data):
        """(code, relation) of each filled slot, without repeats; errors on the slot's code field."""
        mentions = []
        for slot in range(1, MENTION_SLOTS + 1):
            try:
                code = self.party_code(data.get(f"about_{slot}") or "")
            except forms.ValidationError as error:
                self.add_error(f"about_{slot}", error)
                continue
            relation = data.get(f"relation_{slot}") or Mention.Relation.MENTIONS
            if code and (code, relation) not in mentions:
                mentions.append((code, relation))
        return mentions

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and not start < end <= self.text_length:
            raise forms.ValidationError("This quote's offsets fall outside the article.")
        if data.get("speaker") and data.get("new_delegate", "").strip():
            self.add_error("new_delegate", "Choose a known speaker or name a new delegate, not both.")
        data["mentions"] = self.clean_mentions(data)
        return data


class BaseCandidateFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("include") for form in self.forms):
            raise forms.ValidationError("Choose at least one statement to save.")


CandidateFormSet = forms.formset_factory(
    CandidateForm, formset=BaseCandidateFormSet, extra=0, max_num=MAX_CANDIDATES, validate_max=True
)


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
    saved since, the correction is refused instead of silently undoing the other one. A form
    without it is refused too: a check that is skipped when the field is left out is no check.
    """

    reason = forms.CharField(
        label="Reason for this correction",
        max_length=REASON_MAX_LENGTH,
        help_text=(
            f"Shown publicly in the statement's corrections log, at most {REASON_MAX_LENGTH} characters, "
            "e.g. “Misquoted: checked against the verbatim record S/PV.9669”."
        ),
    )
    # Checked in clean(), so that its error shows over the form: a hidden field shows none of its own.
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
        if not data.get("version"):
            raise ValidationError(
                "This form does not say which version of the statement it corrects. "
                "Open the correction page again and make your correction there."
            )
        if data["version"] != version_of(self.instance):
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


# The review page's token is good for a day: long enough to read a long record's review, short
# enough that a forgotten tab cannot save a stale reading after the parser has been improved.
RECORD_TOKEN_MAX_AGE = 24 * 60 * 60
RECORD_TOKEN_SALT = "statements.editor.record-import"
MEGABYTE = 1024 * 1024


def one_line(error):
    """A RecordImportError's message as a sentence: capitalised, with its full stop."""
    message = capfirst(str(error).strip())
    return message if message.endswith((".", "?", "!")) else message + "."


class RecordForm(forms.Form):
    """A verbatim record or a press release: its file or its pasted text, and where it was published.

    Valid only when the parser can read it; `record` then holds what it read.
    """

    file = forms.FileField(
        label="File",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.txt,application/pdf,text/plain"}),
        help_text=(
            f"The record's PDF as the UN publishes it, or a UTF-8 text file; at most {MAX_RECORD_BYTES // MEGABYTE} MB."
        ),
    )
    text = forms.CharField(
        label="or its text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text="The whole record as plain text, from its symbol on the front page to its last line.",
    )
    url = forms.URLField(
        label="URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Where the document is published, e.g. on documents.un.org or press.un.org (optional).",
    )

    record = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        upload, text = data.get("file"), normalise_newlines(data.get("text", ""))
        if upload and text.strip():
            raise ValidationError("Upload a file or paste the text, not both.")
        if not upload and not text.strip():
            raise ValidationError("Upload the record's PDF or text file, or paste its text.")
        if upload:
            if upload.size > MAX_RECORD_BYTES:
                # Refused before reading it into memory.
                self.add_error(
                    "file",
                    f"The file is too large: {upload.size / MEGABYTE:.1f} MB; the limit is "
                    f"{MAX_RECORD_BYTES // MEGABYTE} MB (a long verbatim record is about 2 MB).",
                )
                return data
            field, content, name = "file", upload.read(), upload.name
        else:
            field, content, name = "text", text, ""
        try:
            self.record = read_record(content, name)
        except RecordImportError as error:
            self.add_error(field, one_line(error))
        return data

    def token(self):
        """What the save step needs, signed: the text the parser read (not the PDF), the URL, the file's name."""
        return sign_record(self.record.text, self.cleaned_data["url"], self.cleaned_data["file"])


def sign_record(text, url, upload=None):
    payload = {"text": text, "url": url, "name": upload.name if upload else ""}
    return signing.dumps(payload, salt=RECORD_TOKEN_SALT, compress=True)


class RecordSaveForm(forms.Form):
    """The review page's Save button: the signed token, read again by the parser.

    Valid only when the token is this site's, unchanged and less than a day old, so that what
    is saved is what the review showed; `record` and `url` then hold what to save.
    """

    token = forms.CharField(widget=forms.HiddenInput())

    record = None
    url = ""

    def clean_token(self):
        try:
            payload = signing.loads(self.cleaned_data["token"], salt=RECORD_TOKEN_SALT, max_age=RECORD_TOKEN_MAX_AGE)
        except signing.SignatureExpired:
            raise ValidationError(
                "This review is more than a day old and can no longer be saved; upload the record again."
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                "The review page's form was altered, so nothing was saved; upload the record again."
            ) from None
        try:
            self.record = read_record(payload["text"], payload["name"])
        except RecordImportError as error:
            # The parser changed since the review, and now refuses the text.
            raise ValidationError(one_line(error)) from None
        self.url = payload["url"]
        return self.cleaned_data["token"]
