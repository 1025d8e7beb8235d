"""The case lifecycle: report, triage, route, phases, closure and follow-up checks.

The phases, the allowed transitions, who may decide them, their criteria and the
deadlines are data (rules/phases.toml). This module holds the named criteria checks
and the services that write a lifecycle step: every step is validated first, then
written in one transaction with its timeline entry and its access-log record.
Callers check access (fetch with UPDATE) before calling; the team-role check for a
decision is made here, on top of that.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netwerkdossier import rules
from netwerkdossier.access.api import (
    READ,
    active_on,
    decide,
    record,
    visible,
    visible_in_household,
)
from netwerkdossier.decisions import services as decision_records
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.monitoring import events as monitoring_events

from . import calendar
from .models import (
    Case,
    FollowUpCheck,
    Phase,
    PhaseProposal,
    PhaseTransition,
    TeamAssignment,
)
from .team import current as current_team

MIN_RATIONALE = 10
Role = TeamAssignment.Role


# --- the rules file -------------------------------------------------------------------

def config() -> dict:
    return rules.load("phases")


def phase_order() -> list[str]:
    return [p["key"] for p in config()["phase"]]


def phase_rule(key: str) -> dict:
    return next(p for p in config()["phase"] if p["key"] == key)


def transitions_from(phase: str) -> list[dict]:
    return [t for t in config()["transition"] if t["from"] == phase]


def transition_rule(from_phase: str, to_phase: str) -> dict | None:
    return next((t for t in transitions_from(from_phase) if t["to"] == to_phase), None)


def criterion_rule(key: str) -> dict:
    return next(c for c in config()["criterion"] if c["key"] == key)


def labelled(kind: str) -> dict[str, str]:
    """key -> label for triage_outcome, route or urgency."""
    return {r["key"]: r["label"] for r in config()[kind]}


def phase_label(key: str) -> str:
    return str(Phase(key).label) if key in Phase.values else key


def role_labels(roles) -> str:
    names = [str(Role(r).label).lower() for r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _(" of ") + names[-1]


def respond_by(urgency: str, now: datetime | None = None) -> datetime | None:
    """The moment of first contact for an urgency with a deadline in hours."""
    hours = next((u.get("respond_within_hours") for u in config()["urgency"]
                  if u["key"] == urgency), None)
    return (now or timezone.now()) + timedelta(hours=hours) if hours else None


def triage_deadline(reported_on: date) -> date:
    return calendar.add_working_days(reported_on, config()["triage"]["working_days"])


def _today(today):
    return today or timezone.localdate()


def _d(day: date) -> str:
    return date_format(day, "j F Y")


# --- facts the criteria look at, loaded once per check ----------------------------------

@dataclass
class Facts:
    case: Case
    today: date
    plan: object = None
    dangers: int = 0
    agreements: list = field(default_factory=list)
    latest_by_person: dict = field(default_factory=dict)
    members: list = field(default_factory=list)
    has_report: bool = False
    # What the reader may see of the plan (None: everything; the writer's own checks).
    # The criteria are met or not on all facts; only their details are withheld.
    readable_agreements: set | None = None
    scores_readable: bool = True
    # The phase decisions (the triage outcome, the route): decisions_readable().
    decisions_readable: bool = True
    # Incidents (new reports, agreements not kept): None for everything; else the ids
    # ctx may read. Every incident counts (the check also guards the decision itself);
    # one ctx may not read is counted without its kind or date.
    readable_incidents: set | None = None

    @classmethod
    def load(cls, case: Case, today: date, ctx=None) -> "Facts":
        from netwerkdossier.dossier.models import Entry, EntryKind
        from netwerkdossier.safety.models import Agreement, DangerStatement, SafetyPlan, Scaling

        facts = cls(case=case, today=today)
        facts.plan = SafetyPlan.objects.filter(case=case).first()
        if facts.plan is not None:
            facts.dangers = DangerStatement.objects.filter(plan=facts.plan).count()
            facts.agreements = list(
                Agreement.objects.filter(plan=facts.plan).select_related("member")
                .prefetch_related("replaced_by"))
            for s in Scaling.objects.filter(plan=facts.plan, scorer_person__isnull=False) \
                    .order_by("scored_on", "recorded_at"):
                facts.latest_by_person[s.scorer_person_id] = s.score
        facts.members = [m.person for m in HouseholdMember.objects.filter(
            active_on(), household_id=case.household_id).select_related("person")
            .order_by("person__birth_date")]
        facts.has_report = case.reported_on is not None or Entry.objects.filter(
            case=case, kind=EntryKind.REPORT).exists()
        if ctx is not None and facts.plan is not None:
            facts.readable_agreements = set(visible(
                ctx, READ, Agreement.objects.filter(plan=facts.plan),
                household_id=case.household_id).values_list("pk", flat=True))
            facts.scores_readable = visible(
                ctx, READ, Scaling.objects.filter(plan=facts.plan),
                household_id=case.household_id).exists() or not facts.latest_by_person
        if ctx is not None:
            facts.decisions_readable = decisions_readable(ctx, case)
            facts.readable_incidents = set(visible_in_household(
                ctx, READ, case.household_id, _reports(case)).values_list("pk", flat=True)) | set(
                visible(ctx, READ, _broken(case), household_id=case.household_id)
                .values_list("pk", flat=True))
        return facts

    def agreement_text(self, a) -> str:
        """An agreement named in a criterion: its words only for a reader of it."""
        if self.readable_agreements is None or a.pk in self.readable_agreements:
            return _agreement_text(a)
        return _("een afspraak die u niet mag inzien")


def decisions_readable(ctx, case) -> bool:
    """The triage outcome and route are phase decisions: shown only to whom the access
    module gives the case's phase decisions (GGZ in the team, for one, reads them only
    with the family's consent)."""
    return decide(ctx, READ, PhaseTransition(case=case)).allowed


