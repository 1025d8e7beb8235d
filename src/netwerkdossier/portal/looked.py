"""'Wie keek er in mijn dossier?': the access log about a family member (and the
children they represent), in plain words. Reads netwerkdossier.audit records."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netwerkdossier.access.address_shield import OBJECT_TYPE as SHIELD_OBJECT_TYPE
from netwerkdossier.access.address_shield import ever_shielded_from
from netwerkdossier.access.api import READ, visible
from netwerkdossier.access.catalogue import (
    ENTRY_SUBJECTS,
    HOUSEHOLD_MEMBERS,
    HOUSEHOLD_WORK,
    KINDS,
    RESIDENTS,
    SELF,
)
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.accounts.models import User
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.queries import LogFilter, json_list_has
from netwerkdossier.dossier.models import Entry
from netwerkdossier.organisations.models import Membership, Organisation

# Every object type the access log records about a family (access/catalogue.py,
# InformationKind.log_type), in plain words; tests/portal/test_who_looked.py checks that
# none is missing.
OBJECT_WORDS = {
    "household": _("de gegevens van uw gezin"),
    "household_member": _("wie er bij uw gezin hoort"),
    "gezag": _("wie het gezag heeft over een kind"),
    "entry": _("een aantekening"),
    "entry_subject": _("over wie een aantekening gaat"),
    "attachment": _("een bijlage"),
    "person": _("persoonsgegevens"),
    "possible_match": _("een controle of iemand al in het dossier staat"),
    "consent": _("toestemming"),
    "own_statement": _("een eigen verklaring"),
    "case": _("het traject"),
    "phase_transition": _("een besluit over de fase van de hulp"),
    "team_assignment": _("wie er in het team zit"),
    "safety_plan": _("het veiligheidsplan"),
    "correction_request": _("een verzoek om correctie"),
    "safety_plan_version": _("een versie van het veiligheidsplan"),
    "danger_statement": _("de zorgen en het doel in het veiligheidsplan"),
    "agreement": _("een afspraak uit het veiligheidsplan"),
    "agreement_status_change": _("of een afspraak uit het veiligheidsplan is nagekomen"),
    "network_member": _("het netwerk van uw gezin"),
    "scaling": _("een cijfer over hoe veilig het is"),
    "follow_up_check": _("een nacontrole"),
    "analysis_version": _("de analyse van uw gezin"),
    "analysis_response": _("een reactie op de analyse"),
    "instrument_result": _("de uitslag van een vragenlijst of test"),
    "case_table": _("een casusoverleg"),
    "case_table_participant": _("wie er meedoet aan een casusoverleg"),
    "case_table_item": _("een aantekening voor een casusoverleg"),
    "case_table_meeting": _("het verslag van een casusoverleg"),
    "agenda_item": _("een agendapunt van een casusoverleg"),
    "attendance": _("wie er bij een casusoverleg was"),
    "meeting_decision": _("een besluit van een casusoverleg"),
    "follow_up_action": _("een actie uit een casusoverleg"),
    "team_change": _("een wijziging in het team"),
    "break_glass": _("noodtoegang tot uw dossier"),
    "person_reach": _("wie uw gegevens kan vinden"),
    "address_shield": _("de afscherming van uw adres"),
    "registration_change": _("een wijziging in de registratie van uw gezin"),
    "legal_hold": _("dat uw dossier nog niet vernietigd mag worden"),
    "phase_proposal": _("een voorstel voor een besluit over de fase van de hulp"),
    "child_version": _("het plan voor kinderen (woorden en tekeningen)"),
    "measure": _("een maatregel van de rechter of de burgemeester"),
    "measure_status": _("wat er met een maatregel gebeurde (aangevraagd, verlengd, ...)"),
    "measure_condition": _("wat niet mag volgens een maatregel"),
    "decision_record": _("een besluit over uw gezin, met de feiten waarop het rust"),
    "decision_fact": _("een feit onder een besluit"),
    "decision_family_view": _("wat een gezinslid van een feit of besluit vindt"),
    "decision_dissent": _("een andere mening in het team over een besluit"),
    "measure_request": _("een verzoek aan de rechter om een maatregel"),
    "measure_request_review": _("de controle van een verzoek aan de rechter"),
}
ACTION_WORDS = {"R": _("bekeek"), "C": _("schreef"), "U": _("veranderde"),
                "D": _("vernietigde"), "E": _("gebruikte")}
RELATION_WORDS = {
    "team": _("Werkt in het team van uw gezin."),
    "registrar": _("Heeft uw gezin aangemeld."),
    "manager": _("Is leidinggevende bij de organisatie die uw gezin helpt."),
    "case_table": _("Doet mee aan een casusoverleg over uw gezin."),
    "break_glass": _("Noodtoegang: iemand die niet in uw team zit, keek in een dringende "
                     "situatie. Dit wordt altijd achteraf gecontroleerd."),
    "recorded_by_organisation": _("De organisatie heeft uw gegevens zelf vastgelegd."),
}
# The role a professional worked in (organisations.Membership.Role), in plain words.
ROLE_WORDS = {
    Membership.Role.PROFESSIONAL: _("hulpverlener"),
    Membership.Role.TEAMMANAGER: _("teammanager"),
    Membership.Role.PRIVACY_OFFICER: _("functionaris gegevensbescherming"),
    Membership.Role.BEHEERDER: _("beheerder van het systeem"),
}


# Subjects that are not one person field on the row.
SPECIAL_SUBJECTS = ("subjects", SELF, HOUSEHOLD_MEMBERS, RESIDENTS, ENTRY_SUBJECTS)


@dataclass
class LookedRow:
    occurred_at: datetime
    organisation: str
    role: str
    who: str
    responsible: str
    what: str
    purpose: str
    why: str
    break_glass: bool


def _what(record) -> str:
    noun = OBJECT_WORDS.get(record.object_type, _("gegevens"))
    if record.event_code.endswith((".search", ".list")):
        return _("zag %(noun)s in een lijst") % {"noun": noun}
    return f"{ACTION_WORDS.get(record.action, _('gebruikte'))} {noun}"


def _why(rule: str) -> str:
    relation = (rule or "").split("+", 1)[0]
    words = RELATION_WORDS.get(relation, "")
    if "toestemming" in rule:
        words = f"{words} {_('Op basis van toestemming.')}".strip()
    if "conflict_van_plichten" in rule:
        words = f"{words} {_('Het beroepsgeheim is doorbroken om iemand te beschermen.')}"
    return words


def records_about(ctx, person_ids):
    """Granted accesses by professionals to data about these persons (the viewer of
    portal context `ctx` and the children they act for), newest first.

    Someone an address is (or was) shielded from does not see that a shield was set or
    ended: it would tell them that there is an address to hide (access/address_shield.py).

    A record that reaches the viewer only through a child they act for - the viewer is
    not among its subjects - is left out when its object is one the viewer may not read:
    an entry (or what belongs to it) "vertrouwelijk voor" the child, about third parties
    or at a level the family does not read; a measure, decision record or request the
    family gate closes, or what belongs to it. A parent would otherwise learn that it
    exists and when it was read. The viewer's own records stay, also about an object
    they may not read: who read data about them is theirs to know (AVG art. 15;
    decision 0059). A response to the analysis is about its author only: records of
    another member's response the viewer may not read are left out too.
    """
    viewer = ctx.person_id
    records = (LogFilter(person_ids=person_ids, result=AccessLogRecord.Result.GRANTED)
               .queryset().exclude(role="gezinslid").exclude(user_id=""))
    if ever_shielded_from(viewer):
        records = records.exclude(object_type=SHIELD_OBJECT_TYPE)
    others = [pk for pk in person_ids if pk != viewer]
    hidden = {**hidden_entry_objects(ctx, others), **hidden_work_objects(ctx, others)} \
        if others else {}
    if hidden:
        about_hidden = Q(pk__in=[])
        for object_type, ids in hidden.items():
            about_hidden |= _about(object_type, ids)
        records = records.exclude(about_hidden & ~json_list_has("subject_ids", viewer))
    unheard = _responses_not_for(viewer, person_ids)
    if unheard:
        records = records.exclude(_about(RESPONSE_TYPE, unheard))
    return records


def _about(object_type: str, ids) -> Q:
    """Records of this object type naming any of these object ids."""
    any_id = Q(pk__in=[])
    for object_id in ids:
        any_id |= json_list_has("object_ids", object_id)
    return Q(object_type=object_type) & any_id

RESPONSE_TYPE = "analysis_response"


def _responses_not_for(viewer, person_ids) -> list[str]:
    """The responses to the analysis in these persons' households whose words the viewer
    may not read (access/family_rules.py): a response is one member's words, though its
    records name the whole household as subjects; another member would learn that it
    was written, when, and by whom (also for the viewer's own household)."""
    from netwerkdossier.access.family_rules import words_q
    from netwerkdossier.analysis.models import FamilyResponse

    return [str(pk) for pk in FamilyResponse.objects.filter(
        household__members__person__in=person_ids).exclude(words_q(viewer))
        .values_list("pk", flat=True).distinct()]


def hidden_entry_objects(ctx, persons) -> dict[str, list[str]]:
    """Per access-log object type, the objects tied to an entry about `persons` that
    the viewer of `ctx` may not read (access.visible decides)."""
    hidden = _unreadable(ctx, Entry.objects.filter(subjects__in=persons))
    if not hidden:
        return {}
    found = {"entry": hidden}
    for object_type, model in _tied_to_an_entry().items():
        ids = [str(pk) for pk in model.objects.filter(entry__in=hidden)
               .values_list("pk", flat=True)]
        if ids:
            found[object_type] = ids
    return found


def _unreadable(ctx, about) -> list[str]:
    """The ids (as the access log writes them) of the rows of `about` ctx may not read."""
    return [str(pk) for pk in about.exclude(pk__in=visible(ctx, READ, about).values("pk"))
            .values_list("pk", flat=True).distinct()]


def hidden_work_objects(ctx, persons) -> dict[str, list[str]]:
    """Per access-log object type, the measures, decision records, requests and what
    belongs to them about `persons` that the viewer of `ctx` may not read: the family
    reads these kinds through the access module itself (visible() decides)."""
    found = {}
    for kind in _work_read_through_access():
        ids = _unreadable(ctx, kind.model.objects.filter(**{f"{kind.subjects}__in": persons}))
        if ids:
            found[kind.log_type] = ids
    return found


@cache
def _work_read_through_access() -> list:
    """Household work about one person that a family member reads through the access
    module (a family gate: the "subject" or "family" role, access/work_rules.py), and
    the work about one person that belongs to it (a team's dissent, a review), which
    the family never reads. Other household work (the safety plan, the analysis) the
    portal shows by rules of its own, so visible() does not speak for it."""
    gated = [k for k in KINDS if k.governed_by == HOUSEHOLD_WORK
             and ({"family", "subject"} & set(k.roles))]
    models = {k.model for k in gated}
    belongs = [k for k in KINDS if k.governed_by == HOUSEHOLD_WORK and k not in gated
               and any(f.many_to_one and f.related_model in models
                       for f in k.model._meta.get_fields())]
    return [k for k in gated + belongs
            if k.subjects and k.subjects not in SPECIAL_SUBJECTS]


@cache
def _tied_to_an_entry() -> dict:
    """Access-log object type -> model, for every catalogued kind that belongs to one
    timeline entry (a foreign key `entry`): a read of it tells that the entry exists."""
    return {kind.log_type: kind.model for kind in KINDS
            if any(f.name == "entry" and f.related_model is Entry
                   for f in kind.model._meta.get_fields())}


def rows(records) -> list[LookedRow]:
    records = list(records)
    users = {str(u.uuid): u for u in User.objects.filter(
        uuid__in={r.user_id for r in records} | {r.responsible_user_id for r in records})}
    orgs = {str(o.pk): o.name for o in Organisation.objects.filter(
        pk__in={r.organisation_id for r in records if r.organisation_id})}
    roles = {**dict(Membership.Role.choices), **ROLE_WORDS}
    result = []
    for r in records:
        who = users.get(r.user_id)
        responsible = users.get(r.responsible_user_id) or who
        result.append(LookedRow(
            occurred_at=r.occurred_at, organisation=orgs.get(r.organisation_id, ""),
            role=str(roles.get(r.role, r.role)),
            who=who.get_full_name() if who else "",
            responsible=responsible.get_full_name() if responsible else "",
            what=_what(r), purpose=str(PURPOSES.get(r.purpose, r.purpose)), why=_why(r.rule),
            break_glass=r.break_glass))
    return result
