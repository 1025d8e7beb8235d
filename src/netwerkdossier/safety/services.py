"""Writes to the safety plan. The caller has checked UPDATE access to the case.

Each service validates everything first (ValidationError with Dutch messages, nothing
saved), then writes in one transaction: the change, a new PlanVersion with a snapshot
of the whole plan, the access-log record and the case's next deadline.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import UPDATE, decide, record, together
from netwerkdossier.cases import lifecycle
from netwerkdossier.monitoring import events as monitoring_events

from . import pictograms
from .models import (
    Agreement,
    AgreementStatusChange,
    ChildVersion,
    DangerStatement,
    NetworkMember,
    PlanVersion,
    SafetyPlan,
    Scaling,
)

SCORE_MIN, SCORE_MAX = 0, 10


def plan_for(case):
    return SafetyPlan.objects.filter(case=case).first()


def snapshot(plan: SafetyPlan) -> dict:
    """The whole plan as plain data, kept with every version."""
    def iso(d):
        return d.isoformat() if d else None

    return {
        "next_check_on": iso(plan.next_check_on),
        "last_checked_on": iso(plan.last_checked_on),
        "dangers": [{"worried_by": d.worried_by, "statement": d.statement,
                     "safety_goal": d.safety_goal, "family_view": d.family_view,
                     "family_statement": d.family_statement, "family_goal": d.family_goal}
                    for d in plan.dangers.all()],
        "child_version": _child_snapshot(plan),
        "agreements": [{"id": str(a.id), "member": a.member.full_name, "action": a.action,
                        "owner": a.owner, "due_on": iso(a.due_on), "status": a.status,
                        "status_label": str(a.get_status_display()),
                        "replaces": str(a.replaces_id) if a.replaces_id else None}
                       for a in plan.agreements.select_related("member")],
        "network": [{"name": n.name, "role": n.role, "contact": n.contact}
                    for n in plan.network.all()],
        "scalings": [{"scored_on": iso(s.scored_on), "score": s.score,
                      "scorer": (s.scorer_person.full_name if s.scorer_person_id else
                                 s.scorer_user.get_full_name() or s.scorer_user.username)}
                     for s in plan.scalings.select_related("scorer_person", "scorer_user")],
    }


def _child_snapshot(plan) -> dict | None:
    child = ChildVersion.objects.filter(plan=plan).first()
    if child is None:
        return None
    return {"worries": child.worries, "safe_plan": child.safe_plan, "helpers": child.helpers,
            "pictograms": list(child.pictograms)}


def _plan(ctx, case) -> SafetyPlan:
    """The case's plan, locked for this transaction; created on the first change."""
    plan = SafetyPlan.objects.select_for_update().filter(case=case).first()
    if plan is None:
        plan = SafetyPlan.objects.create(case=case, household_id=case.household_id,
                                         updated_by=ctx.user,
                                         owner_organisation_id=ctx.organisation_id)
    return plan


def _commit(ctx, plan: SafetyPlan, change: str, objects=(), action="create") -> PlanVersion:
    """Save the change as a new plan version and log it: the plan, its new version and
    the objects written (`action`: created or updated), one record each."""
    # The rule that lets ctx write the plan (the caller checked it); the plan is the
    # household's, so its record names everyone in the household.
    decision = decide(ctx, UPDATE, plan)
    if not decision.allowed:
        raise PermissionError(decision.rule)
    plan.version += 1
    plan.updated_at = timezone.now()
    plan.updated_by = ctx.user
    plan.save()
    version = PlanVersion.objects.create(plan=plan, number=plan.version, created_by=ctx.user,
                                         change=change[:300], snapshot=snapshot(plan))
    with together(ctx):
        record(ctx, "plan.update", [plan], decision=decision, action="update")
        record(ctx, "plan.update", [version], decision=decision, action="create")
        record(ctx, "plan.update", objects, decision=decision, action=action)
    # The plan's dates are not the case's deadline (lifecycle.deadline_candidates): the
    # worklist reads them for whoever may read the plan.
    return version


def _require_open(errors, case):
    if case.closed_on is not None:
        errors["__all__"] = [_("Dit traject is afgesloten; het veiligheidsplan kan niet "
                               "meer worden gewijzigd.")]


