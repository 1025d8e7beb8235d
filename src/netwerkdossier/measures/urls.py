from django.urls import path

from . import overview_views, views

app_name = "measures"
urlpatterns = [
    path("huishoudens/<uuid:pk>/maatregelen/nieuw", views.register, name="register"),
    path("huishoudens/<uuid:pk>/juridisch-overzicht", overview_views.overview,
         name="overview"),
    path("maatregelen/<uuid:pk>", views.detail, name="detail"),
    path("maatregelen/<uuid:pk>/status", views.status_change, name="status"),
]
