"""Decision records (issue 14 point 5): start one, add the facts it rests on with their
source, record the family's view of each fact per member and dissent within the team,
and take the decision - refused, with a Dutch message per fact, while a fact lacks a
source.

The caller has fetched the household or the record through the access module. Every
function checks its whole input first and raises a Dutch ValidationError keyed by field
without writing anything; rows and their access-log records go in one transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from netwerkdossier.access.api import READ, UPDATE, decide, record, together, visible
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.measures.models import Measure
from netwerkdossier.uuids import parse_uuid

from . import objection
from .models import Basis, DecisionKind, DecisionRecord, Dissent, Fact, FamilyView

MAX_TEXT = 2000
MAX_WORDS = 4000

# Decisions whose record needs the family's view of every fact before they are taken
# (decision 0051): "nog niet gehoord" counts only with its reason.
WITH_FAMILY_VIEWS = (DecisionKind.ROUTE, DecisionKind.AFSLUITING, DecisionKind.PLAATSING)
# Decisions about a case: their record names it.
CASE_KINDS = (DecisionKind.ROUTE, DecisionKind.FASE, DecisionKind.AFSLUITING)
# Measures whose grant is a placement decision (measures/services.py asks for a record).
PLACEMENT_MEASURES = ("uithuisplaatsing", "machtiging_uithuisplaatsing")


class Errors(dict):
    def add(self, field: str, message) -> None:
        self.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def text(value, field, errors, *, required=None, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, required)
    elif len(value) > limit:
        errors.add(field, _("Deze tekst is te lang (hoogstens %(n)s tekens).") % {"n": limit})
    return value


def member_of(household, person_id):
    """The household's member with this id, or None (any input that is no id: None)."""
    if parse_uuid(person_id) is None:
        return None
    member = HouseholdMember.objects.filter(household=household, person_id=person_id) \
        .select_related("person").first()
    return member.person if member else None


def subjects_of(decision: DecisionRecord) -> list:
    """Whom the access log names for the record's rows: its person, or - for a decision
    about the whole household - every member."""
    if decision.person_id:
        return [decision.person_id]
    return list(HouseholdMember.objects.filter(household_id=decision.household_id)
                .values_list("person_id", flat=True))


def may_write(ctx, decision: DecisionRecord) -> bool:
    return decide(ctx, UPDATE, decision).allowed


def _require_write(ctx, decision: DecisionRecord) -> None:
    if not may_write(ctx, decision):
        raise PermissionDenied(_("Alleen de organisatie die dit besluit voorbereidt, legt "
                                 "de feiten en de visie van het gezin vast."))


def _open(decision: DecisionRecord, errors: Errors) -> None:
    if decision.status != DecisionRecord.Status.CONCEPT:
        errors.add("__all__", _("Dit besluit is al genomen; het verslag verandert niet meer."))
    request = getattr(decision, "request", None)
    if request is not None and request.status not in ("concept", "teruggestuurd"):
        errors.add("__all__", _("Het verzoekschrift ligt ter toetsing of is goedgekeurd. "
                                "Feiten veranderen kan pas als de toetser het terugstuurt."))


# --- starting a record ------------------------------------------------------------------

@transaction.atomic
def start(ctx, household, *, kind: str, question: str, person_id=None, case=None,
          phase_proposal=None, to_phase: str = "") -> DecisionRecord:
    errors = Errors()
    if kind not in DecisionKind.values:
        errors.add("kind", _("Kies over wat voor besluit het gaat."))
    to_phase = _phase_of(kind, to_phase, case, phase_proposal, errors)
    question = text(question, "question", errors,
                    required=_("Schrijf op wat er wordt besloten."))
    person = None
    if person_id:
        person = member_of(household, person_id)
        if person is None:
            errors.add("person", _("Kies een gezinslid van dit huishouden."))
    elif kind == DecisionKind.PLAATSING:
        errors.add("person", _("Kies over welk kind het plaatsingsbesluit gaat."))
    decision = DecisionRecord(household=household, case=case, person=person, kind=kind,
                              question=question, phase_proposal=phase_proposal,
                              to_phase=to_phase,
                              owner_organisation_id=ctx.organisation_id,
                              created_by=ctx.user)
    if not errors and not may_write(ctx, decision):
        raise PermissionDenied(_("U kunt hier geen besluitverslag maken."))
    errors.raise_if_any()
    decision.save()
    record(ctx, "decision.start", [decision], action="create",
           subjects=subjects_of(decision))
    return decision


