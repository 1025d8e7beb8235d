"""The access rules, each written once as SQL (Q) and once as a Python test on facts.

`policy.visible()` combines the Q forms; `policy.decide()` runs the same rules one by
one on facts loaded for a single object. The property test in tests/access checks
that both forms agree.
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.dossier.models import Confidentiality
from netwerkdossier.organisations.models import Membership

# Roles that may read dossier content at all. The privacy officer and the functional
# administrator work on logs and configuration, not on families.
CONTENT_ROLES = frozenset({Membership.Role.PROFESSIONAL, Membership.Role.TEAMMANAGER})


def active_on(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})
    )


# --- household rules: (rule id, SQL form, Python form, Dutch reason) -----------------

def team_sql(ctx, household_ref: str):
    return Exists(
        TeamAssignment.objects.filter(active_on(), case__household_id=OuterRef(household_ref),
                                      user_id=ctx.user.pk)
    )


def team_fact(ctx, household_id) -> bool:
    return TeamAssignment.objects.filter(active_on(), case__household_id=household_id,
                                         user_id=ctx.user.pk).exists()


def lead_sql(ctx, household_ref: str):
    return Exists(
        Case.objects.filter(household_id=OuterRef(household_ref), closed_on__isnull=True,
                            lead_organisation_id=ctx.organisation_id)
    )


def lead_fact(ctx, household_id) -> bool:
    return Case.objects.filter(household_id=household_id, closed_on__isnull=True,
                               lead_organisation_id=ctx.organisation_id).exists()


def household_reasons():
    return {
        "team": _("U zit in het team van een traject bij dit huishouden."),
        "owner_organisation": _("Uw organisatie heeft dit huishouden geregistreerd."),
        "lead_organisation": _("Uw organisatie voert de regie over een lopend traject "
                               "bij dit huishouden."),
        "no_content_role": _("Uw rol geeft geen toegang tot dossiers van gezinnen."),
        "not_related": _("U zit niet in het team en uw organisatie is niet betrokken "
                         "bij dit huishouden."),
        "not_found": _("Dit bestaat niet of u mag het niet zien."),
    }


# --- entry confidentiality gate ------------------------------------------------------

def confidentiality_sql(ctx) -> Q:
    network = Q(confidentiality=Confidentiality.NETWERK)
    organisation = Q(confidentiality=Confidentiality.ORGANISATIE,
                     owner_organisation_id=ctx.organisation_id)
    secrecy = Q(confidentiality=Confidentiality.BEROEPSGEHEIM) & (
        Q(author_id=ctx.user.pk)
        | Q(owner_organisation_id=ctx.organisation_id, author_discipline=ctx.discipline)
    )
    return network | organisation | secrecy


def confidentiality_fact(ctx, entry) -> str | None:
    """The rule id that lets ctx read this entry's content, or None."""
    level = entry.confidentiality
    if level == Confidentiality.NETWERK:
        return "netwerk"
    same_org = entry.owner_organisation_id == ctx.organisation_id
    if level == Confidentiality.ORGANISATIE and same_org:
        return "organisatie"
    if level == Confidentiality.BEROEPSGEHEIM and (
        entry.author_id == ctx.user.pk or (same_org and entry.author_discipline == ctx.discipline)
    ):
        return "beroepsgeheim"
    return None


def entry_reasons():
    return {
        "netwerk": _("Deze aantekening is gedeeld met het netwerk rond het gezin."),
        "organisatie": _("Deze aantekening is alleen voor uw organisatie, en u werkt daar."),
        "beroepsgeheim": _("Deze aantekening valt onder beroepsgeheim; u bent de auteur of "
                           "u hebt dezelfde discipline binnen dezelfde organisatie."),
        "confidential": _("Deze aantekening is vertrouwelijk voor een andere organisatie "
                          "of discipline."),
        "not_owner": _("Alleen de organisatie die dit schreef, kan het corrigeren."),
        "superseded": _("Dit is een oude versie; corrigeer de nieuwste versie."),
    }
