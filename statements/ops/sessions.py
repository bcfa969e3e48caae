"""Database sessions that ignore a malformed session cookie instead of failing the request.

Django's own store sends any cookie value to the database; on PostgreSQL a NUL character
(which a quoted cookie can carry as "\\000") makes the query raise, and every page with it
answers 500. Django's keys are 32 lower-case letters and digits, so anything else starts a
fresh, empty session, as an unknown key does.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(key) and key.isascii() and key.isalnum() and super()._validate_session_key(key)