def _phase_of(kind, to_phase, case, proposal, errors: Errors) -> str:
    """The phase a phase decision or closure moves to; route, phase and closure belong to
    a case (their record is found by case, kind and phase when the decision is taken)."""
    if kind in CASE_KINDS and case is None:
        errors.add("kind", _("Een besluit over de route, een fase of de afsluiting hoort bij "
                             "een traject."))
    if kind == DecisionKind.AFSLUITING:
        return "afgesloten"
    if kind != DecisionKind.FASE:
        return ""
    if proposal is not None:
        return proposal.to_phase
    from netwerkdossier.cases.models import Phase

    if to_phase not in Phase.values or to_phase == "afgesloten":
        errors.add("to_phase", _("Kies naar welke fase het traject gaat."))
        return ""
    return to_phase


# --- facts ------------------------------------------------------------------------------

@dataclass
class FactIn:
    text: str = ""
    basis: str = ""
    reported_by: str = ""
    source_entry_id: object = None
    source_measure_id: object = None


def _source(ctx, decision, fact_in: FactIn, errors: Errors) -> tuple:
    """(entry, measure): the source record, read through the access module - the author
    links only what they may read, in this household."""
    entry = measure = None
    if fact_in.source_entry_id and fact_in.source_measure_id:
        errors.add("source", _("Kies één bron: een aantekening of een maatregel."))
        return None, None
    if fact_in.source_entry_id:
        entry = visible(ctx, READ, Entry.objects.filter(
            pk=fact_in.source_entry_id, household_id=decision.household_id,
            is_current=True)).first() if parse_uuid(fact_in.source_entry_id) else None
        if entry is None:
            errors.add("source_entry", _("Deze aantekening staat niet in de tijdlijn van dit "
                                         "huishouden, of u mag haar niet lezen."))
    if fact_in.source_measure_id:
        measure = visible(ctx, READ, Measure.objects.filter(
            pk=fact_in.source_measure_id, household_id=decision.household_id)).first() \
            if parse_uuid(fact_in.source_measure_id) else None
        if measure is None:
            errors.add("source_measure", _("Deze maatregel hoort niet bij dit huishouden, of "
                                           "u mag hem niet lezen."))
    return entry, measure


@transaction.atomic
def add_fact(ctx, decision: DecisionRecord, fact_in: FactIn) -> Fact:
    """A fact with how it is known; its source may still be missing (then it is flagged
    and the decision cannot be taken until it has one)."""
    _require_write(ctx, decision)
    decision = DecisionRecord.objects.select_for_update().get(pk=decision.pk)
    errors = Errors()
    _open(decision, errors)
    words = text(fact_in.text, "text", errors, required=_("Schrijf het feit op."))
    if fact_in.basis not in Basis.values:
        errors.add("basis", _("Kies hoe het feit bekend is: waargenomen, gemeld door iemand, "
                              "of een interpretatie."))
    reported_by = text(fact_in.reported_by, "reported_by", errors, limit=200)
    if fact_in.basis == Basis.GEMELD and not reported_by:
        errors.add("reported_by", _("Noem wie het heeft gemeld."))
    entry, measure = _source(ctx, decision, fact_in, errors)
    errors.raise_if_any()
    number = (decision.facts.aggregate(n=Max("number"))["n"] or 0) + 1
    fact = Fact.objects.create(
        decision=decision, household_id=decision.household_id, person_id=decision.person_id,
        number=number, text=words, basis=fact_in.basis,
        reported_by=reported_by if fact_in.basis == Basis.GEMELD else "",
        source_entry=entry, source_measure=measure, created_by=ctx.user)
    _changed(decision)
    record(ctx, "decision.fact.add", [fact], action="create", subjects=subjects_of(decision))
    return fact


