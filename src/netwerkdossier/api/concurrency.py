"""Optimistic concurrency for the API: an ETag on every object, If-Match on its writes.

A reader sends back the ETag it got with `If-Match`; a write to an object that changed
in between answers 412 instead of overwriting or failing by chance, and a correction
without `If-Match` answers 428 (RFC 9110 §13.1.1, RFC 6585 §3).

Timeline entries change only by new versions, so their ETag names the chain and its
newest version the reader can see: any correction by anyone changes it. Every other
object's ETag is a hash of the JSON answer (`ContentEtagMiddleware`), which changes
whenever anything in it does.
"""

import hashlib

from django.utils.translation import gettext as _

from netwerkdossier.access.api import READ, visible
from netwerkdossier.dossier.models import Entry

from .errors import problem

API_PREFIX = "/api/"


def entry_etag(root_id, newest_version: int) -> str:
    return f'"{root_id}.{newest_version}"'


def current_entry_etag(ctx, entry) -> str:
    """The ETag of `entry` as the reader would get it now."""
    root = entry.root_id or entry.pk
    newest = (visible(ctx, READ, Entry.objects.filter(root_id=root))
              .order_by("-version").values_list("version", flat=True).first())
    return entry_etag(root, newest or entry.version)


def precondition_failed(request, current: str, *, required: bool):
    """None when the write may go ahead; otherwise the 428 or 412 problem."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if not required:
            return None
        return problem(428, _("Stuur de ETag van de versie die u hebt gelezen mee in de "
                              "kop If-Match, zodat een wijziging van een ander niet "
                              "ongemerkt wordt overschreven."), keep=True)
    # If-Match compares strongly: a weak tag (W/"...") never matches.
    offered = [tag.strip() for tag in header.split(",")]
    if "*" in offered or current in offered:
        return None
    return stale(current)


def stale(current: str):
    response = problem(412, _("Iemand anders heeft dit intussen gewijzigd. Lees de "
                              "nieuwste versie en probeer het opnieuw."), keep=True)
    response["ETag"] = current
    return response


class ContentEtagMiddleware:
    """Gives every successful API read without an ETag of its own a strong ETag: a hash
    of the answer's bytes. (Django's ConditionalGetMiddleware skips answers marked
    no-store, which every answer with personal data is.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and request.path.startswith(API_PREFIX) and \
                response.status_code == 200 and not response.has_header("ETag") and \
                not getattr(response, "streaming", False):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
        return response
