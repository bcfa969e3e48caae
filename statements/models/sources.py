"""Where statements are reported, and each statement as one source reports it."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Source(models.Model):
    """Where statements are reported."""

    class Kind(models.TextChoices):
        NEWS = "news", "News report"
        PRESS_RELEASE = "press-release", "UN press release"
        VERBATIM = "verbatim", "Verbatim record"
        TRANSCRIPT = "transcript", "Official transcript"
        SOCIAL = "social", "Social media post"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=300, blank=True, default="")
    symbol = models.CharField(
        max_length=50, blank=True, default="", db_default="", help_text="A UN document symbol: S/PV.9669, SC/15755."
    )
    publisher = models.CharField(max_length=200, blank=True, default="")
    url = models.URLField("URL", max_length=500, blank=True, default="")
    published_on = models.DateField(null=True, blank=True)
    retrieved_on = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True, default="", help_text="The full text, when we hold it.")
    # Set by the article import for a text pasted without a URL, so that the same article is
    # stored once even when two editors save it at the same moment (source_fingerprint_unique).
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text="SHA-256 of the text of an article imported without a URL, whatever its spacing.",
    )
    updated = models.DateTimeField(auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_code="unique",
                violation_error_message="Another source already has this URL.",
            ),
            models.UniqueConstraint(
                fields=["symbol"],
                condition=~Q(symbol=""),
                name="source_symbol_unique",
                violation_error_code="unique",
                violation_error_message="Another source already has this symbol.",
            ),
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=~Q(fingerprint=""),
                name="source_fingerprint_unique",
                violation_error_code="unique",
                violation_error_message="Another source already has this text.",
            ),
        ]
        indexes = [models.Index(fields=["kind"], name="source_kind_idx")]

    def __str__(self):
        label = self.title or self.url or f"Source {self.pk}"
        return f"{label} ({self.publisher})" if self.publisher else label

    def get_absolute_url(self):
        return reverse("source", args=[self.pk])

    @staticmethod
    def fingerprint_of(text):
        """The fingerprint of an article's text: the same words in the same order give the same one,
        however they are spaced or broken into lines."""
        return hashlib.sha256(" ".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


class Citation(models.Model):
    """A statement as one source reports it, with the excerpt's offsets in the source text when known."""

    statement = models.ForeignKey("statements.Statement", on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Character offset in the source text.")
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["statement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "source"], name="citation_unique"),
            models.CheckConstraint(
                # Both NOT NULL tests are needed: a comparison with NULL is unknown, which a CHECK lets pass.
                condition=(
                    Q(start__isnull=True, end__isnull=True)
                    | Q(start__isnull=False, end__isnull=False, end__gte=F("start"))
                ),
                name="citation_offsets_ordered",
                violation_error_message="Give both offsets of the excerpt, the end not before the start, or neither.",
            ),
        ]

    def __str__(self):
        return f"{self.source} for statement {self.statement_id}"

    def get_absolute_url(self):
        return self.statement.get_absolute_url()

    def clean(self):
        if (self.start is None) != (self.end is None):
            missing = "start" if self.start is None else "end"
            raise ValidationError({missing: "Give both offsets of the excerpt, or neither."})
        if self.start is None:
            return
        if self.end < self.start:
            raise ValidationError({"end": "The excerpt cannot end before it starts."})
        if self.source_id and self.end > len(self.source.text):
            raise ValidationError(
                {
                    "end": f"The offsets {self.start}–{self.end} fall outside the source text "
                    f"({len(self.source.text)} characters)."
                }
            )