def _text(errors, name, value, message, max_length=3000, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[name] = [message]
    elif len(value) > max_length:
        errors[name] = [_("Dit veld is te lang (hoogstens %(n)s tekens).") % {"n": max_length}]
    return value


def _members(case) -> dict:
    return {p.pk: p for p in lifecycle.current_members(case.household_id)}


def add_danger(ctx, case, *, worried_by, statement, safety_goal, family_view="") -> DangerStatement:
    errors: dict = {}
    _require_open(errors, case)
    worried_by = _text(errors, "worried_by", worried_by,
                       _("Vul in wie zich zorgen maakt."), 200)
    statement = _text(errors, "statement", statement,
                      _("Schrijf de gevarenverklaring: waarover maakt men zich zorgen en wat "
                        "gebeurt er als er niets verandert?"))
    safety_goal = _text(errors, "safety_goal", safety_goal,
                        _("Schrijf het veiligheidsdoel: wat moet er te zien zijn om veilig "
                          "genoeg te zijn?"))
    family_view = _text(errors, "family_view", family_view, "", required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        danger = DangerStatement.objects.create(plan=plan, worried_by=worried_by,
                                                statement=statement, safety_goal=safety_goal,
                                                family_view=family_view, created_by=ctx.user)
        _commit(ctx, plan, _("Gevarenverklaring en veiligheidsdoel toegevoegd"), [danger])
    return danger


def add_agreement(ctx, case, *, member_id, action, owner, due_on, replaces_id=None,
                  today=None) -> Agreement:
    today = today or timezone.localdate()
    errors: dict = {}
    _require_open(errors, case)
    members = _members(case)
    member = members.get(member_id)
    if member is None:
        errors["member"] = [_("Kies voor welk gezinslid deze afspraak is.")]
    action = _text(errors, "action", action, _("Schrijf wat er moet gebeuren."), 2000)
    owner = _text(errors, "owner", owner,
                  _("Vul in wie dit doet: zonder eigenaar is het geen afspraak."), 200)
    if not isinstance(due_on, date):
        errors["due_on"] = [_("Vul in wanneer dit uiterlijk gebeurt (een datum).")]
    elif due_on < today:
        errors["due_on"] = [_("De datum ligt in het verleden. Kies een datum vanaf vandaag.")]
    replaces = None
    if replaces_id:
        replaces = Agreement.objects.filter(pk=replaces_id, plan__case=case).first()
        if replaces is None or replaces.status not in ("open", "niet_nagekomen"):
            errors["replaces"] = [_("Kies een open of niet nagekomen afspraak om opnieuw te "
                                    "maken.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        agreement = Agreement.objects.create(
            plan=plan, member=member, action=action, owner=owner, due_on=due_on,
            replaces=replaces, phase=case.phase, created_by=ctx.user)
        AgreementStatusChange.objects.create(agreement=agreement, status="open",
                                             changed_by=ctx.user,
                                             note=_("Afspraak gemaakt"))
        if replaces is not None and replaces.status == "open":
            replaces.status = "vervallen"
            replaces.save(update_fields=["status"])
            AgreementStatusChange.objects.create(agreement=replaces, status="vervallen",
                                                 changed_by=ctx.user,
                                                 note=_("Opnieuw afgesproken"))
        change = (_("Afspraak opnieuw gemaakt voor %(name)s") if replaces else
                  _("Afspraak toegevoegd voor %(name)s")) % {"name": member.full_name}
        _commit(ctx, plan, change, [agreement])
        monitoring_events.support_changed(case, today)
    return agreement


def set_agreement_status(ctx, agreement: Agreement, *, status, note="") -> Agreement:
    errors: dict = {}
    case = agreement.plan.case
    _require_open(errors, case)
    if status not in Agreement.Status.values or status == "open":
        errors["status"] = [_("Kies nagekomen, niet nagekomen of vervallen.")]
    elif status == agreement.status:
        errors["status"] = [_("De afspraak heeft deze status al.")]
    note = _text(errors, "note", note, "", 2000, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        updated = Agreement.objects.filter(pk=agreement.pk, status=agreement.status) \
            .update(status=status)
        if updated != 1:
            raise ValidationError(_("Iemand anders heeft deze afspraak net gewijzigd."))
        agreement.status = status
        AgreementStatusChange.objects.create(agreement=agreement, status=status, note=note,
                                             changed_by=ctx.user)
        _commit(ctx, plan, _("Afspraak op ‘%(status)s’ gezet (%(name)s)") % {
            "status": Agreement.Status(status).label.lower(),
            "name": agreement.member.full_name}, [agreement], action="update")
        monitoring_events.support_changed(case)
    return agreement


def add_network_member(ctx, case, *, name, role, contact="") -> NetworkMember:
    errors: dict = {}
    _require_open(errors, case)
    name = _text(errors, "name", name, _("Vul de naam in."), 200)
    role = _text(errors, "role", role,
                 _("Vul in wie deze persoon is voor het gezin (bijvoorbeeld oma of buurman)."),
                 200)
    contact = _text(errors, "contact", contact, "", 200, required=False)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        member = NetworkMember.objects.create(plan=plan, name=name, role=role, contact=contact)
        _commit(ctx, plan, _("Netwerk: %(name)s toegevoegd") % {"name": name}, [member])
    return member


def parse_score(value):
    """An int 0-10, None for empty, or raise ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError
    score = int(str(value).strip()) if not isinstance(value, int) else value
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ValueError
    return score


def add_scalings(ctx, case, *, scored_on, person_scores: dict, own_score=None,
                 today=None) -> list[Scaling]:
    """Scores 0-10 given on one day by members (person id -> score) and by ctx.user."""
    today = today or timezone.localdate()
    errors: dict = {}
    _require_open(errors, case)
    members = _members(case)
    out_of_range = _("Vul een heel getal van 0 tot en met 10 in.")
    parsed = {}
    for person_id, value in (person_scores or {}).items():
        key = f"score_{person_id}"
        if person_id not in members:
            errors[key] = [_("Kies alleen leden van dit huishouden.")]
            continue
        try:
            score = parse_score(value)
        except (TypeError, ValueError):
            errors[key] = [out_of_range]
            continue
        if score is not None:
            parsed[person_id] = score
    try:
        own = parse_score(own_score)
    except (TypeError, ValueError):
        errors["own_score"] = [out_of_range]
        own = None
    if not isinstance(scored_on, date):
        errors["scored_on"] = [_("Vul de datum van de schaalvraag in.")]
    elif scored_on > today:
        errors["scored_on"] = [_("De datum ligt in de toekomst.")]
    if not errors and not parsed and own is None:
        errors["__all__"] = [_("Vul minstens één score in.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        rows = [Scaling(plan=plan, scored_on=scored_on, score=s, scorer_person_id=pid,
                        recorded_by=ctx.user) for pid, s in parsed.items()]
        if own is not None:
            rows.append(Scaling(plan=plan, scored_on=scored_on, score=own,
                                scorer_user=ctx.user, recorded_by=ctx.user))
        Scaling.objects.bulk_create(rows)
        monitoring_events.scalings_added(case, rows)
        _commit(ctx, plan, _("Schaalvraag ingevuld (%(n)s scores)") % {"n": len(rows)}, rows)
    return rows


def record_check(ctx, case, *, next_check_on, checked=True, today=None) -> SafetyPlan:
    """The plan was checked today (if `checked`) and is checked again on next_check_on."""
    today = today or timezone.localdate()
    errors: dict = {}
    _require_open(errors, case)
    if not isinstance(next_check_on, date):
        errors["next_check_on"] = [_("Vul de datum van de volgende controle in.")]
    elif next_check_on <= today:
        errors["next_check_on"] = [_("De volgende controle ligt na vandaag.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        plan.next_check_on = next_check_on
        if checked:
            plan.last_checked_on = today
        day = next_check_on.strftime("%d-%m-%Y")
        change = (_("Plan gecontroleerd; volgende controle %(d)s") if checked else
                  _("Volgende controle gepland op %(d)s")) % {"d": day}
        _commit(ctx, plan, change)
    return plan


def set_family_words(ctx, danger: DangerStatement, *, family_statement,
                     family_goal) -> DangerStatement:
    """The danger statement and safety goal in words written for the family. Both are
    needed: the portal shows a statement without its goal to nobody. The earlier words
    stay in the plan's versions."""
    errors: dict = {}
    case = danger.plan.case
    _require_open(errors, case)
    family_statement = _text(errors, "family_statement", family_statement,
                             _("Schrijf de zorg in woorden voor het gezin: kort, zonder "
                               "vaktaal."), 1500)
    family_goal = _text(errors, "family_goal", family_goal,
                        _("Schrijf het doel in woorden voor het gezin: wat ziet iedereen "
                          "als het veilig genoeg is?"), 1500)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        updated = DangerStatement.objects.filter(pk=danger.pk, plan=plan).update(
            family_statement=family_statement, family_goal=family_goal)
        if updated != 1:
            raise ValidationError(_("Deze gevarenverklaring hoort niet bij dit plan."))
        danger.family_statement, danger.family_goal = family_statement, family_goal
        _commit(ctx, plan, _("Woorden voor het gezin bij een gevarenverklaring"), [danger],
                action="update")
    return danger


def set_child_version(ctx, case, *, worries, safe_plan, helpers,
                      chosen_pictograms) -> ChildVersion:
    """Write (or rewrite) the plan for children: three short texts and 1 to
    MAX_CHOSEN pictograms from the fixed set."""
    errors: dict = {}
    _require_open(errors, case)
    worries = _text(errors, "worries", worries,
                    _("Schrijf in een paar korte zinnen waar de grote mensen zich zorgen "
                      "over maken."), 1000)
    safe_plan = _text(errors, "safe_plan", safe_plan,
                      _("Schrijf in korte zinnen wat er gebeurt zodat het thuis veilig is, "
                        "en wanneer."), 1000)
    helpers = _text(errors, "helpers", helpers,
                    _("Schrijf wie er helpen, met hun naam."), 600)
    keys = list(dict.fromkeys(chosen_pictograms or ()))
    if any(key not in pictograms.PICTOGRAMS for key in keys):
        errors["pictograms"] = [_("Kies alleen plaatjes uit de lijst.")]
    elif not keys:
        errors["pictograms"] = [_("Kies minstens één plaatje.")]
    elif len(keys) > pictograms.MAX_CHOSEN:
        errors["pictograms"] = [_("Kies hoogstens %(n)s plaatjes: weinig plaatjes zijn "
                                  "beter te begrijpen.") % {"n": pictograms.MAX_CHOSEN}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = _plan(ctx, case)
        child, created = ChildVersion.objects.update_or_create(
            plan=plan, defaults={"worries": worries, "safe_plan": safe_plan,
                                 "helpers": helpers, "pictograms": keys,
                                 "updated_at": timezone.now(), "updated_by": ctx.user})
        _commit(ctx, plan, _("Plan voor kinderen (woorden en tekeningen) bijgewerkt"),
                [child], action="create" if created else "update")
    return child
