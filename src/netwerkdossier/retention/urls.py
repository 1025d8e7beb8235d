"""The privacy officer's retention screens (decision 0035)."""

from django.urls import path

from . import views_due, views_requests

app_name = "retention"
urlpatterns = [
    path("privacy/vernietigingsverzoeken", views_requests.requests_page, name="requests"),
    path("privacy/bewaartermijnen", views_due.due_page, name="due"),
    path("privacy/bewaartermijnen/vernietigen", views_due.destroy_selected, name="destroy"),
    path("privacy/bewaartermijnen/blokkade", views_due.hold_page, name="hold"),
    path("privacy/bewaartermijnen/blokkade/<uuid:pk>/beeindigen", views_due.hold_end,
         name="hold_end"),
]
