from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("huishoudens/<uuid:pk>/analyse", views.analysis_page, name="analysis"),
    path("huishoudens/<uuid:pk>/analyse/bewerken", views.analysis_edit, name="edit"),
    path("huishoudens/<uuid:pk>/analyse/versies", views.analysis_history, name="history"),
    path("analyse/versies/<uuid:pk>", views.version_detail, name="version"),
    path("huishoudens/<uuid:pk>/instrumenten", views.instrument_list, name="instruments"),
    path("huishoudens/<uuid:pk>/instrumenten/<slug:key>", views.instrument_administer,
         name="administer"),
    path("instrumentuitkomsten/<uuid:pk>", views.instrument_result, name="result"),
]
