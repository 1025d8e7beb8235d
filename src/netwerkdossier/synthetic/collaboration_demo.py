"""Demo data for working together (issue 4, item 5): the Jansen case's team history with
the RVT joining for joint work, and one MDA++ meeting with its record.

`build(cast)` runs after build_cast(). The cast seeds the team directly (lotte
casusregisseur, ruben vast duo from the RVT, gert consultant on the opening day); this
records that history as team changes, then lets lotte take the vast-gezicht role through
the service, and adds a case-table session two weeks ago with agenda, attendance, a
decision and two follow-up actions (one overdue, so it shows on a worklist).
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access.api import context_for
from netwerkdossier.access.models import CaseTableItem, CaseTableParticipant, CaseTableSession
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.collaboration import meetings
from netwerkdossier.collaboration.models import TeamChange
from netwerkdossier.collaboration.services import change_team

DEMO_BASIS = "mda-veiligheid"

OPENING_REASONS = {
    "casusregisseur": "",
    "vast_duo": "Zorgen om acute veiligheid: het RVT werkt vanaf de start mee met het "
                "wijkteam.",
    "consultant": "",
}


def _opening_history(cast) -> None:
    case = cast.case
    lotte = cast.users["lotte"]
    opened = timezone.make_aware(datetime.combine(case.opened_on, time(9, 0)))
    for minutes, assignment in enumerate(
            TeamAssignment.objects.filter(case=case).select_related("user", "organisation")
            .order_by("id")):
        kind = TeamChange.Kind.RVT_GEZAMENLIJK if assignment.role == "vast_duo" \
            else TeamChange.Kind.ASSIGN
        TeamChange.objects.create(
            case=case, kind=kind, role=assignment.role, to_user=assignment.user,
            to_organisation=assignment.organisation,
            reason=OPENING_REASONS.get(assignment.role, ""), decided_by=lotte,
            decided_by_organisation=case.lead_organisation,
            decided_at=opened + timedelta(minutes=minutes), effective_on=case.opened_on)


def _meeting(cast):
    lotte = context_for(cast.users["lotte"])
    day = timezone.localdate() - timedelta(days=14)
    starts = timezone.make_aware(datetime.combine(day, time(13, 0)))
    # Created directly: the planning form only accepts sessions that are still to come.
    # On the MDA++ safety basis: seats for the wijkteam, RVT and GGZ; each entry shared by
    # its owner (the report by the RVT, the conversation by the wijkteam); no health or
    # criminal data.
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++ overleg gezin Jansen", starts_at=starts,
        ends_at=starts + timedelta(hours=2), chair=cast.users["lotte"],
        **bases.session_fields(bases.get(DEMO_BASIS), cast.household))
    CaseTableParticipant.objects.bulk_create([
        CaseTableParticipant(session=session, user=cast.users[name])
        for name in ("ruben", "gert")])
    CaseTableItem.objects.bulk_create([
        CaseTableItem(session=session, entry=cast.entries[key])
        for key in ("report", "conversation")])
    for text in ("Veiligheid van de kinderen sinds de melding",
                 "Afstemming wijkteam, RVT en GGZ",
                 "Afspraken en wie wat doet"):
        meetings.add_agenda_item(lotte, session, text=text)
    meetings.set_attendance(lotte, session, usernames=["lotte", "ruben", "gert"])
    meetings.add_decision(lotte, session, now=starts + timedelta(minutes=90),
                          text="Wijkteam en RVT werken samen verder als vast duo; er komt "
                               "geen overdracht naar een andere organisatie.")
    meetings.add_action(lotte, session, description="Huisbezoek met moeder en de kinderen",
                        owner="ruben", due_on=day + timedelta(days=7))
    meetings.add_action(lotte, session, description="Veiligheidsplan bespreken met Lieke",
                        owner="lotte", due_on=timezone.localdate() + timedelta(days=7))
    return session


def build(cast):
    """Add the team history and one MDA++ meeting record to the demo cast."""
    _opening_history(cast)
    change_team(context_for(cast.users["lotte"]), cast.case, kind=TeamChange.Kind.ASSIGN,
                role=TeamAssignment.Role.VAST_GEZICHT, username="lotte",
                reason="Lotte blijft het vaste gezicht voor het gezin.")
    return _meeting(cast)
