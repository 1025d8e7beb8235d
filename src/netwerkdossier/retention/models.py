"""A legal hold: destruction of an organisation's part of a household's file stops for a
reason (rules/destruction.toml) until an end date. What was destroyed is not kept here:
its tombstone is the access-log record of the destruction (destroy.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalHold(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey("households.Household", on_delete=models.PROTECT,
                                  related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="+")
    reason = models.CharField(_("reden"), max_length=30)  # a hold key of destruction.toml
    explanation = models.TextField(_("toelichting"), max_length=2000)
    until = models.DateField(_("tot en met"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["organisation", "until"])]

    def holds_on(self, day) -> bool:
        return self.ended_at is None and self.until >= day

    @property
    def reason_label(self) -> str:
        from .grounds import hold_reason

        found = hold_reason(self.reason)
        return found.label if found else self.reason
