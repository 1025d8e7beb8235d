import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: a professional, or (later) a family member."""

    class Kind(models.TextChoices):
        PROFESSIONAL = "professional", _("Professional")
        GEZINSLID = "gezinslid", _("Gezinslid")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PROFESSIONAL)
    # Set for family members: the person in the dossier this login belongs to.
    person = models.OneToOneField(
        "households.Person", null=True, blank=True, on_delete=models.PROTECT,
        related_name="login",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_professional(self) -> bool:
        """Only professionals may use the professional web UI and the API; a family
        member's account opens the portal (/portaal/) and nothing else."""
        return self.kind == self.Kind.PROFESSIONAL


from .notifications import Notification  # noqa: E402,F401  (model registration)
from .passkeys import Passkey  # noqa: E402,F401  (model registration)
from .tokens import ApiToken  # noqa: E402,F401  (model registration)