def _reports(case):
    from netwerkdossier.dossier.models import Entry, EntryKind

    return Entry.objects.filter(case=case, kind=EntryKind.REPORT, is_current=True)


def _broken(case):
    from netwerkdossier.safety.models import AgreementStatusChange

    return AgreementStatusChange.objects.filter(agreement__plan__case=case,
                                                status="niet_nagekomen")


def _agreement_text(a) -> str:
    action = a.action if len(a.action) <= 60 else a.action[:60].rstrip() + "…"
    return _("“%(action)s” (%(owner)s, uiterlijk %(due)s)") % {
        "action": action, "owner": a.owner, "due": date_format(a.due_on, "j F Y")}


def agreement_blocks(a, today: date) -> bool:
    """Not met and not re-agreed: still open as first agreed, a re-agreement that is
    overdue again, or not kept without a new agreement in its place."""
    if a.status == "open":
        return a.replaces_id is None or a.due_on < today
    if a.status == "niet_nagekomen":
        return not any(r.status != "vervallen" for r in a.replaced_by.all())
    return False


# Each check returns None when met, else the details for the rule's "missing" text.
def _melding(facts, rule):
    return None if facts.has_report else ""


def _triage(facts, rule):
    return None if facts.case.triage_outcome else ""


def _route(facts, rule):
    return None if facts.case.route else ""


def _plan_complete(facts, rule):
    missing = []
    if not facts.dangers:
        missing.append(_("een gevarenverklaring met veiligheidsdoel"))
    if not any(a.status != "vervallen" for a in facts.agreements):
        missing.append(_("een afspraak (wie doet wat, wanneer)"))
    return ", ".join(missing) if missing else None


def _agreements_kept(facts, rule):
    blocking = [a for a in facts.agreements if agreement_blocks(a, facts.today)]
    return "; ".join(facts.agreement_text(a) for a in blocking) if blocking else None


