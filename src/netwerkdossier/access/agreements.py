"""Load sharing agreements from rules/sharing_agreements.toml into SharingRule rows."""

from itertools import product

from django.db import transaction

from netwerkdossier import rules
from netwerkdossier.organisations.models import Region

from .entry_rules import forget_sharing_rules
from .models import SharingAgreement, SharingRule

BOOLEAN_FLAGS = ("requires_consent", "allows_health", "allows_criminal",
                 "allows_third_party")


def expand(rule: dict) -> list[dict]:
    defaults = {"allows_third_party": True}
    flags = {f: bool(rule.get(f, defaults.get(f, False))) for f in BOOLEAN_FLAGS}
    return [
        {"rule_key": rule["key"], "owner_kind": owner, "viewer_kind": viewer,
         "entry_kind": kind, "purpose": purpose, "legal_basis": rule["legal_basis"],
         "phases": list(rule.get("phases", [])), **flags}
        for owner, viewer, kind, purpose in product(
            rule["owners"], rule["viewers"], rule["entry_kinds"], rule["purposes"])
    ]


@transaction.atomic
def load_agreements(data: dict | None = None) -> int:
    """Create agreements (key, version) not loaded yet; an existing version is never changed."""
    data = data or rules.load("sharing_agreements")
    created = 0
    for item in data.get("agreement", []):
        if SharingAgreement.objects.filter(key=item["key"], version=item["version"]).exists():
            continue
        region = Region.objects.filter(code=item.get("region")).first() \
            if item.get("region") else None
        agreement = SharingAgreement.objects.create(
            key=item["key"], version=item["version"], name=item["name"], region=region,
            source=item["source"], valid_from=item["valid_from"],
            valid_to=item.get("valid_to"),
        )
        # A newer version ends the previous one.
        SharingAgreement.objects.filter(key=item["key"], version__lt=item["version"],
                                        valid_to__isnull=True).update(
            valid_to=item["valid_from"])
        SharingRule.objects.bulk_create(
            [SharingRule(agreement=agreement, **row) for r in item.get("rule", [])
             for row in expand(r)])
        created += 1
    # bulk_create and update() send no signals: clear the rules cache now and again
    # once committed (a request in between may have cached the old rows).
    forget_sharing_rules()
    transaction.on_commit(forget_sharing_rules)
    return created


def rule_explanations() -> dict[str, str]:
    """rule key -> Dutch 'why' sentence, for "Waarom zie ik dit?"."""
    return {r["key"]: r["why"] for a in rules.load("sharing_agreements").get("agreement", [])
            for r in a.get("rule", [])}