@transaction.atomic
def add_source(ctx, fact: Fact, *, source_entry_id=None, source_measure_id=None) -> Fact:
    """Give a fact without a source its source. A source once given is never replaced:
    a fact with another source is a new fact."""
    decision = DecisionRecord.objects.select_for_update().get(pk=fact.decision_id)
    _require_write(ctx, decision)
    errors = Errors()
    _open(decision, errors)
    fact = Fact.objects.select_for_update().get(pk=fact.pk)
    if fact.has_source:
        errors.add("__all__", _("Dit feit heeft al een bron. Een andere bron is een nieuw "
                                "feit."))
    if not source_entry_id and not source_measure_id:
        errors.add("source_entry", _("Kies de bron: een aantekening of een maatregel."))
    entry, measure = _source(ctx, decision, FactIn(source_entry_id=source_entry_id,
                                                   source_measure_id=source_measure_id),
                             errors)
    errors.raise_if_any()
    Fact.objects.filter(pk=fact.pk).update(source_entry=entry, source_measure=measure)
    fact.refresh_from_db()
    _changed(decision)
    record(ctx, "decision.fact.source", [fact], action="update",
           subjects=subjects_of(decision))
    return fact


def _changed(decision: DecisionRecord) -> None:
    """A change to the facts is a new version of the record, and of its request: an
    approval was for the version the reviewer read."""
    DecisionRecord.objects.filter(pk=decision.pk).update(version=decision.version + 1)
    decision.version += 1
    from .models import MeasureRequest

    MeasureRequest.objects.filter(decision_id=decision.pk).update(
        version=decision.version)


def missing_sources(decision: DecisionRecord) -> list[str]:
    """One Dutch sentence per fact without a source, naming the fact and what it lacks."""
    return [_("Feit %(n)s (\u201c%(text)s\u201d) heeft geen bron: koppel het aan een "
              "aantekening in de tijdlijn of aan een maatregel.") % {
        "n": f.number, "text": _short(f.text)}
        for f in decision.facts.order_by("number") if not f.has_source]


def _heard(view: FamilyView) -> bool:
    """A view that counts: agrees, disagrees (in words), or not heard yet with a reason."""
    return view.answer in (FamilyView.Answer.EENS, FamilyView.Answer.ONEENS) or (
        view.answer == FamilyView.Answer.NIET_GEHOORD and bool(view.words.strip()))


def missing_views(decision: DecisionRecord) -> list[str]:
    """One Dutch sentence per fact without a current family view that counts, for the
    decisions that need them (WITH_FAMILY_VIEWS); [] for the others."""
    if decision.kind not in WITH_FAMILY_VIEWS:
        return []
    newest: dict = {}
    for v in FamilyView.objects.filter(decision=decision, fact__isnull=False) \
            .order_by("recorded_at", "id"):
        newest[(v.fact_id, v.person_id)] = v
    heard = {fact_id for (fact_id, _p), v in newest.items() if _heard(v)}
    return [_("Feit %(n)s (\u201c%(text)s\u201d) heeft nog geen visie van het gezin: leg "
              "vast wat een gezinslid ervan vindt, of dat het nog niet gehoord is en "
              "waarom.") % {"n": f.number, "text": _short(f.text)}
            for f in decision.facts.order_by("number") if f.pk not in heard]


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


def problems(decision: DecisionRecord) -> list[str]:
    """Everything that keeps the decision from being taken, in Dutch: no facts, a fact
    without a source, a fact without the family's view (where needed)."""
    if not decision.facts.exists():
        return [_("Dit besluit heeft nog geen feiten. Leg vast op welke feiten het rust, "
                  "elk met de bron en de visie van het gezin.")]
    return missing_sources(decision) + missing_views(decision)


def check_complete(decision: DecisionRecord) -> None:
    """ValidationError (Dutch, one message per fact) when the decision cannot be taken."""
    found = problems(decision)
    if found:
        raise ValidationError({"__all__": found})


# --- the record a decision needs (decision 0051) ----------------------------------------

NO_RECORD = {
    DecisionKind.ROUTE: _lazy("De route kan pas worden bepaald met een besluitverslag: "
                              "leg vast op welke feiten het besluit rust, elk met de bron, "
                              "en wat het gezin van elk feit vindt."),
    DecisionKind.FASE: _lazy("Dit fasebesluit kan pas worden genomen met een "
                             "besluitverslag: leg vast op welke feiten het rust, elk met de "
                             "bron."),
    DecisionKind.AFSLUITING: _lazy("Het traject kan pas worden afgesloten met een "
                                   "besluitverslag: leg vast op welke feiten het besluit "
                                   "rust, elk met de bron, en wat het gezin van elk feit "
                                   "vindt."),
    DecisionKind.PLAATSING: _lazy("Een uithuisplaatsing kan pas als toegewezen worden "
                                  "vastgelegd met een besluitverslag over dit kind: leg vast "
                                  "op welke feiten de plaatsing rust, elk met de bron, en wat "
                                  "het gezin van elk feit vindt. Het verslag maakt u bij "
                                  "Besluiten en verzoekschriften van het huishouden."),
}


