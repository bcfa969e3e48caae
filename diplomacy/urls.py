from django.contrib import admin
from django.urls import include, path

from statements.api.extract import ExtractView
from statements.ops.login_limits import limit_failed_logins

urlpatterns = [
    # The admin's own login URL, with failed attempts limited; admin.site.urls keeps the name admin:login.
    path("admin/login/", limit_failed_logins(admin.site.login)),
    path("admin/", admin.site.urls),
    # The extractor is an editors' tool, not part of the data API's router.
    path("api/v1/extract/", ExtractView.as_view(), name="api-extract"),
    path("api/", include("statements.api.urls")),
    path("editor/", include("statements.editor.urls")),
    path("", include("statements.pages.urls")),
]

handler400 = "statements.pages.views.bad_request"
handler404 = "statements.pages.views.page_not_found"
