"""Turns AccessRefused into a 404 and logs the refusal after the view's transaction."""

from django.db import transaction
from django.http import HttpResponseNotFound
from django.template.loader import render_to_string

from netwerkdossier.audit.log import LogEvent, append

from .decision import AccessRefused


def log_refusal(exc: AccessRefused) -> None:
    # The view's own transaction was rolled back; the refusal commits on its own.
    with transaction.atomic():
        append(exc.ctx, [LogEvent(
            event_code=exc.event_code, action=exc.action, result="refused",
            object_type=exc.object_type, object_ids=[exc.object_id], rule=exc.decision.rule,
            break_glass=exc.break_glass,
        )])


class AccessRefusedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        refused = getattr(response, "access_refused", None)
        if refused is not None:  # set by the API's exception handler
            log_refusal(refused)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, AccessRefused):
            log_refusal(exception)
            # Family members get the portal's own page (no professional links on it).
            template = "portal/404.html" if request.path.startswith("/portaal/") \
                else "web/404.html"
            return HttpResponseNotFound(render_to_string(template, request=request))
        return None
