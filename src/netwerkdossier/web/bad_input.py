"""Refuse input the database or the code after it cannot take, before any view runs.

Answers with a Dutch page on the web and application/problem+json under /api/, and
never reads a body that is too large (413 from the Content-Length header, so a server
behind gunicorn answers instead of resetting the connection):

- a body over the limit: 413;
- an API write whose body is not JSON by its Content-Type: 415;
- an API body that is not UTF-8 JSON text is left to the API (400 as before);
- a NUL character or a lone surrogate in a query parameter or anywhere in a JSON body
  (PostgreSQL refuses NUL in text, no database stores a lone surrogate): 400 / 422 with
  the field named. Forms refuse NUL themselves (Django's CharField) with a Dutch message.
"""

import json
import re

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from netwerkdossier.api.problems import problem_response

API_PREFIX = "/api/"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})
FORBIDDEN = re.compile("[\x00\ud800-\udfff]")
MULTIPART_MARGIN = 1024 * 1024  # form fields and boundaries around an attachment


def _limit(request) -> int:
    if request.content_type == "multipart/form-data":
        return settings.ATTACHMENT_MAX_BYTES + MULTIPART_MARGIN
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _bad_strings(value, path: str):
    """Paths of strings (keys too) in parsed JSON that hold a forbidden character."""
    if isinstance(value, str):
        if FORBIDDEN.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if FORBIDDEN.search(str(key)):
                yield here
            yield from _bad_strings(item, here)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _bad_strings(item, f"{path}.{n}")


def _web_page(status: int, message: str) -> HttpResponse:
    max_mb = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return HttpResponse(render_to_string("web/bad_input.html", {
        "message": message, "max_mb": max_mb}), status=status)


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request):
        api = request.path.startswith(API_PREFIX)
        if _length(request) > _limit(request):
            detail = _("Het verzoek is te groot.")
            return problem_response(413, "Verzoek te groot", detail) if api \
                else _web_page(413, detail)
        names = [name for name, values in request.GET.lists()
                 if FORBIDDEN.search(name) or any(FORBIDDEN.search(v) for v in values)]
        if names:
            detail = _("Er staat een teken in het verzoek dat niet is toegestaan.")
            return problem_response(400, "Ongeldig verzoek", detail, invalid_params=[
                {"name": n, "reason": _("Dit teken is niet toegestaan.")} for n in names]) \
                if api else _web_page(400, detail)
        if api and request.method in WRITE_METHODS and _length(request):
            return self._api_body(request)
        return None

    def _api_body(self, request):
        if request.content_type != "application/json" \
                and not request.content_type.endswith("+json"):
            return problem_response(415, "Niet-ondersteund inhoudstype", _(
                "Stuur de inhoud als JSON, met Content-Type: application/json."))
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None  # the API answers 400 "geen geldige JSON"
        bad = list(_bad_strings(data, "body"))
        if bad:
            return problem_response(422, "Ongeldige invoer", _(
                "Er staat een teken in de invoer dat niet is toegestaan."),
                invalid_params=[{"name": path, "reason": _(
                    "Een NUL-teken of een ongeldig Unicode-teken is niet toegestaan.")}
                    for path in bad])
        return None
