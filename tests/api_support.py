"""Helpers for the API tests. The fixtures built on them (client, editor_client, administrator_client)
are in tests/conftest.py."""

from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

# The query for the rows around statements (topics, citations, mentions, replies, joint parties,
# checks): on PostgreSQL, which keeps them per statement (statements/around_table.py), they come
# with the statements' rows; on SQLite in a query of their own (statements/api/documents.py).
AROUND_QUERIES = 0 if connection.vendor == "postgresql" else 1


def token_client(user):
    """An API client that authenticates as the user with a token, as scripts do."""
    client = APIClient()
    token = Token.objects.create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


# (page, status) of a selection of 3 rows in pages of 2: two pages, then none.
PAGES_OF_THREE = [(1, 200), (2, 200), (3, 404)]


def check_page_of_three(response, page, status):
    """`response` is page `page` of 3 rows in pages of 2 (PAGES_OF_THREE), counted exactly."""
    assert response.status_code == status
    if status == 200:
        assert response.json()["count"] == 3
        assert len(response.json()["results"]) == (2 if page == 1 else 1)
    else:
        assert response.json()["detail"] == "There is no page 3; the last page is 2."
