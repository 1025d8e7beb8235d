from django.urls import path

from . import views

app_name = "monitoring_exchange"
urlpatterns = [
    path("monitoring/onderzoeksexport", views.research_page, name="research"),
]
