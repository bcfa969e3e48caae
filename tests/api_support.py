"""Fixtures shared by the API tests: clients, an editor with a token, and a fresh throttle."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The anonymous rate limit counts in the cache; each test starts with a full allowance."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", password="x", is_staff=True)


@pytest.fixture
def editor_client(editor):
    client = APIClient()
    token = Token.objects.create(user=editor)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