def phase_kind(to_phase: str) -> str:
    return DecisionKind.AFSLUITING if to_phase == "afgesloten" else DecisionKind.FASE


def concept_for(ctx, *, kind: str, case=None, household_id=None, person_id=None,
                to_phase: str = "") -> DecisionRecord | None:
    """The concept record made for this decision: route, phase and closure by case (a
    phase also by the phase it moves to; a record that belongs to a four-eyes proposal is
    that proposal's), a placement by household and child. The newest, if several, of
    those ctx may read: one the decider may not open is neither quoted in what is
    missing nor taken."""
    found = visible(ctx, READ, DecisionRecord.objects.filter(
        kind=kind, status=DecisionRecord.Status.CONCEPT))
    if kind in CASE_KINDS:
        found = found.filter(case=case, phase_proposal__isnull=True)
        if kind == DecisionKind.FASE:
            found = found.filter(to_phase=to_phase)
    else:
        found = found.filter(household_id=household_id, person_id=person_id)
    return found.order_by("-created_at").first()


def required_problems(ctx, *, kind: str, **where) -> list[str]:
    """What keeps this decision from being taken (Dutch sentences), [] when its record is
    complete. For the form and the API to say before anything is written."""
    decision = concept_for(ctx, kind=kind, **where)
    return [str(NO_RECORD[kind])] if decision is None else problems(decision)


def take_required(ctx, *, kind: str, today=None, **where) -> DecisionRecord:
    """Take the decision's record inside the caller's transaction, or raise a Dutch
    ValidationError saying what is missing (no record, no facts, a fact without a source
    or without the family's view)."""
    decision = concept_for(ctx, kind=kind, **where)
    if decision is None:
        raise ValidationError({"__all__": [str(NO_RECORD[kind])]})
    return take(ctx, decision, today=today)


def attach_to_proposal(ctx, case, proposal) -> DecisionRecord:
    """A four-eyes phase decision is proposed on the record made beforehand from the case
    page for that move: the record now belongs to the proposal (confirming takes it).
    Checked again here, inside the proposal's transaction: no complete record, no
    proposal (a Dutch ValidationError; the caller's transaction rolls back)."""
    kind = phase_kind(proposal.to_phase)
    decision = concept_for(ctx, kind=kind, case=case, to_phase=proposal.to_phase)
    if decision is None:
        raise ValidationError({"__all__": [str(NO_RECORD[kind])]})
    decision = DecisionRecord.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionRecord.Status.CONCEPT or decision.phase_proposal_id:
        raise ValidationError({"__all__": [str(NO_RECORD[kind])]})
    check_complete(decision)
    DecisionRecord.objects.filter(pk=decision.pk).update(phase_proposal=proposal)
    decision.phase_proposal = proposal
    return decision


def release_from_proposal(proposal) -> None:
    """A proposal not confirmed leaves its concept record to the move it was made for
    (concept_for finds it again; the next proposal for that move attaches it)."""
    DecisionRecord.objects.filter(phase_proposal=proposal,
                                  status=DecisionRecord.Status.CONCEPT) \
        .update(phase_proposal=None)


# --- the family's view and the team's dissent -------------------------------------------

