from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("statements/<int:pk>/", views.statement_detail, name="statement"),
    path("delegates/<int:pk>/", views.delegate_detail, name="delegate"),
    path("countries/<str:code>/", views.party_detail, {"kind": "state"}, name="country"),
    path("organisations/<slug:code>/", views.party_detail, {"kind": "organisation"}, name="organisation"),
    path("bodies/<slug:slug>/", views.body_detail, name="body"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
]
