from django.db.models import Q
from django.utils import timezone


def active_on(prefix: str = "") -> Q:
    """A period (valid_from, valid_to) that includes today."""
    today = timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})
    )
