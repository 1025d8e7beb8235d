"""The bases a case table can be opened on ([[case_table]] in rules/case_tables.toml):
per basis the sharing agreement, purpose, legal basis, the organisation kinds that may
hold a seat, and whether health or criminal data may be put on the table."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.organisations.models import Organisation

from .context import PURPOSES


@dataclass(frozen=True)
class TableBasis:
    key: str
    name: str
    agreement: str  # SharingAgreement.key
    purpose: str
    legal_basis: str
    seat_kinds: tuple[str, ...]
    allows_health: bool
    allows_criminal: bool
    requires_consent: bool
    source: str
    status: str


def all_bases() -> list[TableBasis]:
    return [TableBasis(
        key=b["key"], name=b["name"], agreement=b["agreement"], purpose=b["purpose"],
        legal_basis=b["legal_basis"], seat_kinds=tuple(b["seat_kinds"]),
        allows_health=bool(b.get("allows_health", False)),
        allows_criminal=bool(b.get("allows_criminal", False)),
        requires_consent=bool(b.get("requires_consent", False)),
        source=b["source"], status=b["status"])
        for b in rules.load("case_tables").get("case_table", [])]


def get(key: str) -> TableBasis | None:
    return next((b for b in all_bases() if b.key == key), None)


def agreement_for(basis: TableBasis, household):
    """The version of the basis's agreement that holds today in the household's region,
    or None (then the basis cannot be chosen for this household)."""
    from .models import SharingAgreement

    today = timezone.localdate()
    return (SharingAgreement.objects
            .filter(key=basis.agreement, valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
            .filter(Q(region__isnull=True) | Q(region_id=household.region_id))
            .order_by("-version").first())


def available(household) -> list[TableBasis]:
    return [b for b in all_bases() if agreement_for(b, household) is not None]


def kind_names(kinds) -> str:
    labels = dict(Organisation.Kind.choices)
    return ", ".join(str(labels.get(k, k)) for k in kinds)


def legal_basis_label(key: str) -> str:
    return dict(rules.choices(rules.legal_bases())).get(key, key)


def summary(basis: TableBasis) -> str:
    """One Dutch sentence for the choice on the form and the session list."""
    special = []
    if basis.allows_health:
        special.append(_("gezondheidsgegevens (met toestemming)") if basis.requires_consent
                       else _("gezondheidsgegevens"))
    if basis.allows_criminal:
        special.append(_("strafrechtelijke gegevens"))
    return _("%(name)s. Doel: %(purpose)s. Grondslag: %(basis)s. Aan tafel: %(kinds)s. "
             "Bijzondere gegevens: %(special)s.") % {
        "name": basis.name, "purpose": PURPOSES.get(basis.purpose, basis.purpose),
        "basis": legal_basis_label(basis.legal_basis), "kinds": kind_names(basis.seat_kinds),
        "special": ", ".join(str(s) for s in special) if special else _("geen")}


def session_fields(basis: TableBasis, household) -> dict:
    """The CaseTableSession fields that record a table opened on `basis` (the service
    uses this; so do the demo and tests that create a session directly)."""
    return {"basis": basis.key, "agreement": agreement_for(basis, household),
            "purpose": basis.purpose, "legal_basis": basis.legal_basis,
            "seat_kinds": list(basis.seat_kinds), "allows_health": basis.allows_health,
            "allows_criminal": basis.allows_criminal}
