"""Fixtures shared by the API tests: clients, an editor and an administrator with tokens, and a fresh throttle."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import administrator_user, editor_user


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The anonymous rate limit counts in the cache; each test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return APIClient()


def token_client(user):
    """An API client that authenticates as the user with a token, as scripts do."""
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def editor(db):
    return editor_user(password="x")


@pytest.fixture
def editor_client(editor):
    return token_client(editor)


@pytest.fixture
def administrator_client(db):
    return token_client(administrator_user())
