from django.contrib import admin
from django.urls import include, path

from statements.api_extract import ExtractView
from statements.login_limits import limit_failed_logins

urlpatterns = [
    # The admin's own login URL, with failed attempts limited; admin.site.urls keeps the name admin:login.
    path("admin/login/", limit_failed_logins(admin.site.login)),
    path("admin/", admin.site.urls),
    # The extractor is an editors' tool, not part of the data API's router.
    path("api/v1/extract/", ExtractView.as_view(), name="api-extract"),
    path("api/", include("statements.api_urls")),
    path("editor/", include("statements.editor_urls")),
    path("", include("statements.urls")),
]

handler400 = "statements.views.bad_request"
handler404 = "statements.views.page_not_found"
