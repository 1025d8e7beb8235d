"""The family member's view of their household: read through the access module only."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from netwerkdossier.access.api import READ, decide, visible
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.cases.team import current as current_team
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, Person

from .auth import portal_context
from .services import represented_persons

# The phase in plain words (B1), for the family.
PHASE_WORDS = {
    Phase.MELDING: _("Er is een melding of hulpvraag binnengekomen. Het team kijkt wat er "
                     "nodig is."),
    Phase.VEILIGHEIDSBEOORDELING: _("Het team onderzoekt samen met u hoe veilig het thuis "
                                    "is."),
    Phase.ROUTEBEPALING: _("Het team bespreekt met u welke hulp het beste past en wie die "
                           "hulp geeft."),
    Phase.DIRECTE_VEILIGHEID: _("Fase 1: eerst moet het nu veilig zijn, voor iedereen in "
                                "het gezin. Daarvoor zijn er afspraken in het "
                                "veiligheidsplan."),
    Phase.DUURZAME_VEILIGHEID: _("Fase 2: het is nu veiliger. Nu werkt u aan de oorzaken, "
                                 "zodat het veilig blijft."),
    Phase.HERSTEL: _("Fase 3: herstel. Er is aandacht voor wat er is gebeurd, en voor hoe "
                     "het met iedereen gaat."),
    Phase.AFGESLOTEN: _("De hulp is afgesloten."),
}

TEAM_ROLE_WORDS = {
    TeamAssignment.Role.CASUSREGISSEUR: _("Uw vaste contactpersoon (regie)"),
    TeamAssignment.Role.VAST_GEZICHT: _("Uw vaste contactpersoon"),
    TeamAssignment.Role.VAST_DUO: _("Werkt samen met uw vaste contactpersoon (vast duo)"),
    TeamAssignment.Role.CONSULTANT: _("Denkt mee met het team (consulent)"),
}


@dataclass
class FamilyScope:
    ctx: object
    person: Person
    household: Household | None
    decision: object
    represented: list

    @property
    def represented_ids(self) -> list:
        return [p.pk for p in self.represented]

    @property
    def rule(self) -> str:
        """The rule under which the member reads: their relation to the household, or
        their own data only when they are in no household the access module opens."""
        granted = self.decision is not None and self.decision.allowed
        return self.decision.rule if granted else "eigen_gegevens"


def family_scope(request) -> FamilyScope:
    return scope_for(portal_context(request))


def member_context(person):
    """The portal context of `person`, for a professional who answers their written
    request for access (web/views/access_request.py): their own login when they have
    one, otherwise an unsaved family account. Only for reading through visible() and
    decide(); nothing is ever logged or written under it."""
    from netwerkdossier.access.api import AccessContext
    from netwerkdossier.accounts.models import User

    from .auth import CHANNEL

    user = User.objects.filter(person=person, kind=User.Kind.GEZINSLID).first()
    if user is None:
        user = User(kind=User.Kind.GEZINSLID, person=person, username="",
                    first_name=person.given_names)
    return AccessContext(user=user, membership=None, channel=CHANNEL)


def scope_for(ctx, within=None) -> FamilyScope:
    """The member's scope: their oldest household they may read; `within`: only among
    these households (a professional's copy of the member's data names no household the
    professional may not read)."""
    person = ctx.user.person
    households = Household.objects.filter(members__person=person)
    if within is not None:
        households = households.filter(pk__in=within.values("pk"))
    household = (visible(ctx, READ, households).distinct().order_by("created_at").first())
    decision = decide(ctx, READ, household) if household else None
    if decision is not None and not decision.allowed:
        household = None
    return FamilyScope(ctx, person, household, decision, represented_persons(person))


def open_cases(household) -> list:
    team = (current_team()
            .select_related("user", "organisation").order_by("role", "user__last_name"))
    cases = list(Case.objects.filter(household=household, closed_on__isnull=True)
                 .select_related("lead_organisation")
                 .prefetch_related(Prefetch("team", queryset=team, to_attr="active_team"))
                 .order_by("opened_on"))
    for case in cases:
        case.phase_words = PHASE_WORDS.get(case.phase, "")
        for member in case.active_team:
            member.role_words = TEAM_ROLE_WORDS.get(member.role, member.get_role_display())
        case.helpers = helpers(case.active_team)
    return cases


def helpers(assignments) -> list:
    """One card per professional (someone can be casusregisseur and vast gezicht at
    once), with all their roles in plain words, in the order of the team roles."""
    people: dict = {}
    for a in assignments:
        card = people.setdefault(a.user_id, {"user": a.user, "organisation": a.organisation,
                                             "roles": []})
        if a.role_words not in card["roles"]:
            card["roles"].append(a.role_words)
    return list(people.values())


def visible_entries(scope: FamilyScope, **filters):
    """Current versions of the entries this family member may read (`filters` narrow
    them, e.g. kind=EntryKind.DECISION)."""
    return (visible(scope.ctx, READ, Entry.objects.filter(household=scope.household,
                                                          is_current=True, **filters))
            .select_related("owner_organisation")
            .prefetch_related(Prefetch("subjects", queryset=Person.objects.order_by(
                "birth_date")))
            .order_by("-occurred_at"))
