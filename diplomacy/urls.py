from django.contrib import admin
from django.urls import include, path

from statements.api_extract import ExtractView

urlpatterns = [
    path("admin/", admin.site.urls),
    # The extractor is an editors' tool, not part of the data API's router.
    path("api/v1/extract/", ExtractView.as_view(), name="api-extract"),
    path("api/", include("statements.api_urls")),
    path("editor/", include("statements.editor_urls")),
    path("", include("statements.urls")),
]

handler400 = "statements.views.bad_request"
handler404 = "statements.views.page_not_found"