@transaction.atomic
def record_view(ctx, decision: DecisionRecord, *, person_id, answer: str, words: str = "",
                fact: Fact | None = None, via: str = FamilyView.Via.PROFESSIONAL
                ) -> FamilyView:
    """What a family member says about a fact (or, without a fact, about the whole
    draft). A professional records it for any member (the owner organisation, after
    talking with them); in the portal a member gives only their own."""
    errors = Errors()
    if via == FamilyView.Via.PROFESSIONAL:
        _require_write(ctx, decision)
        person = member_of(decision.household, person_id)
        if person is None:
            errors.add("person", _("Kies een gezinslid van dit huishouden."))
    else:
        if not ctx.is_family or str(person_id) != str(ctx.person_id) or \
                not decide(ctx, READ, decision).allowed:
            raise PermissionDenied(_("U kunt alleen uw eigen reactie geven."))
        person = member_of(decision.household, person_id)
    if fact is not None and fact.decision_id != decision.pk:
        errors.add("fact", _("Dit feit hoort niet bij dit besluit."))
    if fact is not None and answer not in FamilyView.Answer.values:
        errors.add("answer", _("Kies wat het gezinslid vindt: eens, niet eens, of nog niet "
                               "gehoord."))
    if fact is None:
        answer = ""
    words = text(words, "words", errors, limit=MAX_WORDS)
    if answer == FamilyView.Answer.NIET_GEHOORD and not words:
        errors.add("words", _("Schrijf op waarom het gezinslid nog niet gehoord is."))
    if answer == FamilyView.Answer.ONEENS and not words:
        errors.add("words", _("Schrijf op waarom het gezinslid het niet eens is, zo veel "
                              "mogelijk in de eigen woorden."))
    if fact is None and not words:
        errors.add("words", _("Schrijf de reactie op."))
    errors.raise_if_any()
    view = FamilyView.objects.create(decision=decision, fact=fact,
                                     household_id=decision.household_id, person=person,
                                     answer=answer, words=words, via=via,
                                     recorded_by=ctx.user)
    record(ctx, "decision.family_view", [view], action="create")
    return view


@transaction.atomic
def record_dissent(ctx, decision: DecisionRecord, reasons: str) -> Dissent:
    """A team member records that they do not agree, with their reasons."""
    dissent = Dissent(decision=decision, household_id=decision.household_id,
                      person_id=decision.person_id, user=ctx.user,
                      organisation_id=ctx.organisation_id)
    if not decide(ctx, READ, decision).allowed or not decide(ctx, UPDATE, dissent).allowed:
        raise PermissionDenied(_("Alleen een lid van het team legt een afwijkende mening "
                                 "vast."))
    errors = Errors()
    if decision.status != DecisionRecord.Status.CONCEPT:
        errors.add("__all__", _("Dit besluit is al genomen; het verslag verandert niet meer."))
    dissent.reasons = text(reasons, "reasons", errors, limit=MAX_WORDS,
                           required=_("Schrijf op waarom u het niet eens bent."))
    errors.raise_if_any()
    dissent.save()
    record(ctx, "decision.dissent", [dissent], action="create", subjects=subjects_of(decision))
    return dissent


# --- taking the decision ----------------------------------------------------------------

def take(ctx, decision: DecisionRecord, *, today=None) -> DecisionRecord:
    """Mark the decision taken, with its objection route and last day; refused while a
    fact lacks a source. Call inside the transaction that carries out the decision."""
    today = today or timezone.localdate()
    locked = DecisionRecord.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionRecord.Status.CONCEPT:
        raise ValidationError({"__all__": [_("Dit besluit is al genomen.")]})
    check_complete(locked)
    locked.status, locked.taken_on, locked.taken_by = (DecisionRecord.Status.GENOMEN, today,
                                                       ctx.user)
    kind = locked.owner_organisation.kind
    locked.objection_route, locked.objection_until = objection.first(locked, kind)
    locked.save(update_fields=["status", "taken_on", "taken_by", "objection_route",
                               "objection_until"])
    with together(ctx):
        record(ctx, "decision.take", [locked], action="update",
               subjects=subjects_of(locked))
    return locked


def take_for_proposal(ctx, proposal, today) -> DecisionRecord:
    """The four-eyes phase decision (cases/proposals.py confirm): its decision record is
    taken with it, or the confirmation is refused (Dutch ValidationError, nothing written)
    while the record is incomplete - facts may have been added since the proposal. Every
    phase decision needs one (decision 0051). A proposal made before that rule, without
    a record of its own, takes the concept made for its move from the case page."""
    decision = DecisionRecord.objects.filter(phase_proposal=proposal).first()
    if decision is None:
        return take_required(ctx, kind=phase_kind(proposal.to_phase), case=proposal.case,
                             to_phase=proposal.to_phase, today=today)
    return take(ctx, decision, today=today)
