"""Loading what the team page and the meeting record show, through the access module,
and recording what they showed. Shared by the web views and the API."""

from netwerkdossier.access.api import (
    KNOW_EXISTS,
    READ,
    UPDATE,
    AccessRefused,
    decide,
    fetch,
    record,
    together,
    visible_in_household,
)
from netwerkdossier.access.models import CaseTableItem
from netwerkdossier.cases.models import Case, TeamAssignment
from netwerkdossier.cases.team import by_person, current_q
from netwerkdossier.dossier.models import Entry

from . import metrics
from .models import Meeting, TeamChange


def fetch_case_team(ctx, pk, *, action=READ, event_code="team.read"):
    """The case, if ctx may see (READ) or change (UPDATE) its team; else AccessRefused.

    A team is household work: the team, registrar and manager read and write it, a
    running emergency grant reads it; case-table seats and family members do not."""
    try:
        case, _decision = fetch(ctx, Case.objects.select_related("household",
                                                                 "lead_organisation"),
                                pk, action=action, event_code=event_code, object_type="case")
    except AccessRefused as exc:
        exc.action = "C" if action == UPDATE else "R"  # a team change creates a record
        raise
    decision = decide(ctx, action, TeamChange(case=case))
    if not decision.allowed:
        raise AccessRefused(ctx, event_code, "case", pk, decision,
                            action="C" if action == UPDATE else "R")
    return case, decision


def team_overview(case, today) -> dict:
    team = list(TeamAssignment.objects.filter(current_q(today), case=case)
                .select_related("user", "organisation").order_by("role", "valid_from", "id"))
    changes = list(TeamChange.objects.filter(case=case)
                   .select_related("case", "from_user", "from_organisation", "to_user",
                                   "to_organisation", "decided_by")
                   .order_by("-decided_at"))
    counts = metrics.case_counts([case.pk])[case.pk]
    counts["household_new_organisations"] = metrics.household_new_organisations(
        case.household_id)
    return {"team": team, "people": by_person(team), "changes": changes, "counts": counts}


def record_team(ctx, event_code, case, overview, decision) -> None:
    """The case and its team changes were shown (one append)."""
    with together(ctx):
        record(ctx, event_code, [case], decision=decision)
        record(ctx, event_code, overview["changes"], decision=decision)


def meeting_parts(session) -> dict:
    meeting = Meeting.objects.filter(session=session).first()
    if meeting is None:
        return {"meeting": None, "agenda": [], "present": [], "decisions": [], "actions": []}
    agenda = list(meeting.agenda.all())
    present = list(meeting.present.select_related("user", "organisation")
                   .order_by("user__last_name"))
    decisions = list(meeting.decisions.select_related("recorded_by"))
    actions = list(meeting.actions.select_related("owner"))
    return {"meeting": meeting, "agenda": agenda, "present": present,
            "decisions": decisions, "actions": actions}


def minimal_picture(ctx, session) -> tuple[list, int]:
    """The session's agreed entries that ctx may read, and how many others ctx may know
    exist (the placeholder rule: team-type relations, not health or crime)."""
    # An item names one version; the picture shows the current version of each.
    roots = CaseTableItem.objects.filter(session=session).values("entry__root_id")
    ids = list(Entry.objects.filter(root_id__in=roots, is_current=True)
               .values_list("pk", flat=True))
    shown = list(visible_in_household(ctx, READ, session.household_id,
                                      Entry.objects.filter(pk__in=ids))
                 .select_related("owner_organisation").prefetch_related("subjects")
                 .order_by("occurred_at"))
    others = Entry.objects.filter(pk__in=ids).exclude(pk__in=[e.pk for e in shown])
    return shown, visible_in_household(ctx, KNOW_EXISTS, session.household_id,
                                       others).count()


def record_meeting(ctx, event_code, entry_event_code, session, parts, picture,
                   decision) -> None:
    """The session, its meeting record (decisions, actions) and the minimal picture were
    shown: one record per kind, one append."""
    with together(ctx):
        record(ctx, event_code, [session], decision=decision)
        record(ctx, event_code, [parts["meeting"]], decision=decision)
        record(ctx, event_code, parts["decisions"], decision=decision)
        record(ctx, event_code, parts["actions"], decision=decision)
        record(ctx, entry_event_code, picture, decision=decision)
