"""Professional-side pages of the portal features (e.g. the correction-request queue)."""

from django.urls import path

from . import staff

app_name = "portal_staff"
urlpatterns = [
    path("correctieverzoeken", staff.queue, name="queue"),
    path("correctieverzoeken/<uuid:pk>", staff.handle, name="request"),
]