def _scaling(facts, rule):
    minimum = rule.get("scaling_min", 0)
    short = []
    for person in facts.members:
        score = facts.latest_by_person.get(person.pk)
        if score is None:
            short.append(_("%(name)s (nog geen score)") % {"name": person.full_name})
        elif score < minimum:
            short.append(f"{person.full_name} ({score})")
    if short and not facts.scores_readable:
        return ngettext("%(n)s gezinslid (de scores mag u niet inzien)",
                        "%(n)s gezinsleden (de scores mag u niet inzien)",
                        len(short)) % {"n": len(short)}
    return ", ".join(short) if short else None


def _no_open(facts, rule):
    open_ = [a for a in facts.agreements if a.status == "open"]
    return "; ".join(facts.agreement_text(a) for a in open_) if open_ else None


UNSAFE = ("acuut_onveilig", "structureel_onveilig")


def _no_incident(facts, rule):
    """No agreement broken and no new report in the last `incident_free_days` days. With
    a reader: each incident by its kind and date only when the reader may read it; the
    others only counted, so a decider knows to ask the team (decision 0061)."""
    since = _start_of(facts.today - timedelta(days=rule.get("incident_free_days", 0)))
    found = [(pk, timezone.localtime(c).date(), _("afspraak niet nagekomen")) for pk, c in
             _broken(facts.case).filter(changed_at__gte=since).values_list("pk",
                                                                           "changed_at")]
    found += [(pk, timezone.localtime(d).date(), _("melding")) for pk, d in
              _reports(facts.case).filter(occurred_at__gte=since).values_list("pk",
                                                                              "occurred_at")]
    named = sorted((day, what) for pk, day, what in found
                   if facts.readable_incidents is None or pk in facts.readable_incidents)
    texts = [f"{what} ({_d(day)})" for day, what in named]
    hidden = len(found) - len(named)
    if hidden:
        texts.append(ngettext("%(n)s incident dat u niet mag inzien",
                              "%(n)s incidenten die u niet mag inzien", hidden) % {"n": hidden})
    return "; ".join(texts) if texts else None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _triage_not_unsafe(facts, rule):
    """Closing straight after the assessment: only with an outcome that is not unsafe."""
    outcome = facts.case.triage_outcome
    if not outcome:
        return _("de uitkomst van de veiligheidsbeoordeling is nog niet vastgelegd")
    if not facts.decisions_readable:
        # The same answer whatever the outcome: met or not would tell it.
        return _("u mag de uitkomst van de veiligheidsbeoordeling niet inzien")
    if outcome in UNSAFE:
        return _("de uitkomst was %(outcome)s. Kies een route en werk eerst aan directe "
                 "veiligheid") % {"outcome": labelled("triage_outcome")[outcome].lower()}
    return None


def _follow_ups_planned(facts, rule):
    """Closing plans the checks (_close); someone must be there to do the last one."""
    if not config()["follow_up"]:
        return _("de regels noemen geen nacontroles")
    last = calendar.add_months(facts.today, max(f["months"] for f in config()["follow_up"]))
    stays = TeamAssignment.objects.filter(active_on(), case=facts.case,
                                          role=Role.CASUSREGISSEUR).filter(
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=last))
    if not stays.exists():
        return _("er is geen casusregisseur die in het team blijft tot de laatste "
                 "nacontrole (%(day)s)") % {"day": _d(last)}
    return None


def needs_four_eyes(rule: dict, case: Case, outcome_readable: bool = True) -> bool:
    """`outcome_readable` False: for a reader who may not read the triage outcome, which
    a four-eyes rule that depends on it would give away."""
    return bool(rule.get("four_eyes")) or outcome_readable and case.triage_outcome in \
        rule.get("four_eyes_when_triage", ())


CHECKS = {
    "melding_vastgelegd": _melding,
    "triage_vastgelegd": _triage,
    "route_gekozen": _route,
    "veiligheidsplan_compleet": _plan_complete,
    "afspraken_nagekomen": _agreements_kept,
    "schaalvraag_minimaal": _scaling,
    "geen_open_afspraken": _no_open,
    "geen_incident": _no_incident,
    "triage_niet_onveilig": _triage_not_unsafe,
    "nacontroles_gepland": _follow_ups_planned,
}


