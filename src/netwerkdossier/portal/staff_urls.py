"""Professional-side pages of the portal features (e.g. the correction-request queue)."""

from django.urls import path  # noqa: F401

app_name = "portal_staff"
urlpatterns: list = []
