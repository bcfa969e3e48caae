from django.contrib import admin
from django.urls import include, path

from statements.api.extract import ExtractView
from statements.ops.login_limits import limit_failed_logins

urlpatterns = [
    # The extractor is an editors' tool, not part of the data API's router; before the API, whose
    # last pattern answers every other address under api/ with the API's 404.
    path("api/v1/extract/", ExtractView.as_view(), name="api-extract"),
    # Then the API: Django tries the patterns in order, most requests are the API's, and every
    # pattern tried in vain costs (bench/README.md, sixth pass).
    path("api/", include("statements.api.urls")),
    # The admin's own login URL, with failed attempts limited; admin.site.urls keeps the name admin:login.
    path("admin/login/", limit_failed_logins(admin.site.login)),
    path("admin/", admin.site.urls),
    path("editor/", include("statements.editor.urls")),
    path("", include("statements.pages.urls")),
]

handler400 = "statements.pages.views.bad_request"
handler404 = "statements.pages.views.page_not_found"
