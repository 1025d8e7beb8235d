"""The one place where the work writes monitoring events (docs/decisions/0045).

Each function is called by the service that does the step, inside its transaction, so
an event exists exactly when the step was saved. An event carries codes, dates, counts
and the keyed pseudonyms of the household and the case (pseudonyms.py), never a name,
a BSN, a text someone typed or a database id of a person, household or case.
rebuild.py derives the same events from the stored work, with the same functions that
build them here (`build_*`), so live and rebuilt events cannot drift apart.
"""

from datetime import date, timedelta
from functools import cache

from django.utils import timezone

from .models import Area, Event
from .pseudonyms import pseudonym

Kind = Event.Kind
FAMILY, PROFESSIONAL = "gezinslid", "professional"
SAFE, NOT_SAFE = "veilig", "niet_veilig"
EXPERIENCE = {"seen": "gezien", "heard": "gehoord", "supported": "gesteund", "safer": "veiliger"}


@cache
def vocabulary() -> frozenset:
    """Every code an event may carry: from the rules files and the models' choices."""
    from netwerkdossier import rules
    from netwerkdossier.cases.models import Phase
    from netwerkdossier.collaboration.models import TeamChange
    from netwerkdossier.measures.catalogue import catalogue

    phases = rules.load("phases")
    codes = set(Phase.values) | set(TeamChange.Kind.values)
    for section in ("triage_outcome", "route", "urgency"):
        codes |= {r["key"] for r in phases[section]}
    codes |= {m.key for m in catalogue().measures}
    codes |= {"melding", "hulpvraag", FAMILY, PROFESSIONAL, SAFE, NOT_SAFE,
              *EXPERIENCE.values()}
    return frozenset(codes)


class _Vocabulary:
    def __contains__(self, code) -> bool:
        return code in vocabulary()


VOCABULARY = _Vocabulary()


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (cases/calendar.py)."""
    from netwerkdossier.cases import calendar

    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if not calendar.is_day_off(current):
            days += 1
    return days


# --- building events (no database writes) --------------------------------------------

class Areas:
    """Area rows by (region id, municipality), created when first needed."""

    def __init__(self):
        self._known: dict = {}

    def get(self, region_id, municipality: str):
        if not municipality:
            return None
        key = (region_id, municipality)
        if key not in self._known:
            self._known[key], _ = Area.objects.get_or_create(region_id=region_id,
                                                             municipality=municipality)
        return self._known[key].pk


def build(kind: str, *, on: date, region_id, area_id=None, organisation_id=None,
          household_id=None, case_id=None, code: str = "", members=None, children=None,
          value=None) -> Event:
    if code and code not in VOCABULARY:
        raise ValueError(f"monitoring: unknown code {code!r}")
    if kind not in Kind.values:
        raise ValueError(f"monitoring: unknown kind {kind!r}")
    return Event(kind=kind, code=code, occurred_on=on, region_id=region_id, area_id=area_id,
                 organisation_id=organisation_id,
                 household_key=pseudonym("household", household_id),
                 case_key=pseudonym("case", case_id), members=members, children=children,
                 value=value)


def for_case(kind: str, case, areas: Areas, *, on: date, municipality: str, **fields) -> Event:
    fields.setdefault("organisation_id", case.lead_organisation_id)
    return build(kind, on=on, region_id=case.region_id,
                 area_id=areas.get(case.region_id, municipality),
                 household_id=case.household_id, case_id=case.pk, **fields)


def member_counts(household_id, on: date) -> tuple[int, int]:
    """(members, children under 18) of the household on `on`."""
    from django.db.models import Q

    from netwerkdossier.households.models import HouseholdMember, age_on

    births = HouseholdMember.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), household_id=household_id,
        valid_from__lte=on).values_list("person__birth_date", flat=True)
    births = list(births)
    return len(births), sum(1 for b in births if age_on(b, on) < 18)


def _write(events) -> None:
    Event.objects.bulk_create([e for e in events if e is not None])


def _municipality(case) -> str:
    return case.household.municipality


# --- called by the work ----------------------------------------------------------------

def report_received(case, kind: str) -> None:
    """cases/lifecycle.record_report: a report or request for help opened `case`; the
    casusregisseur who recorded it is the team's first member."""
    on = case.reported_on or case.opened_on
    members, children = member_counts(case.household_id, on)
    areas = Areas()
    municipality = _municipality(case)
    _write([for_case(Kind.REPORT, case, areas, on=on, municipality=municipality, code=kind,
                     members=members, children=children),
            for_case(Kind.TEAM, case, areas, on=case.opened_on, municipality=municipality,
                     code="toewijzing", value=1)])


