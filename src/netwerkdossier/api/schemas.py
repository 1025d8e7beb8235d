"""Request and response bodies. English snake_case field names; Dutch legal terms kept."""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, field_validator

from netwerkdossier.plausible_dates import plausible

from .pagination import PageParams

# --- shared --------------------------------------------------------------------------


class InvalidParam(Schema):
    name: str
    reason: str


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    invalid_params: list[InvalidParam] | None = None


class Page(Schema):
    count: int
    next: str | None
    previous: str | None


class OrganisationRef(Schema):
    id: UUID
    name: str


class PersonRef(Schema):
    id: UUID
    name: str


class Professional(Schema):
    username: str
    name: str


# Dates and moments of input schemas that do not derive from Input: 1900-2100.
Day = Annotated[date, AfterValidator(plausible)]
Moment = Annotated[datetime, AfterValidator(plausible)]


class Input(Schema):
    """Request bodies refuse unknown fields, so a typo is not silently ignored, and
    dates outside 1900-2100 (plausible_dates.py)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*")
    @classmethod
    def _plausible_dates(cls, value):
        return plausible(value) if isinstance(value, date) else value


# --- persons -------------------------------------------------------------------------


class PersonSummary(Schema):
    id: UUID
    name: str
    given_names: str
    tussenvoegsel: str
    family_name: str
    birth_date: date
    age: int


class PersonHousehold(Schema):
    household: UUID
    household_name: str
    relation: str
    lives_in: bool
    valid_from: date
    valid_to: date | None


class PersonDetail(PersonSummary):
    bsn: str | None
    households: list[PersonHousehold]


class PersonPage(Page):
    results: list[PersonSummary]


class PersonFilters(PageParams):
    q: str | None = Field(None, description="Naam of begin van namen, bijvoorbeeld 'noor jan'.")
    bsn: str | None = Field(None, description="Precies dit BSN.")
    birth_date: Annotated[date | None, AfterValidator(plausible)] = Field(
        None, description="Geboortedatum (JJJJ-MM-DD).")


# --- cases ---------------------------------------------------------------------------


class TeamMember(Schema):
    username: str
    name: str
    organisation: OrganisationRef
    role: str
    valid_from: date
    valid_to: date | None


class CaseOut(Schema):
    id: UUID
    household: UUID
    title: str
    phase: str
    phase_label: str
    lead_organisation: OrganisationRef
    opened_on: date
    closed_on: date | None
    next_deadline: date | None
    next_deadline_label: str
    team: list[TeamMember]


class CasePage(Page):
    results: list[CaseOut]


class CaseFilters(PageParams):
    household: UUID | None = Field(
        None, description="Alle zichtbare trajecten van dit huishouden; zonder dit filter "
                          "de trajecten in wier team u zit.")
    open: bool | None = Field(None, description="Alleen lopende (true) of afgesloten (false).")


# --- households ----------------------------------------------------------------------


class HouseholdName(Schema):
    id: UUID
    name: str


class HouseholdPlace(HouseholdName):
    municipality: str
    owner_organisation: OrganisationRef


# A household in a list or a search answer (decision 0018 for the nulls).
class HouseholdSummary(HouseholdName):
    municipality: str | None = Field(
        description="Leeg bij een afgeschermd adres; null voor een huishouden dat u alleen "
                    "via een lopende casustafel ziet.")
    owner_organisation: OrganisationRef | None = Field(
        description="Wie het huishouden registreerde; null voor een huishouden dat u alleen "
                    "via een lopende casustafel ziet.")


class Member(Schema):
    person: UUID
    name: str
    birth_date: date
    age: int
    relation: str
    lives_in: bool
    valid_from: date
    valid_to: date | None


class GezagRecord(Schema):
    holder: UUID
    holder_name: str
    kind: str
    valid_from: date
    valid_to: date | None
    current: bool
    source: str


class ChildGezag(Schema):
    child: UUID
    child_name: str
    gezag: list[GezagRecord]


class HouseholdDetail(HouseholdPlace):
    street: str
    postcode: str
    members: list[Member]
    gezag: list[ChildGezag]
    open_cases: list[CaseOut]


class MinimalMember(Schema):
    person: UUID
    name: str
    age: int
    relation: str
    current: bool = Field(description="Hoort nu bij het huishouden; een vroeger lid staat "
                                      "er alleen als een gedeelde aantekening over hem of "
                                      "haar gaat.")


class CaseTableRef(Schema):
    id: UUID
    title: str
    starts_at: datetime
    ends_at: datetime


# What a professional sees of a household through a case-table seat only (decision 0018).
class HouseholdMinimal(HouseholdName):
    picture: Literal["case_table"] = Field(
        description="Alleen het afgesproken minimale beeld van een lopende casustafel: geen "
                    "adres of gemeente, geboortedata, gezag, trajecten of registrerende "
                    "organisatie. De gedeelde aantekeningen staan onder /entries?household=.")
    case_table: CaseTableRef | None
    members: list[MinimalMember]


class HouseholdPage(Page):
    results: list[HouseholdSummary]


class HouseholdFilters(PageParams):
    q: str | None = Field(None, description="Begin van (een woord in) de naam van het huishouden.")


class MemberIn(Input):
    relation: str = Field(description="parent, caregiver, child, partner of other_adult.")
    person: UUID | None = Field(None, description="Een persoon die al in het dossier staat; "
                                                  "de naamvelden blijven dan leeg.")
    given_names: str = ""
    tussenvoegsel: str = ""
    family_name: str = ""
    birth_date: date | None = None
    bsn: str | None = None
    phone: str = ""
    email: str = ""
    lives_in: bool = True
    gezag_holders: list[int] = Field(
        default_factory=list,
        description="Voor kinderen: de posities (vanaf 0) in `members` van de volwassenen "
                    "met gezag.")


class HouseholdIn(Input):
    name: str
    municipality: str
    street: str = ""
    postcode: str = ""
    since: date | None = Field(None, description="Samenstelling geldig vanaf (standaard vandaag).")
    members: list[MemberIn]


# --- entries -------------------------------------------------------------------------

ConfidentialityKey = Literal["netwerk", "organisatie", "beroepsgeheim"]
SecrecyRelease = Literal["", "toestemming", "conflict_van_plichten"]


class ReporterIn(Input):
    name: str = Field(max_length=200, description="Naam van de melder.")
    contact: str = Field("", max_length=200)
    relation: str = Field("", max_length=200, description="Relatie tot het gezin.")
    is_professional: bool = False


class ReporterShown(Schema):
    redacted: Literal[False]
    name: str
    contact: str
    relation: str
    is_professional: bool


class ReporterRedacted(Schema):
    redacted: Literal[True]


class Attachment(Schema):
    id: UUID
    original_name: str
    content_type: str
    size: int


class EntryOut(Schema):
    id: UUID
    household: UUID
    case: UUID | None
    kind: str
    kind_label: str
    text: str
    occurred_at: datetime
    recorded_at: datetime
    author: Professional
    author_discipline: str
    organisation: OrganisationRef
    confidentiality: str
    legal_basis: str
    subjects: list[PersonRef]
    version: int
    root: UUID
    replaces: UUID | None
    correction_reason: str
    is_current: bool
    health_data: bool = Field(description="Gezondheidsgegevens / GGZ (art. 9 AVG).")
    criminal_data: bool = Field(description="Strafrechtelijke gegevens (art. 10 AVG).")
    third_party_data: bool = Field(description="Informatie over derden (art. 7.3.10 Jeugdwet).")
    confidential_for_member: UUID | None = Field(
        description="Vertrouwelijk voor dit gezinslid: andere gezinsleden lezen het niet.")
    secrecy_release: SecrecyRelease = Field(
        description="Hoe het beroepsgeheim is doorbroken, of leeg.")
    attachments: list[Attachment]


class EntryVersion(Schema):
    id: UUID
    version: int
    is_current: bool
    text: str
    recorded_at: datetime
    author: Professional
    correction_reason: str


class EntryDetail(EntryOut):
    versions: list[EntryVersion]
    reporter: ReporterShown | ReporterRedacted | None = Field(
        None, description="De melder: alleen voor de organisatie die de melding ontving; "
                          "anders {\"redacted\": true}. Leeg als er geen melder is.")


class EntryPage(Page):
    results: list[EntryOut]


class EntryFilters(PageParams):
    household: UUID | None = Field(None, description="Verplicht: de tijdlijn van dit huishouden.")
    subject: UUID | None = Field(None, description="Alleen aantekeningen over deze persoon.")
    kind: str | None = Field(None, description="Alleen deze soort, bijvoorbeeld 'conversation'.")
    organisation: UUID | None = Field(None, description="Alleen van deze organisatie.")


class EntryIn(Input):
    household: UUID
    case: UUID | None = None
    kind: str
    text: str
    occurred_at: datetime
    subjects: list[UUID]
    confidentiality: ConfidentialityKey  # who may read it: never chosen in advance
    legal_basis: str
    health_data: bool = False
    criminal_data: bool = False
    third_party_data: bool = False
    confidential_for_member: UUID | None = Field(
        None, description="Een lid van dit huishouden; andere gezinsleden lezen het dan niet.")
    secrecy_release: SecrecyRelease = Field(
        "", description="Alleen bij beroepsgeheim: toestemming of conflict_van_plichten.")
    reporter: ReporterIn | None = Field(None, description="Alleen bij soort 'report'.")


class CorrectionIn(Input):
    text: str
    reason: str


# --- consents ------------------------------------------------------------------------

ConsentScope = Literal["delen_netwerk", "beroepsgeheim"]
ConsentDecision = Literal["given", "refused", "withdrawn"]


class ConsentOut(Schema):
    id: UUID
    scope: str
    decision: str
    given_by: PersonRef
    recorded_by: Professional | None
    recorded_at: datetime
    is_current: bool
    note: str


class ConsentScopeState(Schema):
    scope: str
    label: str
    effective: bool = Field(description="Geldt er nu toestemming volgens de leeftijdsregels?")
    current: list[ConsentOut]
    history: list[ConsentOut]


class ConsentOverview(Schema):
    person: UUID
    who_decides: str
    scopes: list[ConsentScopeState]


class ConsentIn(Input):
    scope: ConsentScope
    decision: ConsentDecision
    given_by: UUID = Field(description="De persoon zelf of een ouder/voogd met gezag.")
    note: str = Field("", max_length=2000)


# --- search --------------------------------------------------------------------------


class SearchParams(Schema):
    q: str = Field(min_length=1, description="Naam(delen), BSN of naam van het huishouden.")
    limit: int = Field(20, ge=1, le=50, description="Hoogstens zoveel personen en huishoudens.")


class SearchOut(Schema):
    persons: list[PersonSummary]
    persons_count: int
    households: list[HouseholdSummary]
    households_count: int
