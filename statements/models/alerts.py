"""Email alerts: a reader follows a search, a country, a delegate or a topic, and we record what we mailed.

A subscription holds the search page's query string (`country=RUS`, `q=sanctions&topic=…`), so
following a country and following a search are the same thing, matched by the same filters.
Nothing is mailed before the address confirms (double opt-in), and each statement is mailed at
most once to a subscription (`Delivery`, unique per subscription and statement).

No email address leaves the admin: the API, the exports, Popolo and the published datasets
never read these models.
"""

import secrets

from django.db import models
from django.urls import reverse

from statements.models.statements import Statement


def new_token():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As soon as a statement is recorded"
        DAILY = "daily", "A daily digest"

    email = models.EmailField(max_length=254)
    query = models.CharField(
        max_length=2000, blank=True, default="", help_text="The search page's query string: what is followed."
    )
    title = models.CharField(max_length=300, help_text="What is followed, in words, for the mails.")
    frequency = models.CharField(max_length=16, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    # The secret the signed confirmation and unsubscribe links carry; never shown in a page.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    confirmed = models.DateTimeField(null=True, blank=True, help_text="Empty until the address confirms.")
    # Statements with a greater id are new to this subscription: set when it is confirmed, so a
    # reader is not mailed the whole back catalogue.
    after_statement = models.BigIntegerField(default=0, editable=False)
    last_sent = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "query"],
                name="subscription_email_query_unique",
                violation_error_message="This address already follows this.",
            ),
        ]
        indexes = [
            # send_alerts reads the confirmed subscriptions.
            models.Index(fields=["confirmed"], name="subscription_confirmed_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_frequency_display().lower()})"

    def get_absolute_url(self):
        return reverse("follow") + (f"?{self.query}" if self.query else "")


class Delivery(models.Model):
    """A statement mailed to a subscription: written in the transaction that sends it, and never twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    sent = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent", "id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(fields=["subscription", "statement"], name="delivery_unique"),
        ]

    def __str__(self):
        return f"Statement {self.statement_id} to subscription {self.subscription_id}"

    def get_absolute_url(self):
        return reverse("statement", args=[self.statement_id])
