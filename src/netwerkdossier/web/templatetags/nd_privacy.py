"""Template helpers for notifications and emergency access (noodtoegang)."""

import re

from django import template
from django.urls import reverse

register = template.Library()

HOUSEHOLD_PATH = re.compile(
    r"^/huishoudens/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
    r"[0-9a-fA-F]{12})/?$")


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """Unread notifications of the user: one COUNT on the (recipient, read_at) index."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = user.notifications.filter(read_at__isnull=True).count()
    return request._unread_notifications


@register.simple_tag(takes_context=True)
def break_glass_link(context) -> str:
    """On the 404 page of /huishoudens/<uuid>: the emergency-access URL for a professional
    who could use it. Shown for every such path, existing or not, so it confirms nothing."""
    from netwerkdossier.access.break_glass import may_start

    request = context.get("request")
    ctx = context.get("access_ctx")
    if request is None or ctx is None:
        return ""
    match = HOUSEHOLD_PATH.match(request.path)
    if not match or not may_start(ctx):
        return ""
    return reverse("web:break_glass_start", args=[match.group(1)])


@register.simple_tag(takes_context=True)
def break_glass_until(context, household):
    """When the running emergency access of the current user to `household` ends."""
    from netwerkdossier.access.break_glass import active_break_glass

    request = context.get("request")
    glass = active_break_glass(request.user, household.pk) if request else None
    return glass.expires_at if glass else None