def missing_for(rule: dict, facts: Facts) -> list[str]:
    """Dutch sentences for every criterion of a transition that is not met."""
    messages = []
    for key in rule["criteria"]:
        details = CHECKS[key](facts, rule)
        if details is not None:
            messages.append(criterion_rule(key)["missing"].format(
                details=details, min=rule.get("scaling_min", ""),
                days=rule.get("incident_free_days", "")))
    return messages


@dataclass
class Option:
    rule: dict
    missing: list
    four_eyes: bool = False

    @property
    def to(self) -> str:
        return self.rule["to"]

    @property
    def label(self) -> str:
        return phase_label(self.rule["to"])

    @property
    def roles_text(self) -> str:
        return role_labels(self.rule["roles"])


def options(case: Case, today: date | None = None, ctx=None) -> list[Option]:
    """The transitions from the case's phase, each with what is still missing; with ctx,
    the agreements and scores named in it only as far as ctx may read them."""
    rules_ = transitions_from(case.phase)
    if not rules_:
        return []
    facts = Facts.load(case, _today(today), ctx)
    return [Option(r, missing_for(r, facts), needs_four_eyes(r, case, facts.decisions_readable))
            for r in rules_]


# --- who may decide -------------------------------------------------------------------

def team_roles(user, case: Case) -> set[str]:
    return set(current_team().filter(case=case, user=user)
               .values_list("role", flat=True))


def require_role(ctx, case: Case, allowed, what: str) -> str:
    """The role under which ctx.user decides, or PermissionDenied with a Dutch reason."""
    roles = team_roles(ctx.user, case)
    usable = [r for r in allowed if r in roles]
    if usable:
        return usable[0]
    mine = role_labels(sorted(roles)) if roles else _("geen rol in het team")
    raise PermissionDenied(
        _("Alleen de %(allowed)s mag %(what)s. Uw rol in dit team: %(mine)s.") % {
            "allowed": role_labels(allowed), "what": what, "mine": mine})


# --- deadlines ------------------------------------------------------------------------

def deadline_candidates(case: Case) -> list[tuple[date, str]]:
    """The case's own open deadlines, which every reader of the case may know: first
    contact, the safety assessment, progress in the phase. The safety plan's dates and
    the follow-up checks are household work with readers of their own (a police officer
    in the team may read the case but not the plan): the worklist adds them for whoever
    may read them (worklist_signals.annotate), and the plan page shows them."""
    found = []
    if case.closed_on is None:
        if case.respond_by and case.triage_on is None:
            found.append((timezone.localtime(case.respond_by).date(),
                          _("Spoed: eerste contact uiterlijk %(time)s") % {
                              "time": timezone.localtime(case.respond_by).strftime("%H:%M")}))
        if case.phase in (Phase.MELDING, Phase.VEILIGHEIDSBEOORDELING) and case.triage_due \
                and case.triage_on is None:
            found.append((case.triage_due, _("Veiligheidsbeoordeling afronden")))
        weeks = phase_rule(case.phase)["stalled_weeks"] if case.phase in phase_order() else 0
        if weeks and case.phase_since:
            found.append((calendar.add_weeks(case.phase_since, weeks),
                          _("Voortgang in de fase bespreken")))
    return found


def refresh_deadline(case: Case) -> None:
    """Keep Case.next_deadline / next_deadline_label (shown with the case on the
    household and case pages and in the API) equal to the case's own earliest open
    deadline (deadline_candidates)."""
    found = sorted(deadline_candidates(case), key=lambda c: c[0])
    case.next_deadline, case.next_deadline_label = found[0] if found else (None, "")
    Case.objects.filter(pk=case.pk).update(next_deadline=case.next_deadline,
                                           next_deadline_label=case.next_deadline_label)


# --- writing steps --------------------------------------------------------------------

def current_members(household_id) -> list:
    return [m.person for m in HouseholdMember.objects.filter(
        active_on(), household_id=household_id).select_related("person")]