def triage_recorded(case) -> None:
    on = case.triage_on
    start = case.reported_on or case.opened_on
    _write([for_case(Kind.TRIAGE, case, Areas(), on=on, municipality=_municipality(case),
                     code=case.triage_outcome, value=working_days_between(start, on))])


def route_chosen(case, on: date) -> None:
    _write([for_case(Kind.ROUTE, case, Areas(), on=on, municipality=_municipality(case),
                     code=case.route)])


def phase_changed(case, from_phase: str, since: date | None, on: date) -> None:
    """apply_transition: `case` left `from_phase` (entered on `since`) on `on`; a move
    to afgesloten also closes it."""
    from netwerkdossier.cases.models import Phase

    areas, municipality = Areas(), _municipality(case)
    events = [for_case(Kind.PHASE_LEFT, case, areas, on=on, municipality=municipality,
                       code=from_phase, value=(on - since).days if since else None)]
    if case.phase == Phase.AFGESLOTEN:
        events.append(for_case(Kind.CLOSED, case, areas, on=on, municipality=municipality,
                               value=(on - case.opened_on).days))
    _write(events)


def team_changed(change, new_organisation: bool) -> None:
    """collaboration/services.change_team: handovers count, and whether the change
    brought an organisation new to the case's team (value 1)."""
    case = change.case
    _write([for_case(Kind.TEAM, case, Areas(), on=change.effective_on,
                     municipality=_municipality(case), code=change.kind,
                     organisation_id=change.to_organisation_id or change.from_organisation_id,
                     value=1 if new_organisation else 0)])


def support_changed(case, on: date | None = None) -> None:
    """safety/services: the safety plan's agreements changed. value: the current
    members with at least one agreement for them that did not lapse."""
    on = on or timezone.localdate()
    _write([build_support(case, Areas(), on)])


def build_support(case, areas: Areas, on: date) -> Event:
    from netwerkdossier.safety.models import Agreement

    members, children = member_counts(case.household_id, on)
    supported = Agreement.objects.filter(plan__case=case).exclude(status="vervallen") \
        .exclude(member__isnull=True).values("member_id").distinct().count()
    return for_case(Kind.SUPPORT, case, areas, on=on, municipality=_municipality(case),
                    members=members, children=children, value=min(supported, members))


def scalings_added(case, scalings) -> None:
    areas, municipality = Areas(), _municipality(case)
    _write([for_case(Kind.SCALING, case, areas, on=s.scored_on, municipality=municipality,
                     code=FAMILY if s.scorer_person_id else PROFESSIONAL, value=s.score)
            for s in scalings])


def follow_up_done(check) -> None:
    case = check.case
    _write([for_case(Kind.FOLLOW_UP, case, Areas(), on=check.done_on,
                     municipality=_municipality(case), code=SAFE if check.still_safe
                     else NOT_SAFE, value=check.months)])


def break_glass_started(glass) -> None:
    household = glass.household
    _write([build(Kind.BREAK_GLASS, on=timezone.localdate(glass.started_at),
                  region_id=household.region_id,
                  area_id=Areas().get(household.region_id, household.municipality),
                  organisation_id=glass.organisation_id, household_id=household.pk)])


def measure_started(case, measure_key: str, on: date) -> None:
    """For the legal measures of issue 14 when they are recorded: call from the service
    that records a measure (not yet in the code base)."""
    _write([for_case(Kind.MEASURE, case, Areas(), on=on, municipality=_municipality(case),
                     code=measure_key)])


def experience_given(response, region_id) -> None:
    """portal/services.save_questionnaire: the answer stays unlinked to the household
    (no pseudonym), as the answer itself; only the month and the organisation."""
    if response.organisation_id is None:
        return
    _write([build(Kind.EXPERIENCE, on=response.month, region_id=region_id,
                  organisation_id=response.organisation_id, code=code,
                  value=getattr(response, field))
            for field, code in EXPERIENCE.items()])


def forget_household(household_id, case_ids) -> int:
    """Delete the events of a household that retention destroys, with its cases; returns
    how many. Pseudonymous events are still personal data, and the access log's
    tombstone keeps the household's id, from which the key finds them again. The
    aggregates already computed (counts only) stay until their period is computed again;
    a rebuild derives no events for work that no longer exists."""
    from django.db.models import Q

    keys = [pseudonym("case", case_id) for case_id in case_ids]
    gone = Event.objects.filter(Q(household_key=pseudonym("household", household_id))
                                | Q(case_key__in=keys))
    return gone.delete()[0]
