"""API token authentication that refuses a malformed token before asking the database.

DRF looks any `Authorization: Token …` value up as is; on PostgreSQL a NUL character in it
makes the query raise (HTTP 500). Tokens are 40 hexadecimal characters, so anything else is
an invalid token (HTTP 401), like an unknown one.
"""

import string

from rest_framework import authentication, exceptions

_HEX = set(string.hexdigits)


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        if len(key) != 40 or not set(key) <= _HEX:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(key)
