from django.urls import path

from . import views

app_name = "collaboration"
urlpatterns = [
    path("trajecten/<uuid:pk>/team", views.team_page, name="team"),
    path("casustafels/<uuid:pk>/verslag", views.meeting_page, name="meeting"),
]
