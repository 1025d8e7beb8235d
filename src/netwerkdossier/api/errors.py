"""Every API error as application/problem+json (RFC 9457) with a Dutch title and detail.

Error responses roll back the request's transaction (ATOMIC_REQUESTS), so a failed
request saves nothing. A refused access becomes a 404 whose refusal the
AccessRefusedMiddleware writes to the access log after that rollback.
"""

import logging

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from netwerkdossier.access.api import AccessRefused
from netwerkdossier.access.purposes import HEADER
from netwerkdossier.plausible_dates import out_of_range_message

from .auth import PurposeNotStated
from .problems import problem_response

logger = logging.getLogger(__name__)

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    412: "Intussen gewijzigd",
    415: "Niet-ondersteund inhoudstype",
    422: "Ongeldige invoer",
    428: "Versie ontbreekt",
    429: "Te veel verzoeken",
    500: "Interne fout",
}
NOT_FOUND_DETAIL = "Dit bestaat niet of u mag het niet zien."


def rollback() -> None:
    """Discard everything this request wrote (a no-op outside a transaction)."""
    if transaction.get_connection().in_atomic_block:
        transaction.set_rollback(True)


def problem(status: int, detail: str = "", *, keep: bool = False, **extra):
    """A problem response; rolls the request back unless `keep` (e.g. a logged refusal)."""
    if not keep:
        rollback()
    return problem_response(status, TITLES.get(status, "Fout"), detail, **extra)


def not_found():
    return problem(404, NOT_FOUND_DETAIL)


# --- validation messages -------------------------------------------------------------

def _pydantic_reason(error: dict) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "Dit veld is verplicht."
    if kind == "value_error" and str(ctx.get("error")) == out_of_range_message():
        return out_of_range_message()
    if kind.startswith("uuid"):
        return "Vul een geldige id (UUID) in."
    if kind.startswith("datetime") or kind == "timezone_aware":
        return ("Vul een geldige datum en tijd in (ISO 8601, bijvoorbeeld "
                "2024-05-01T10:00:00+02:00).")
    if kind.startswith("date"):
        return "Vul een geldige datum in (JJJJ-MM-DD)."
    if kind.startswith("int"):
        return "Vul een geheel getal in."
    if kind.startswith("bool"):
        return "Vul true of false in."
    if kind == "greater_than_equal":
        return f"Vul een waarde van minstens {ctx.get('ge')} in."
    if kind == "less_than_equal":
        return f"Vul een waarde van hoogstens {ctx.get('le')} in."
    if kind == "string_too_long":
        return f"De tekst is te lang (hoogstens {ctx.get('max_length')} tekens)."
    if kind == "string_too_short":
        return f"De tekst is te kort (minstens {ctx.get('min_length')} tekens)."
    if kind == "string_type":
        return "Vul tekst in."
    if kind in {"literal_error", "enum"}:
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"Kies een van: {expected}."
    if kind == "extra_forbidden":
        return "Dit veld bestaat niet."
    if kind in {"list_type", "tuple_type"}:
        return "Vul een lijst in."
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return "Vul een object in."
    if kind == "json_invalid":
        return "Dit is geen geldige JSON."
    return "Deze waarde is ongeldig."


def _loc_name(loc) -> str:
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        source = parts.pop(0)
        # A body schema parameter adds its own name; clients never see it.
        if source == "body" and len(parts) > 1 and parts[0] == "payload":
            parts.pop(0)
    return ".".join(str(p) for p in parts)


def invalid_params_from_ninja(errors: list[dict]) -> list[dict]:
    return [{"name": _loc_name(e.get("loc", ())), "reason": _pydantic_reason(e)}
            for e in errors]


def invalid_params_from_django(exc: DjangoValidationError) -> tuple[list[dict], list[str]]:
    """(invalid_params per field, general messages)."""
    if not hasattr(exc, "error_dict"):
        return [], list(exc.messages)
    params, general = [], []
    for name, messages in exc.message_dict.items():
        if name == NON_FIELD_ERRORS:
            general.extend(messages)
        else:
            params.extend({"name": name, "reason": str(m)} for m in messages)
    return params, general


def validation_problem(params: list[dict], general: list[str] = ()):
    detail = " ".join(general) or "Controleer de gemarkeerde velden."
    return problem(422, detail, invalid_params=params)


# --- handlers ------------------------------------------------------------------------

def install(api) -> None:
    @api.exception_handler(AccessRefused)
    def access_refused(request, exc: AccessRefused):
        response = not_found()
        # AccessRefusedMiddleware logs this after the view's transaction has rolled back.
        response.access_refused = exc
        return response

    @api.exception_handler(PurposeNotStated)
    def purpose_not_stated(request, exc: PurposeNotStated):
        detail = exc.problem.detail()
        return problem(400, detail, invalid_params=[{"name": HEADER, "reason": detail}],
                       purposes=list(exc.problem.possible))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        has_header = bool(request.headers.get("Authorization"))
        response = problem(
            401, "Het token is ongeldig of ingetrokken." if has_header
            else "Stuur een token mee in de header 'Authorization: Bearer <token>'.")
        response["WWW-Authenticate"] = ('Bearer realm="netwerkdossier", error="invalid_token"'
                                        if has_header else 'Bearer realm="netwerkdossier"')
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 400 and str(exc).startswith("Cannot parse"):
            return problem(400, "De inhoud van het verzoek is geen geldige JSON.")
        if exc.status_code == 429:
            return problem(429, "Probeer het later opnieuw.")
        return problem(exc.status_code, "")

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc: NinjaValidationError):
        return validation_problem(invalid_params_from_ninja(exc.errors))

    @api.exception_handler(DjangoValidationError)
    def service_invalid(request, exc: DjangoValidationError):
        return validation_problem(*invalid_params_from_django(exc))

    @api.exception_handler(Http404)
    def http404(request, exc):
        return not_found()

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return problem(403, str(exc) or "U mag dit niet doen.")

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        logger.exception("Onverwachte fout in %s %s", request.method, request.path)
        return problem(500, "Er ging iets mis. Er is niets opgeslagen.")


def problem_for_405(response):
    """Turn ninja's plain-text 405 into a problem, keeping the Allow header."""
    allowed = response.get("Allow", "")
    new = problem(405, f"Deze methode kan hier niet. Toegestaan: {allowed}.")
    new["Allow"] = allowed
    return new