def _timeline(ctx, case, kind, text, subjects, reporter=None, occurred_at=None):
    from netwerkdossier.dossier.services import add_entry

    return add_entry(ctx, case.household, kind=kind, text=text,
                     occurred_at=occurred_at or timezone.now(), subjects=subjects,
                     confidentiality=10, legal_basis=config()["legal_basis"], case=case,
                     reporter=reporter)


def _check_rationale(errors, rationale, name="rationale"):
    if len((rationale or "").strip()) < MIN_RATIONALE:
        errors[name] = [_("Schrijf de motivering van het besluit (minstens %(n)s tekens).")
                        % {"n": MIN_RATIONALE}]
    elif len(rationale) > 5000:
        errors[name] = [_("De motivering is te lang (hoogstens 5.000 tekens).")]


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


REPORT_KINDS = {"melding": _("Melding"), "hulpvraag": _("Hulpvraag")}


def record_report(ctx, household, *, kind, title, concerns, urgency, reported_on, subjects,
                  reporter=None, today=None, rule: str = "") -> Case:
    """A report or request for help opens a case in phase 'melding' with its triage
    deadline; the report itself (with the protected reporter) goes on the timeline.
    `rule`: of the decision that let ctx update the household, for the access log."""
    today = _today(today)
    errors: dict = {}
    if kind not in REPORT_KINDS:
        errors["kind"] = [_("Kies of dit een melding of een hulpvraag is.")]
    if not (title or "").strip():
        errors["title"] = [_("Geef het traject een korte omschrijving.")]
    elif len(title) > 200:
        errors["title"] = [_("De omschrijving is te lang (hoogstens 200 tekens).")]
    if not (concerns or "").strip():
        errors["concerns"] = [_("Beschrijf de zorgen: wat is er gemeld of gevraagd?")]
    if urgency not in labelled("urgency"):
        errors["urgency"] = [_("Kies de urgentie.")]
    if not isinstance(reported_on, date):
        errors["reported_on"] = [_("Vul de datum van de melding in.")]
    elif reported_on > today:
        errors["reported_on"] = [_("De datum van de melding ligt in de toekomst.")]
    if kind == "melding" and not (reporter or {}).get("name", "").strip():
        errors["reporter_name"] = [_("Vul de naam van de melder in. Die blijft afgeschermd.")]
    if ctx.membership is None:
        raise ValidationError(_("U hebt geen actieve rol in een organisatie."))
    with transaction.atomic():
        case = Case.objects.create(
            household=household, region_id=household.region_id,
            lead_organisation_id=ctx.organisation_id, title=(title or "").strip()[:200],
            phase=Phase.MELDING, opened_on=today, phase_since=today,
            reported_on=reported_on if isinstance(reported_on, date) else None,
            urgency=urgency or "", respond_by=respond_by(urgency),
            triage_due=triage_deadline(reported_on) if "reported_on" not in errors else None)
        entry = None
        if isinstance(reported_on, date) and "reported_on" not in errors:
            noon = timezone.make_aware(datetime.combine(reported_on, time(12, 0)))
            occurred = min(noon, timezone.now())
        else:
            occurred = timezone.now()
        text = _("%(kind)s (%(urgency)s): %(concerns)s") % {
            "kind": REPORT_KINDS.get(kind, ""), "urgency": labelled("urgency").get(urgency, ""),
            "concerns": (concerns or "").strip()}
        try:
            entry = _timeline(ctx, case, "report", text, subjects,
                              reporter=reporter if kind == "melding" else None,
                              occurred_at=occurred)
        except ValidationError as exc:
            found = exc.message_dict if hasattr(exc, "error_dict") else {
                "__all__": exc.messages}
            for key, messages in found.items():
                if key not in errors and key != "text":
                    errors[key] = messages
        if errors:
            raise ValidationError(errors)  # rolls back the case as well
        TeamAssignment.objects.create(case=case, user=ctx.user, role=Role.CASUSREGISSEUR,
                                      organisation_id=ctx.organisation_id, valid_from=today)
        PhaseTransition.objects.create(
            case=case, from_phase="", to_phase=Phase.MELDING, decided_by=ctx.user,
            decided_role=Role.CASUSREGISSEUR, rationale=str(REPORT_KINDS[kind]), entry=entry)
        refresh_deadline(case)
        monitoring_events.report_received(case, kind)
        record(ctx, "case.create", [case], action="create", rule=rule, subjects=subjects)
    return case


