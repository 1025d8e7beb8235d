"""A user's notifications (meldingen), newest first; viewing them marks them read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

PER_PAGE = 50


@require_GET
@login_required
def notifications(request):
    page = Paginator(request.user.notifications.order_by("-created_at", "-id"),
                     PER_PAGE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    unread = [n.pk for n in shown if n.read_at is None]
    if unread:
        request.user.notifications.filter(pk__in=unread).update(read_at=timezone.now())
    for n in shown:
        n.is_new = n.pk in unread
    return render(request, "web/notifications.html", {
        "page": page, "notifications": shown, "nav": "notifications"})
