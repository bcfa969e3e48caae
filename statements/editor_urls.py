"""Editors' pages under /editor/ (article import)."""

from django.urls import path

from . import editor_views

app_name = "editor"

urlpatterns = [
    path("import/", editor_views.import_article_view, name="import"),
    path("import/save/", editor_views.save_import, name="import-save"),
]
