from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("statements.api_urls")),
    path("editor/", include("statements.editor_urls")),
    path("", include("statements.urls")),
]

handler400 = "statements.views.bad_request"
handler404 = "statements.views.page_not_found"
