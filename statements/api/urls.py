"""The REST API under /api/: version 1 at /api/v1/, the OpenAPI schema and its documentation.

No ReDoc page: drf-spectacular's ReDoc template loads fonts from Google, and we serve no asset from a CDN.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from statements.api import history as api_history
from statements.api import views as api
from statements.ops import csp as content_security

app_name = "api"

router = DefaultRouter()
router.register("countries", api.CountryViewSet, basename="country")
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register("bodies", api.BodyViewSet, basename="body")
router.register("delegates", api.DelegateViewSet, basename="delegate")
router.register("meetings", api.MeetingViewSet, basename="meeting")
router.register("statements", api.StatementViewSet, basename="statement")
router.register("relations", api.RelationViewSet, basename="relation")
router.register("topics", api.TopicViewSet, basename="topic")
router.register("sources", api.SourceViewSet, basename="source")

urlpatterns = [
    path("v1/", include(api_history.urlpatterns)),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the site's CSP allows no inline script.
    path("docs/", content_security.api_docs(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    re_path(r"^.*$", api.api_not_found),
]
