"""The destruction process in the demo (issue 12): an old household of Wijkteam
Noorderveld whose help ended in 2004, so Priya (privacy officer) finds one dossier past
the Jeugdwet's twenty years on "Bewaartermijnen"; and Sanne's request to destroy a note
that Lotte proposed to grant, waiting for Priya on "Vernietigingsverzoeken". All names
and texts are invented."""

from datetime import date, datetime, time

from django.utils import timezone

from netwerkdossier.access import person_reach
from netwerkdossier.cases.models import Case, Phase
from netwerkdossier.dossier.models import Confidentiality, Entry, EntryKind
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.portal.models import CorrectionRequest
from netwerkdossier.portal.services import deadline_for

CLOSED = date(2004, 6, 30)


def build(cast) -> None:
    _old_household(cast)
    _pending_proposal(cast)


def _old_household(cast) -> None:
    lotte = cast.users["lotte"]
    wijkteam = lotte.memberships.first().organisation
    household = Household.objects.create(
        name="Gezin Verleden (synthetisch)", street="Oude Haven 3", postcode="1234 AB",
        municipality=cast.household.municipality, region=cast.household.region,
        owner_organisation=wijkteam, created_by=lotte)
    child = Person.objects.create(given_names="Tim", family_name="Verleden",
                                  birth_date=date(1996, 3, 1))
    HouseholdMember.objects.create(household=household, person=child, relation="child",
                                   valid_from=date(2002, 1, 1), valid_to=CLOSED)
    case = Case.objects.create(
        household=household, region=household.region, lead_organisation=wijkteam,
        title="Opvoedsteun (afgesloten)", phase=Phase.AFGESLOTEN,
        opened_on=date(2002, 1, 1), closed_on=CLOSED)
    for day, text in ((date(2002, 2, 1), "Kennismaking met het gezin."),
                      (date(2004, 6, 30), "Hulp afgesloten: het gaat goed met Tim.")):
        entry = Entry(household=household, case=case, kind=EntryKind.NOTE, text=text,
                      occurred_at=timezone.make_aware(datetime.combine(day, time(10))),
                      author=lotte, author_discipline="maatschappelijk_werker",
                      owner_organisation=wijkteam, confidentiality=Confidentiality.NETWERK,
                      legal_basis="jeugdwet_taak")
        entry.root_id = entry.id
        entry.save()
        entry.subjects.set([child])
    person_reach.refresh([household.pk])


def _pending_proposal(cast) -> None:
    entry = cast.entries["third_party"]
    now = timezone.now()
    CorrectionRequest.objects.create(
        entry=entry, owner_organisation_id=entry.owner_organisation_id,
        kind=CorrectionRequest.Kind.DESTRUCTION, person=cast.mother,
        requested_by=cast.family_users["sanne"], received_at=now, deadline=deadline_for(now),
        reason="Wat de buurvrouw zegt, klopt niet. Ik wil dat dit weg is.",
        entry_kind=entry.kind, entry_date=timezone.localtime(entry.occurred_at).date(),
        status=CorrectionRequest.Status.PROPOSED, proposed_by=cast.users["lotte"],
        proposed_at=now, decision_reason="Wij halen de aantekening weg zoals u vraagt.")
