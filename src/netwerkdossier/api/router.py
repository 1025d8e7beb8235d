"""The API under /api/v1/: one NinjaAPI with a router per resource.

Every error is application/problem+json (see errors.py); every read of personal data
goes through netwerkdossier.access (see the resource modules).
"""

from functools import wraps

from django.http import Http404
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI

from netwerkdossier.analysis.api import router as analysis_router
from netwerkdossier.collaboration.api import router as collaboration_router
from netwerkdossier.safety.api import router as safety_router

from . import (
    address_shields,
    case_tables,
    cases,
    consents,
    decisions,
    entries,
    errors,
    households,
    measures,
    persons,
    registration,
    search,
)
from .auth import BearerToken
from .openapi import honest

DESCRIPTION = """
JSON-API van het Netwerkdossier, volgens de API Design Rules (NL GOV).

* Aanmelden: `Authorization: Bearer <token>`; een token maakt de beheerder met
  `netwerkdossier createtoken GEBRUIKERSNAAM`.
* Doel van uw werk: header `X-Purpose`, bijvoorbeeld `advies_rechter`. Verplicht als
  uw organisatie volgens de samenwerkingsafspraken voor meer dan één doel werkt; met één
  mogelijk doel geldt dat doel. Een ontbrekend, onbekend of niet toegestaan doel geeft
  400 met de mogelijke doelen. Het doel komt bij elke inzage in het toegangslog.
* Fouten: `application/problem+json` met Nederlandse `title` en `detail`;
  bij ongeldige invoer een lijst `invalid_params` met `name` en `reason`.
* Lijsten: `page` en `page_size` (hoogstens 100); antwoord met `count`, `next`,
  `previous` en `results`.
* Wat u niet mag zien, bestaat voor de API niet (404); elke inzage en elke weigering
  komt in het toegangslog.
* Bijlagen kunnen nog niet via de API worden toegevoegd; aantekeningen tonen alleen
  de gegevens van hun bijlagen (naam, soort, grootte).
"""


class ProblemNinjaAPI(NinjaAPI):
    """NinjaAPI whose 404 and 405 answers are problem+json too, also with DEBUG on, and
    whose OpenAPI document says so (openapi.py)."""

    def get_openapi_schema(self, *args, **kwargs):
        return honest(super().get_openapi_schema(*args, **kwargs))

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            pattern.callback = _with_problems(pattern.callback)
        # Unknown paths under /api/v1/ (also "/households/" with a trailing slash).
        patterns.append(re_path(r"^.*$", _unknown_route, name="unknown"))
        return patterns


@csrf_exempt  # an unknown path answers 404, whatever the method
def _unknown_route(request, *args, **kwargs):
    return errors.not_found()


def _with_problems(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # e.g. ninja's root view at /api/v1/
            return errors.not_found()
        if response.status_code == 405 and \
                not response.get("Content-Type", "").startswith("application/problem+json"):
            return errors.problem_for_405(response)
        return response

    return wrapper


api = ProblemNinjaAPI(
    title="Netwerkdossier API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    # ninja's Swagger page would load its scripts from a CDN unless "ninja" is in
    # INSTALLED_APPS; no third-party requests from a dossier system, so no page for now.
    docs_url=None,
    auth=BearerToken(),
)
errors.install(api)
api.add_router("/households", households.router, tags=["households"])
api.add_router("/persons", persons.router, tags=["persons"])
api.add_router("/persons", consents.router, tags=["consents"])
api.add_router("/cases", cases.router, tags=["cases"])
api.add_router("/entries", entries.router, tags=["entries"])
api.add_router("/search", search.router, tags=["search"])
api.add_router("", case_tables.router, tags=["case-tables"])
api.add_router("", safety_router, tags=["safety"])
api.add_router("", analysis_router, tags=["analysis"])
api.add_router("", collaboration_router, tags=["collaboration"])
api.add_router("", address_shields.router, tags=["address-shields"])
api.add_router("", registration.router, tags=["registration"])
api.add_router("", measures.router, tags=["measures"])
api.add_router("", decisions.router, tags=["decisions"])