def record_triage(ctx, case: Case, *, outcome, rationale, today=None) -> Case:
    today = _today(today)
    role = require_role(ctx, case, config()["decisions"]["triage_roles"],
                        _("de veiligheidsbeoordeling vastleggen"))
    errors: dict = {}
    if case.phase != Phase.VEILIGHEIDSBEOORDELING:
        errors["__all__"] = [_("De veiligheidsbeoordeling wordt vastgelegd in de fase "
                               "Veiligheidsbeoordeling. Start die fase eerst.")]
    if outcome not in labelled("triage_outcome"):
        errors["outcome"] = [_("Kies de uitkomst van de veiligheidsbeoordeling.")]
    _check_rationale(errors, rationale)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _locked(case)
        late = case.triage_due and today > case.triage_due
        timing = (_("Na de termijn (uiterlijk %(due)s).") if late
                  else _("Binnen de termijn (uiterlijk %(due)s).")) % {
            "due": _d(case.triage_due)} if case.triage_due else ""
        text = _("Veiligheidsbeoordeling: %(outcome)s. %(timing)s Motivering: %(why)s "
                 "Vastgelegd door %(name)s (%(role)s).") % {
            "outcome": labelled("triage_outcome")[outcome], "timing": timing,
            "why": rationale.strip(), "name": ctx.user.get_full_name() or ctx.user.username,
            "role": Role(role).label.lower()}
        members = current_members(case.household_id)
        _timeline(ctx, case, "assessment", text, members)
        case.triage_outcome, case.triage_on = outcome, today
        case.save(update_fields=["triage_outcome", "triage_on"])
        refresh_deadline(case)
        monitoring_events.triage_recorded(case)
        # require_role() found ctx in the case's team: that relation holds.
        record(ctx, "case.triage", [case], action="update", rule="team")
    return case


def record_route(ctx, case: Case, *, route, rationale, today=None) -> Case:
    role = require_role(ctx, case, config()["decisions"]["route_roles"],
                        _("de route bepalen"))
    errors: dict = {}
    if case.phase != Phase.ROUTEBEPALING:
        errors["__all__"] = [_("De route wordt bepaald in de fase Routebepaling.")]
    if route not in labelled("route"):
        errors["route"] = [_("Kies een route.")]
    _check_rationale(errors, rationale)
    # The route decision rests on a complete decision record (decision 0051).
    record_missing = decision_records.required_problems(ctx, kind="route", case=case)
    if record_missing:
        errors["__all__"] = errors.get("__all__", []) + record_missing
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        case = _locked(case)
        decision_records.take_required(ctx, kind="route", case=case, today=_today(today))
        text = _("Route: %(route)s. Motivering: %(why)s Besloten door %(name)s (%(role)s).") % {
            "route": labelled("route")[route], "why": rationale.strip(),
            "name": ctx.user.get_full_name() or ctx.user.username,
            "role": Role(role).label.lower()}
        members = current_members(case.household_id)
        _timeline(ctx, case, "decision", text, members)
        case.route = route
        case.save(update_fields=["route"])
        monitoring_events.route_chosen(case, _today(today))
        record(ctx, "case.route", [case], action="update", rule="team")
    return case


