"""The follow pages: what a feed is and how to follow a page by email, and the links of the mails.

`/follow/` takes the search page's parameters (`?country=RUS`, `?speaker=12`, `?topic=…`, `?q=…`;
none: every new statement), so that every page with a feed links to it with what it shows.
Confirming and unsubscribing are POSTs behind the mails' links: a mail scanner that opens every
link changes nothing. The unsubscribe POST needs no CSRF token (RFC 8058: mail programs post it
themselves); the signed link is what proves it is the reader's.
"""

import logging

from django import forms
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from statements.alerts import limits, matching, subscribing
from statements.models import Subscription
from statements.ops.login_limits import client_address

logger = logging.getLogger(__name__)


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="Used for these alerts only; never shown to anyone or published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)


def _message(request, title, paragraphs, *, status=200, action=None, button=None):
    context = {"title": title, "paragraphs": paragraphs, "action": action, "button": button}
    return render(request, "statements/follow_message.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def follow(request):
    posted = request.method == "POST"
    params = QueryDict(request.POST.get("query", "")) if posted else request.GET
    filters = matching.search_filters(params)
    if not filters.is_valid():
        errors = [error for field_errors in filters.errors.values() for error in field_errors]
        return render(request, "statements/follow.html", {"errors": errors}, status=400)
    query = matching.followed_query(filters)
    if len(query) > Subscription._meta.get_field("query").max_length:
        return render(request, "statements/follow.html", {"errors": ["This search is too long to follow."]}, status=400)
    title = matching.describe(filters)
    form = SubscribeForm(request.POST if posted else None, initial={"query": query})
    if posted and form.is_valid():
        if not limits.client_allowed(client_address(request)):
            return _message(
                request,
                "Too many requests",
                ["Too many alerts have been asked for from your address in the last hour. Try again later."],
                status=429,
            )
        try:
            subscribing.subscribe(form.cleaned_data["email"], query, title, form.cleaned_data["frequency"])
        except OSError:  # smtplib's errors are OSErrors: the mail server is away
            logger.exception("The confirmation mail could not be sent.")
            return _message(
                request,
                "The mail could not be sent",
                ["We could not send the confirmation mail just now. Please try again in a few minutes."],
                status=503,
            )
        return redirect("follow-sent")
    feed = matching.feed_url(filters)
    context = {
        "form": form,
        "title": title,
        "feed_url": request.build_absolute_uri(feed),
        "feed_path": feed,
        "search_url": reverse("search") + (f"?{query}" if query else ""),
    }
    return render(request, "statements/follow.html", context, status=400 if posted else 200)


def follow_sent(request):
    return _message(
        request,
        "Check your inbox",
        [
            "If the address you gave can receive alerts, a mail with a confirmation link is on its way. "
            "Open the link to start the alert: nothing is sent before you do.",
            "No mail? Look in your spam folder, or ask again in a few minutes.",
        ],
    )


@require_http_methods(["GET", "HEAD", "POST"])
def follow_confirm(request, token):
    if request.method == "POST":
        subscription = subscribing.confirm(token)
    else:
        subscription = subscribing.pending(token)
    if subscription is None:
        return _message(
            request,
            "This link does not work",
            [
                "The confirmation link is not valid or has expired (it works for three days). "
                "Ask for the alert again from the page you wanted to follow."
            ],
            status=400,
        )
    if request.method == "POST":
        return _message(
            request,
            "Your alert is on",
            [
                f"You follow: {subscription.title} ({subscription.get_frequency_display().lower()}).",
                "Each mail has a link to unsubscribe with one click.",
            ],
        )
    return _message(
        request,
        "Confirm your alert",
        [f"Follow by email: {subscription.title}."],
        action=request.path,
        button="Confirm",
    )


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def follow_unsubscribe(request, token):
    if request.method == "POST":
        if not subscribing.unsubscribe(token):
            return _message(request, "This link does not work", ["This unsubscribe link is not valid."], status=400)
        return _message(request, "You are unsubscribed", ["You will get no more mails for this alert."])
    subscription = subscribing.subscription_of(token)
    if subscription is None:
        # An ended subscription and a bad link look alike: nothing to do either way.
        return _message(request, "Nothing to unsubscribe", ["This link belongs to no alert that is running."])
    return _message(
        request,
        "Unsubscribe",
        [f"Stop the mails for: {subscription.title}."],
        action=request.path,
        button="Unsubscribe",
    )
