"""The REST API under /api/ (v1, schema and docs)."""

urlpatterns = []