def _refuse_move(case: Case, to_phase: str) -> str:
    order = phase_order()
    nexts = [phase_label(t["to"]) for t in transitions_from(case.phase)]
    if to_phase in order and case.phase in order and \
            order.index(to_phase) > order.index(case.phase) + 1:
        return _("U kunt geen fase overslaan. Vanuit %(from)s kan het traject naar: "
                 "%(next)s.") % {"from": phase_label(case.phase), "next": ", ".join(nexts)}
    if to_phase not in Phase.values:
        return _("Kies de fase waar het traject naartoe gaat.")
    if not nexts:
        return _("Dit traject is afgesloten; er is geen volgende fase.")
    return _("Van %(from)s naar %(to)s kan niet. Vanuit %(from)s kan het traject naar: "
             "%(next)s.") % {"from": phase_label(case.phase), "to": phase_label(to_phase),
                             "next": ", ".join(nexts)}


def check_transition(ctx, case: Case, *, to_phase, rationale, family_agrees,
                     today=None) -> tuple[dict, str]:
    """(the transition rule, ctx's deciding role), or PermissionDenied for a team member
    in the wrong role, ValidationError (Dutch) for a move not allowed or not yet met."""
    today = _today(today)
    rule = transition_rule(case.phase, to_phase)
    if rule is None:
        # Without a rule there is nothing to decide; say why before asking for a role.
        raise ValidationError({"to_phase": [_refuse_move(case, to_phase)]})
    role = require_role(ctx, case, rule["roles"], _("dit fasebesluit nemen"))
    errors: dict = {}
    _check_rationale(errors, rationale)
    if family_agrees not in PhaseTransition.FamilyAgrees.values:
        errors["family_agrees"] = [_("Geef aan of het gezin het eens is met het besluit.")]
    elif rule["family_heard_required"] and \
            family_agrees == PhaseTransition.FamilyAgrees.NIET_GEVRAAGD:
        errors["family_agrees"] = [_("Bij dit besluit moet het gezin gehoord zijn: geef aan "
                                     "of het gezin het eens is.")]
    missing = missing_for(rule, Facts.load(case, today, ctx))
    # Every phase decision - one person's or a four-eyes proposal, a closure or another
    # move - rests on a complete decision record for that move (decision 0051).
    missing += decision_records.required_problems(
        ctx, kind=decision_records.phase_kind(to_phase), case=case, to_phase=to_phase)
    if missing:
        errors["__all__"] = missing
    if errors:
        raise ValidationError(errors)
    return rule, role


def decide_transition(ctx, case: Case, *, to_phase, rationale, family_agrees,
                      today=None):
    """Move the case to `to_phase`; a move that needs four eyes becomes a proposal
    (cases/proposals.py) that another member of the duo confirms. Returns the
    PhaseTransition or the PhaseProposal. PermissionDenied / ValidationError as
    check_transition(); nothing saved then."""
    from . import proposals

    today = _today(today)
    rule, role = check_transition(ctx, case, to_phase=to_phase, rationale=rationale,
                                  family_agrees=family_agrees, today=today)
    if needs_four_eyes(rule, case):
        return proposals.propose(ctx, case, rule=rule, role=role, rationale=rationale,
                                 family_agrees=family_agrees)
    with transaction.atomic():
        # Its decision record is taken with the move, or nothing is written.
        decision_records.take_required(ctx, kind=decision_records.phase_kind(to_phase),
                                       case=case, to_phase=to_phase, today=today)
        return apply_transition(ctx, case, to_phase=to_phase, rationale=rationale,
                                family_agrees=family_agrees, role=role, today=today)


