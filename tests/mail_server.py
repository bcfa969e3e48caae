"""A real SMTP server for the email alerts' tests (aiosmtpd on 127.0.0.1), and what arrived at it.

`serve(settings)` (the `inbox` fixture of the modules that use it) starts one and points
Django's SMTP backend at it, so that mails go through smtplib and an SMTP conversation as in
production; the tests parse what arrived as MIME messages and follow their links.
"""

import email
import email.policy
import re
import socket
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller


class Inbox:
    """aiosmtpd's handler: keeps each message that arrives, parsed."""

    def __init__(self):
        self.messages = []
        # Recipients the server refuses (550), as a server refuses an unknown mailbox.
        self.refused = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        message.envelope_recipients = list(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if address in message.envelope_recipients]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def links(message):
    """The addresses in a message's text, in order."""
    return re.findall(r"https?://\S+", body(message))


def path_of(url):
    """The path (and query) of an absolute link, for the test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def serve(settings):
    """Start a server, point Django's mail at it, yield its Inbox, stop it: a fixture's body."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.SITE_URL = "https://statements.example.org"
    try:
        yield inbox
    finally:
        controller.stop()


def header(message, name):
    # A long header is folded (and one with other than ASCII encoded, RFC 2047): its value can
    # start with the folding's space, which mail programs drop.
    return str(message[name]).strip()


def subject(message):
    return header(message, "Subject")
