"""Helpers for the API tests. The fixtures built on them (client, editor_client, administrator_client)
are in tests/conftest.py."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def token_client(user):
    """An API client that authenticates as the user with a token, as scripts do."""
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
