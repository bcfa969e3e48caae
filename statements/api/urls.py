"""The REST API under /api/: version 1 at /api/v1/, the OpenAPI schema and its documentation.

No ReDoc page: drf-spectacular's ReDoc template loads fonts from Google, and we serve no asset from a CDN.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from statements.api import errors, history, popolo, records, root, tables, views
from statements.ops import csp

app_name = "api"

router = DefaultRouter()
router.APIRootView = root.ApiRootView
router.register("countries", views.CountryViewSet, basename="country")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("bodies", views.BodyViewSet, basename="body")
router.register("delegates", views.DelegateViewSet, basename="delegate")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("statements", views.StatementViewSet, basename="statement")
router.register("relations", views.RelationViewSet, basename="relation")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("sources", views.SourceViewSet, basename="source")
router.register("votes", views.VoteViewSet, basename="vote")
router.register("drafts", views.DraftViewSet, basename="draft")
router.register("seats", views.SeatViewSet, basename="seat")
router.register("mentions", tables.MentionViewSet, basename="mention")
router.register("citations", tables.CitationViewSet, basename="citation")
router.register("ballots", tables.BallotViewSet, basename="ballot")

# The statements' routes first, then the other collections in the order registered (which is also
# the order the API's root lists them in): Django tries the patterns in turn, and statements are
# most of the traffic. A statement's /history/ is no route of the router, so it can come after.
routes = sorted(router.urls, key=lambda route: not str(route.pattern).startswith("^statements/"))

urlpatterns = [
    path("v1/", include(routes)),
    path("v1/", include(history.urlpatterns)),
    # Not a collection of the router: a service that reads a document and saves what it finds.
    path("v1/records/", records.RecordImportView.as_view(), name="records"),
    # One document of several collections, not a collection of the router.
    path("v1/popolo/", popolo.PopoloView.as_view(), name="popolo"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the site's CSP allows no inline script.
    path("docs/", csp.api_docs(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    re_path(r"^.*$", errors.api_not_found),
]
