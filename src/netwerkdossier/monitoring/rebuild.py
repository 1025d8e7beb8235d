"""(Re)build the monitoring events from the stored work: for the demo, for a database
seeded in bulk (the generator writes cases without the services, so no events), after a
change of the pseudonym key, or to repair. Runs as a system task, not for a user: it
reads the work tables directly and writes only events (no name, BSN or text leaves).

What the stored work does not keep exactly is approximated, and said here:
- a report's kind is "hulpvraag" when the case's opening decision says so, else "melding";
  its date is the case's `reported_on`, else `opened_on`;
- the route decision's date is the day the case left routebepaling (else the triage day);
- support per member is counted once per case, on the day of its last agreement change
  (live, every change counts);
- the first team is every team role that no recorded team change created.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from netwerkdossier.households.models import age_on

from . import events
from .models import Aggregate, Event, RefreshState

Kind = Event.Kind
BATCH = 20_000
COLUMNS = ("kind", "code", "occurred_on", "recorded_at", "region_id", "area_id",
           "organisation_id", "household_key", "case_key", "members", "children", "value")


class _Writer:
    def __init__(self):
        from netwerkdossier.synthetic.loader import Loader

        self.loader = Loader([Event])
        self.rows: list = []
        self.count = 0
        self.now = timezone.now()

    def add(self, event: Event) -> None:
        self.rows.append(tuple(self.now if c == "recorded_at" else getattr(event, c)
                               for c in COLUMNS))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        self.loader.write(Event, COLUMNS, self.rows)
        self.count += len(self.rows)
        self.rows = []


class _Case:
    """The columns of a case the events need, with the household's municipality."""

    __slots__ = ("pk", "household_id", "region_id", "lead_organisation_id", "opened_on",
                 "closed_on", "reported_on", "triage_on", "triage_outcome", "route", "phase",
                 "phase_since", "municipality")

    def __init__(self, values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


def _sizes(household_ids) -> dict:
    """household id -> [(valid_from, valid_to, birth date)] of its members."""
    from netwerkdossier.households.models import HouseholdMember

    found = defaultdict(list)
    for household, start, end, born in HouseholdMember.objects.filter(
            household_id__in=household_ids).values_list(
            "household_id", "valid_from", "valid_to", "person__birth_date").iterator(
            chunk_size=BATCH):
        found[household].append((start, end, born))
    return found


def _size_on(members, on: date) -> tuple[int, int]:
    current = [born for start, end, born in members
               if start <= on and (end is None or end >= on)]
    return len(current), sum(1 for born in current if age_on(born, on) < 18)


def _day(moment) -> date:
    return timezone.localdate(moment)


def rebuild() -> dict:
    """Replace every event and aggregate; returns counts."""
    from netwerkdossier.access.models import BreakGlass
    from netwerkdossier.cases.models import Case, FollowUpCheck, PhaseTransition, TeamAssignment
    from netwerkdossier.collaboration.models import TeamChange
    from netwerkdossier.portal.models import QuestionnaireResponse
    from netwerkdossier.safety.models import Agreement, AgreementStatusChange, Scaling

    from .refresh import refresh

    with transaction.atomic():
        Event.objects.all().delete()
        Aggregate.objects.all().delete()
        RefreshState.objects.all().delete()
        areas, out = events.Areas(), _Writer()
        cases = {values[0]: _Case(values) for values in Case.objects.values_list(
            "pk", "household_id", "region_id", "lead_organisation_id", "opened_on",
            "closed_on", "reported_on", "triage_on", "triage_outcome", "route", "phase",
            "phase_since", "household__municipality").iterator(chunk_size=BATCH)}
        sizes = _sizes({c.household_id for c in cases.values()})
        transitions = defaultdict(list)
        for case_id, from_phase, to_phase, moment, why in PhaseTransition.objects.values_list(
                "case_id", "from_phase", "to_phase", "decided_at", "rationale").order_by(
                "decided_at").iterator(chunk_size=BATCH):
            transitions[case_id].append((from_phase, to_phase, _day(moment), why))

        def emit(kind, case, on, **fields):
            out.add(events.build(kind, on=on, region_id=case.region_id,
                                 area_id=areas.get(case.region_id, case.municipality),
                                 organisation_id=fields.pop("organisation_id",
                                                            case.lead_organisation_id),
                                 household_id=case.household_id, case_id=case.pk, **fields))

        for case in cases.values():
            moves = transitions.get(case.pk, [])
            opening = next((m for m in moves if m[0] == ""), None)
            reported = case.reported_on or case.opened_on
            members, children = _size_on(sizes.get(case.household_id, []), reported)
            emit(Kind.REPORT, case, reported, members=members, children=children,
                 code="hulpvraag" if opening and opening[3] == "Hulpvraag" else "melding")
            if case.triage_on and case.triage_outcome:
                emit(Kind.TRIAGE, case, case.triage_on, code=case.triage_outcome,
                     value=events.working_days_between(reported, case.triage_on))
            if case.route:
                left = next((m[2] for m in moves if m[0] == "routebepaling"), None)
                emit(Kind.ROUTE, case, left or case.triage_on or case.opened_on, code=case.route)
            since = case.opened_on
            for from_phase, _to, on, _why in moves:
                if from_phase:
                    emit(Kind.PHASE_LEFT, case, on, code=from_phase, value=(on - since).days)
                since = on
            if case.closed_on:
                emit(Kind.CLOSED, case, case.closed_on,
                     value=(case.closed_on - case.opened_on).days)
        # Teams: the roles no change created, then the changes.
        changes = list(TeamChange.objects.values_list(
            "case_id", "kind", "to_user_id", "to_organisation_id", "from_organisation_id",
            "effective_on").order_by("decided_at"))
        made = {(c[0], c[2], c[5]) for c in changes if c[2]}
        seen_orgs = defaultdict(set)
        for case_id, user_id, org_id, start in TeamAssignment.objects.values_list(
                "case_id", "user_id", "organisation_id", "valid_from").order_by(
                "valid_from").iterator(chunk_size=BATCH):
            if (case_id, user_id, start) in made or case_id not in cases:
                continue
            emit(Kind.TEAM, cases[case_id], start, code="toewijzing", organisation_id=org_id,
                 value=int(org_id not in seen_orgs[case_id]))
            seen_orgs[case_id].add(org_id)
        for case_id, kind, _user, to_org, from_org, on in changes:
            org = to_org or from_org
            emit(Kind.TEAM, cases[case_id], on, code=kind, organisation_id=org,
                 value=int(to_org is not None and to_org not in seen_orgs[case_id]))
            seen_orgs[case_id].add(org)
        # Support per member: the last state of each case's agreements.
        last_change = dict(AgreementStatusChange.objects.values("agreement__plan__case_id")
                           .annotate(m=Max("changed_at")).values_list(
                               "agreement__plan__case_id", "m"))
        covered = defaultdict(set)
        for case_id, member_id in Agreement.objects.exclude(status="vervallen").exclude(
                member__isnull=True).values_list("plan__case_id", "member_id"):
            covered[case_id].add(member_id)
        for case_id, moment in last_change.items():
            case, on = cases[case_id], _day(moment)
            members, children = _size_on(sizes.get(case.household_id, []), on)
            emit(Kind.SUPPORT, case, on, members=members, children=children,
                 value=min(len(covered[case_id]), members))
        for case_id, on, score, person in Scaling.objects.values_list(
                "plan__case_id", "scored_on", "score", "scorer_person_id").iterator(
                chunk_size=BATCH):
            emit(Kind.SCALING, cases[case_id], on, value=score,
                 code=events.FAMILY if person else events.PROFESSIONAL)
        for case_id, on, safe, months in FollowUpCheck.objects.filter(
                done_on__isnull=False, still_safe__isnull=False).values_list(
                "case_id", "done_on", "still_safe", "months"):
            emit(Kind.FOLLOW_UP, cases[case_id], on, value=months,
                 code=events.SAFE if safe else events.NOT_SAFE)
        for household, region, municipality, org, moment in BreakGlass.objects.values_list(
                "household_id", "household__region_id", "household__municipality",
                "organisation_id", "started_at"):
            out.add(events.build(Kind.BREAK_GLASS, on=_day(moment), region_id=region,
                                 area_id=areas.get(region, municipality),
                                 organisation_id=org, household_id=household))
        for response in QuestionnaireResponse.objects.filter(
                ~Q(organisation=None)).select_related("organisation"):
            for field, code in events.EXPERIENCE.items():
                out.add(events.build(Kind.EXPERIENCE, on=response.month,
                                     region_id=response.organisation.region_id,
                                     organisation_id=response.organisation_id, code=code,
                                     value=getattr(response, field)))
        out.flush()
    result = refresh(full=True)
    return {"events": out.count, **result}
