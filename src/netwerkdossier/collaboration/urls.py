from django.urls import path

from . import staff_view, views

app_name = "collaboration"
urlpatterns = [
    path("trajecten/<uuid:pk>/team", views.team_page, name="team"),
    path("casustafels/<uuid:pk>/verslag", views.meeting_page, name="meeting"),
    path("professionals/zoeken", staff_view.staff_lookup, name="staff"),
]
