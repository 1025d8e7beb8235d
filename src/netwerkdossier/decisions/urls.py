from django.urls import path

from . import views

app_name = "decisions"
urlpatterns = [
    path("huishoudens/<uuid:pk>/besluiten", views.household_list, name="household"),
    path("huishoudens/<uuid:pk>/verzoekschriften/nieuw", views.draft, name="draft"),
    path("besluitverslagen/<uuid:pk>", views.record_page, name="record"),
    path("besluitverslagen/<uuid:pk>/<slug:step>", views.act, name="act"),
    path("verzoekschriften/<uuid:pk>", views.request_page, name="request"),
    path("trajecten/<uuid:pk>/fasevoorstel/besluitverslag", views.for_proposal,
         name="for_proposal"),
    path("trajecten/<uuid:pk>/besluitverslag", views.for_case, name="for_case"),
    path("huishoudens/<uuid:pk>/plaatsingsbesluit", views.for_placement,
         name="for_placement"),
]
