"""Editors' pages under /editor/ (article import, corrections, official records' import)."""

from django.urls import path

from statements.editor import views as correction_views
from statements.editor import views as editor_views

app_name = "editor"

urlpatterns = [
    path("import/", editor_views.import_article_view, name="import"),
    path("import/save/", editor_views.save_import, name="import-save"),
    path("statements/<int:pk>/correct/", correction_views.correct_statement, name="correct-statement"),
    path("records/import/", editor_views.import_record_view, name="import-record"),
    path("records/import/save/", editor_views.save_record, name="import-record-save"),
]
