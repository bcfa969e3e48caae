from django.urls import path

from statements.pages import feeds, follow, relations, releases, search, views

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search.search, name="search"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("relations/", relations.relations, name="relations"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("drafts/<path:symbol>/", views.draft_detail, name="draft"),
    path("vetoes/", views.veto_list, name="vetoes"),
    path("delegates/", views.delegate_list, name="delegates"),
    path("delegates/<int:pk>/", views.delegate_detail, name="delegate"),
    path("countries/", views.party_list, name="countries"),
    path("countries/<str:code>/", views.party_detail, {"kind": "state"}, name="country"),
    path("organisations/<slug:code>/", views.party_detail, {"kind": "organisation"}, name="organisation"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("data/", releases.release_list, name="releases"),
    path("data/<str:release>/<str:name>", releases.release_download, name="release-file"),
    path("follow/", follow.follow, name="follow"),
    path("follow/sent/", follow.follow_sent, name="follow-sent"),
    path("follow/confirm/<str:token>/", follow.follow_confirm, name="follow-confirm"),
    path("follow/unsubscribe/<str:token>/", follow.follow_unsubscribe, name="follow-unsubscribe"),
    path("feeds/statements/", feeds.LatestStatementsFeed(), name="feed-latest"),
    path("feeds/parties/<str:code>/", feeds.PartyFeed(), name="feed-party"),
    path("feeds/delegates/<int:pk>/", feeds.DelegateFeed(), name="feed-delegate"),
    path("feeds/topics/<slug:slug>/", feeds.TopicFeed(), name="feed-topic"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
]
