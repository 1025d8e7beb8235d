"""End a signed-in session after a while without activity and after a working day.

Professionals and family members alike: a dossier left open on a shared computer must
not stay readable. IDLE: no request for SESSION_IDLE_MINUTES (30); ABSOLUTE:
SESSION_ABSOLUTE_HOURS (10) after sign-in, however active. The session is then flushed
(both the professional and the portal sign-in) and the browser is sent to the login
page it came from with `?verlopen=1`, which says why in Dutch. The API uses tokens,
not sessions, and is not touched.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse

from netwerkdossier.portal.auth import SESSION_USER

STARTED, SEEN = "_signed_in_at", "_seen_at"
TOUCH_EVERY = 60  # seconds: write the session at most once a minute for activity


@receiver(user_logged_in)
def _start_the_clock(sender, request, user, **kwargs):
    """Sign-in starts both clocks, so the first page after it writes no session."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED] = request.session[SEEN] = now


def _signed_in(session) -> bool:
    return "_auth_user_id" in session or SESSION_USER in session


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is None or request.path.startswith("/api/") or not _signed_in(session):
            return self.get_response(request)
        now = time.time()
        started, seen = session.setdefault(STARTED, now), session.get(SEEN, now)
        if now - seen > settings.SESSION_IDLE_MINUTES * 60 \
                or now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
            portal = SESSION_USER in session or request.path.startswith("/portaal/")
            session.flush()
            target = reverse("portal:login" if portal else "web:login") + "?verlopen=1"
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=200)
                response["HX-Redirect"] = target
                return response
            return HttpResponseRedirect(target)
        if now - seen > TOUCH_EVERY or SEEN not in session:
            session[SEEN] = now
        return self.get_response(request)
