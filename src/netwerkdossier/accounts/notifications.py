"""Notifications to professionals (break-the-glass alerts, review requests)."""

from django.db import models
from django.utils import timezone


class Notification(models.Model):
    recipient = models.ForeignKey("accounts.User", on_delete=models.CASCADE,
                                  related_name="notifications")
    kind = models.CharField(max_length=40)
    # Dutch text without personal data beyond what the recipient may already know.
    text = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "accounts"
        indexes = [models.Index(fields=["recipient", "read_at"])]
