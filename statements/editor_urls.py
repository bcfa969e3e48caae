"""Editors' pages under /editor/ (article import)."""

urlpatterns = []
