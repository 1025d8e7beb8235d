"""Case tables (casustafels, MDA++) through the API.

- GET  /case-table-bases                        the bases a table can be opened on
- POST /households/{household_id}/case-tables   open a table on an explicitly chosen basis

The body is read after the access decision, so an outsider always gets the logged 404
and never learns from a validation error that the household exists. What the service
refuses (no basis, a seat or an entry the basis does not allow, an entry of another
organisation) comes back as a 422 problem with a Dutch reason per field.
"""

from datetime import datetime
from uuid import UUID

from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access.api import UPDATE, fetch
from netwerkdossier.access.case_table_service import create_session
from netwerkdossier.households.models import Household

from .auth import access_context
from .bodies import body_doc, parse_body
from .schemas import Moment, Problem

router = Router()
ERRORS = {401: Problem, 404: Problem, 422: Problem}


class CaseTableBasisOut(Schema):
    key: str
    name: str
    agreement: str
    purpose: str
    legal_basis: str
    seat_kinds: list[str]
    allows_health: bool
    allows_criminal: bool
    requires_consent: bool
    source: str
    status: str


class CaseTableIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=200)
    basis: str = Field("", description="Verplicht: de sleutel van de gekozen grondslag "
                                       "(GET /case-table-bases). Er is geen standaardwaarde.")
    starts_at: Moment
    ends_at: Moment
    participants: list[str] = Field(default_factory=list,
                                    description="Gebruikersnamen van de deelnemers.")
    entries: list[UUID] = Field(default_factory=list,
                                description="Aantekeningen van uw eigen organisatie voor "
                                            "het minimale beeld.")


class CaseTableOut(Schema):
    id: UUID
    household: UUID
    title: str
    basis: str
    agreement: str
    purpose: str
    legal_basis: str
    seat_kinds: list[str]
    allows_health: bool
    allows_criminal: bool
    starts_at: datetime
    ends_at: datetime
    participants: list[str]
    entries: list[UUID]


@router.get("/case-table-bases", response={200: list[CaseTableBasisOut], 401: Problem},
            url_name="case_table_bases",
            summary="Grondslagen waarop een casustafel kan worden gehouden",
            description="Per grondslag: de samenwerkingsafspraak, het doel, de wettelijke "
                        "grondslag, welke soorten organisaties aan tafel mogen en of "
                        "gezondheids- of strafrechtelijke gegevens gedeeld mogen worden "
                        "(synthetische projectdata, niet juridisch bevestigd).")
def list_bases(request):
    return [{**b.__dict__, "seat_kinds": list(b.seat_kinds)} for b in bases.all_bases()]


@router.post("/households/{uuid:household_id}/case-tables",
             response={201: CaseTableOut, 400: Problem, **ERRORS},
             url_name="case_table_create", summary="Een casustafel plannen",
             description="Kies de grondslag uitdrukkelijk (`basis`). Alleen aantekeningen "
                         "van uw eigen organisatie kunnen gedeeld worden; gezondheids- en "
                         "strafrechtelijke gegevens alleen als de grondslag ze noemt; "
                         "deelnemers alleen van organisaties die de grondslag noemt.",
             openapi_extra=body_doc(CaseTableIn))
def create_case_table(request, household_id: UUID):
    ctx = access_context(request)
    household, decision = fetch(ctx, Household.objects.all(), household_id, action=UPDATE,
                                event_code="api.casetable.create", object_type="household")
    payload = parse_body(request, CaseTableIn)
    session = create_session(ctx, household, title=payload.title, basis=payload.basis,
                             starts_at=payload.starts_at, ends_at=payload.ends_at,
                             usernames=payload.participants,
                             entry_ids=[str(e) for e in payload.entries], rule=decision.rule)
    return Status(201, {
        "id": session.pk, "household": household.pk, "title": session.title,
        "basis": session.basis, "agreement": session.agreement.key,
        "purpose": session.purpose, "legal_basis": session.legal_basis,
        "seat_kinds": session.seat_kinds, "allows_health": session.allows_health,
        "allows_criminal": session.allows_criminal, "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "participants": sorted(p.user.username for p in session.participants.all()),
        "entries": [i.entry_id for i in session.items.all()]})
