"""How often one client address and one email address may ask for a subscription.

Per client address, against a script filling the table and the mail queue; per email address,
against mailing someone confirmation after confirmation. Counted in the cache for an hour from the
first request (shared by the workers when CACHE_URL names Redis).
"""

import hashlib

from django.core.cache import cache

WINDOW = 3600
PER_CLIENT = 20
PER_EMAIL = 3


def _key(kind, value):
    # Hashed: no email address is kept in the cache in clear.
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return f"alerts-subscribe:{kind}:{digest}"


def _count(key):
    """Count one request in `key`'s window; returns the requests so far."""
    if cache.add(key, 1, timeout=WINDOW):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=WINDOW)
        return 1


def client_allowed(address):
    """Count a subscribe request from `address`; False past PER_CLIENT an hour."""
    return _count(_key("client", address)) <= PER_CLIENT


def email_allowed(email):
    """Count a confirmation mail to `email`; False past PER_EMAIL an hour."""
    return _count(_key("email", email.casefold())) <= PER_EMAIL