def apply_transition(ctx, case: Case, *, to_phase, rationale, family_agrees, role,
                     today, confirmed_by=None) -> PhaseTransition:
    """Write a checked move: timeline entry, transition, phase, closure."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.phase != case.phase:
            raise ValidationError(_("Iemand anders heeft de fase net veranderd. Open het "
                                    "traject opnieuw."))
        case = locked
        from_phase, from_since = case.phase, case.phase_since or case.opened_on
        members = current_members(case.household_id)
        family = PhaseTransition.FamilyAgrees(family_agrees).label
        text = _("Fasebesluit: van %(from)s naar %(to)s. Motivering: %(why)s Besloten door "
                 "%(name)s (%(role)s). Gezin: %(family)s.") % {
            "from": phase_label(from_phase), "to": phase_label(to_phase),
            "why": rationale.strip(), "name": _name(ctx.user if confirmed_by is None
                                                    else confirmed_by[0]),
            "role": Role(role).label.lower(), "family": str(family).lower()}
        if confirmed_by is not None:
            text += " " + _("Bevestigd door %(name)s (vier ogen).") % {
                "name": _name(confirmed_by[1])}
        entry = _timeline(ctx, case, "decision", text, members)
        transition = PhaseTransition.objects.create(
            case=case, from_phase=from_phase, to_phase=to_phase,
            decided_by=ctx.user if confirmed_by is None else confirmed_by[0],
            decided_role=role, rationale=rationale.strip(), family_agrees=family_agrees,
            entry=entry)
        case.phase, case.phase_since = to_phase, today
        fields = ["phase", "phase_since"]
        if to_phase == Phase.AFGESLOTEN:
            case.closed_on = today
            fields.append("closed_on")
            _close(case, today)
        case.save(update_fields=fields)
        refresh_deadline(case)
        monitoring_events.phase_changed(case, from_phase, from_since, today)
        # A proposal made for the phase the case just left cannot be confirmed any more.
        PhaseProposal.objects.filter(case=case, status=PhaseProposal.Status.OPEN).update(
            status=PhaseProposal.Status.WITHDRAWN)
        # The phase decision (transition) is the case's own history: one record on the
        # case, as the family's "Wie keek er?" shows it ("veranderde het traject").
        record(ctx, "case.transition", [case], action="update", rule="team")
    return transition


def _name(user) -> str:
    return user.get_full_name() or user.username


def _close(case: Case, today: date) -> None:
    """Plan the follow-up checks; the casusregisseur stays until the last one (plus a
    grace period), the rest of the team leaves at closure."""
    checks = [FollowUpCheck(case=case, months=f["months"],
                            due_on=calendar.add_months(today, f["months"]))
              for f in config()["follow_up"]]
    FollowUpCheck.objects.bulk_create(checks)
    last = max((c.due_on for c in checks), default=today)
    until = last + timedelta(days=config()["closure"]["follow_up_grace_days"])
    team = TeamAssignment.objects.filter(active_on(), case=case)
    for a in team:
        end = until if a.role == Role.CASUSREGISSEUR else max(today, a.valid_from)
        if a.valid_to is None or a.valid_to > end:
            a.valid_to = end
            a.save(update_fields=["valid_to"])


def complete_follow_up(ctx, check: FollowUpCheck, *, still_safe, outcome,
                       today=None) -> FollowUpCheck:
    today = _today(today)
    case = check.case
    require_role(ctx, case, [Role.CASUSREGISSEUR, Role.VAST_DUO], _("de nacontrole doen"))
    errors: dict = {}
    if check.done_on is not None:
        errors["__all__"] = [_("Deze nacontrole is al gedaan.")]
    elif check.due_on > today:
        errors["__all__"] = [_("Deze nacontrole is pas op %(due)s.") % {"due": _d(check.due_on)}]
    if still_safe not in (True, False):
        errors["still_safe"] = [_("Geef aan of het gezin nog veilig is.")]
    _check_rationale(errors, outcome, "outcome")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        members = current_members(case.household_id)
        verdict = _("nog veilig") if still_safe else _("niet meer veilig: nieuwe melding nodig")
        text = _("Nacontrole na %(n)s maanden: %(verdict)s. %(outcome)s") % {
            "n": check.months, "verdict": verdict, "outcome": outcome.strip()}
        entry = _timeline(ctx, case, "assessment", text, members)
        updated = FollowUpCheck.objects.filter(pk=check.pk, done_on__isnull=True).update(
            done_on=today, done_by=ctx.user, still_safe=still_safe, outcome=outcome.strip(),
            entry=entry)
        if updated != 1:
            raise ValidationError(_("Iemand anders heeft deze nacontrole net gedaan."))
        check.refresh_from_db()
        refresh_deadline(case)
        monitoring_events.follow_up_done(check)
        record(ctx, "case.follow_up", [check], action="update", rule="team")
    return check
