"""Registering a legal measure about a person of a household and recording its status
(decision 0044).

The caller has fetched the household (register) or the measure (change_status) for
UPDATE through the access module. Each function checks the whole input first against the
catalogue (rules/measures.toml) and raises a Dutch ValidationError keyed by field without
writing anything; the measure, its status row, its conditions and the access-log records
are written in one transaction. Dates follow the catalogue: the end is computed from the
start (or from the current end for an extension) and may differ only with a reason, and
never go past a confirmed legal maximum.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import READ, UPDATE, decide, record, together, visible
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.organisations.models import Organisation

from .catalogue import Measure as CatalogueEntry
from .catalogue import catalogue
from .models import IN_FORCE, TRANSITIONS, Measure, MeasureCondition, MeasureStatus, Status
from .recorders import laws_for, recorders

MAX_TEXT = 2000
LAW_WORDS = {"civiel": "civiele", "bestuurlijk": "bestuurlijke",
             "strafrechtelijk": "strafrechtelijke", "zorg": "zorg"}


@dataclass
class ConditionIn:
    kind: str = ""
    person_id: object = None  # a member of the household
    other: str = ""  # someone outside the household, by name
    area: str = ""
    description: str = ""


@dataclass
class StatusIn:
    """One status: its date, the period where it sets one, and its source."""

    status: str = ""
    status_on: date | None = None  # request date, decision date or the end
    starts_on: date | None = None
    ends_on: date | None = None  # only to differ from the computed end, with a reason
    end_reason: str = ""
    source_reference: str = ""
    document_id: object = None
    note: str = ""


class _Errors(dict):
    def add(self, field: str, message) -> None:
        self.setdefault(field, []).append(str(message))


def _day(value) -> str | None:
    return value.isoformat() if value else None


def snapshot(measure: Measure) -> dict:
    """The measure's values after a status: one version of it."""
    return {"measure_key": measure.measure_key, "person": str(measure.person_id),
            "status": measure.status, "authority_kind": measure.authority_kind,
            "authority_name": measure.authority_name, "case_number": measure.case_number,
            "requester": measure.requester, "requested_on": _day(measure.requested_on),
            "decided_on": _day(measure.decided_on), "starts_on": _day(measure.starts_on),
            "ends_on": _day(measure.ends_on), "computed_end_on": _day(measure.computed_end_on),
            "end_reason": measure.end_reason, "ended_on": _day(measure.ended_on),
            "extensions": measure.extensions, "carried_out_by": str(
                measure.carried_out_by_id) if measure.carried_out_by_id else None}


# --- checks -----------------------------------------------------------------------------

def recordable_entries(ctx) -> list[CatalogueEntry]:
    """The catalogue entries ctx's organisation kind records (the form's choices)."""
    laws = laws_for(ctx.organisation_kind)
    return [m for m in catalogue().measures if m.law in laws]


def _law_refusal(ctx, entry: CatalogueEntry) -> str:
    kinds = dict(Organisation.Kind.choices)
    by = ", ".join(str(kinds.get(k, k)) for k in recorders()[entry.law])
    return _("Uw organisatie legt geen %(law)s maatregelen vast. Dat doen: %(by)s.") % {
        "law": LAW_WORDS[entry.law], "by": by}


def _text(value, field, errors, *, required_message=None, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required_message and not value:
        errors.add(field, required_message)
    elif len(value) > limit:
        errors.add(field, _("Deze tekst is te lang (hoogstens %(n)s tekens).") % {"n": limit})
    return value


def _not_future(value, field, errors, today) -> None:
    if value is not None and value > today:
        errors.add(field, _("Deze datum ligt in de toekomst."))


def _end(entry: CatalogueEntry, start: date, computed: date | None, given: date | None,
         reason: str, errors: _Errors, *, extending: bool = False) -> date | None:
    """The end in force: the computed end, or a different one with a reason; never on or
    before the start (for an extension: the current end), never past a confirmed legal
    maximum."""
    if given is None or given == computed:
        return computed
    if given <= start:
        errors.add("ends_on", _("De nieuwe einddatum ligt op of vóór het huidige einde.")
                   if extending else _("De einddatum ligt op of vóór de begindatum."))
    elif computed is not None and given > computed and entry.confirmed:
        errors.add("ends_on", _("Een %(label)s duurt volgens de wet ten hoogste tot "
                                "%(date)s.") % {"label": entry.label.lower(),
                                                "date": computed.strftime("%d-%m-%Y")})
    if not reason:
        errors.add("end_reason", _("Schrijf op waarom de einddatum afwijkt van de berekende "
                                   "(%(date)s), bijvoorbeeld: de einddatum in de "
                                   "beschikking.") % {
            "date": computed.strftime("%d-%m-%Y") if computed else _("geen einde")})
    return given


def _source(ctx, household, status_in: StatusIn, errors: _Errors):
    reference = _text(status_in.source_reference, "source_reference", errors, limit=200,
                      required_message=_("Noem de bron: het zaaknummer of kenmerk van de "
                                         "beschikking, het besluit of het verzoek."))
    document = None
    if status_in.document_id:
        document = visible(ctx, READ, Entry.objects.filter(
            pk=status_in.document_id, household=household, is_current=True,
            kind=EntryKind.DOCUMENT)).first() if _is_uuid(status_in.document_id) else None
        if document is None:
            errors.add("document", _("Dit document staat niet in de tijdlijn van dit "
                                     "huishouden, of u mag het niet zien."))
    return reference, document


def _is_uuid(value) -> bool:
    from netwerkdossier.uuids import parse_uuid

    return parse_uuid(value) is not None


def _conditions(household, person, items, errors: _Errors) -> list[MeasureCondition]:
    members = set(HouseholdMember.objects.filter(household=household)
                  .values_list("person_id", flat=True))
    kinds = dict(MeasureCondition.Kind.choices)
    found = []
    for number, item in enumerate(items, start=1):
        where = _("Voorwaarde %(n)s") % {"n": number}
        if item.kind not in kinds:
            errors.add("conditions", _("%(where)s: kies de soort voorwaarde.") % {
                "where": where})
            continue
        named = None
        if item.person_id:
            named = next((m for m in members if str(m) == str(item.person_id)), None)
            if named is None:
                errors.add("conditions", _("%(where)s: deze persoon hoort niet bij dit "
                                           "huishouden. Noem iemand van buiten het gezin "
                                           "bij naam.") % {"where": where})
            elif named == person.pk:
                errors.add("conditions", _("%(where)s: een contactverbod noemt een ander "
                                           "dan de persoon over wie de maatregel gaat.")
                           % {"where": where})
        other = (item.other or "").strip()[:200]
        area = (item.area or "").strip()[:1000]
        description = (item.description or "").strip()[:2000]
        if item.kind == MeasureCondition.Kind.CONTACTVERBOD and not (item.person_id or other):
            errors.add("conditions", _("%(where)s: noem met wie geen contact mag zijn.")
                       % {"where": where})
        if item.kind == MeasureCondition.Kind.GEBIEDSVERBOD and not area:
            errors.add("conditions", _("%(where)s: beschrijf het gebied.") % {"where": where})
        if item.kind in (MeasureCondition.Kind.MELDPLICHT, MeasureCondition.Kind.OVERIG) \
                and not description:
            errors.add("conditions", _("%(where)s: beschrijf de voorwaarde.") % {
                "where": where})
        found.append(MeasureCondition(person=person, kind=item.kind, named_person_id=named,
                                      named_other=other, area=area, description=description))
    return found


def _deadlines(measure: Measure, entry: CatalogueEntry) -> None:
    """The dates the worklist reads, from the catalogue."""
    if measure.status in IN_FORCE and measure.starts_on:
        measure.remind_on = entry.remind_on(measure.ends_on)
        measure.hearing_on = entry.hearing_by(measure.starts_on) \
            if measure.status == Status.TOEGEWEZEN else None
    else:
        measure.remind_on = measure.hearing_on = None


# --- registering ------------------------------------------------------------------------

@transaction.atomic
def register(ctx, household, *, person_id, measure_key: str, authority_kind: str,
             authority_name: str, case_number: str = "", requester: str = "",
             requested_on: date | None = None, carried_out_by_id=None,
             first: StatusIn, conditions=()) -> Measure:
    """Register a measure about a member of `household` with its first status
    (aangevraagd, or toegewezen for a measure registered once it was decided)."""
    errors, today = _Errors(), timezone.localdate()
    member = HouseholdMember.objects.filter(household=household, person_id=person_id) \
        .select_related("person").first() if _is_uuid(person_id) else None
    if member is None:
        errors.add("person", _("Kies voor wie de maatregel is: een gezinslid van dit "
                               "huishouden."))
    try:
        entry = catalogue().get(measure_key or "")
    except KeyError:
        entry = None
        errors.add("measure_key", _("Kies de maatregel."))
    measure = Measure(household=household, owner_organisation_id=ctx.organisation_id,
                      recorded_by=ctx.user, case=household_case(household))
    if member is not None:
        measure.person = member.person
    if entry is not None:
        measure.measure_key, measure.law = entry.key, entry.law
        measure.criminal_data, measure.health_data = entry.criminal_data, entry.law == "zorg"
        if not decide(ctx, UPDATE, measure).allowed:
            errors.add("measure_key", _law_refusal(ctx, entry))
    measure.authority_kind = _text(authority_kind, "authority_kind", errors, limit=60,
                                   required_message=_("Kies wie heeft beslist."))
    if entry is not None and measure.authority_kind and measure.authority_kind != \
            entry.decided_by:
        errors.add("authority_kind", _("%(authority)s kan geen %(label)s opleggen; dat "
                                       "beslist: %(by)s.") % {
            "authority": measure.authority_kind, "label": entry.label.lower(),
            "by": entry.decided_by.lower()})
    measure.authority_name = _text(authority_name, "authority_name", errors, limit=200,
                                   required_message=_("Noem de instantie, bijvoorbeeld de "
                                                      "rechtbank of de gemeente."))
    measure.case_number = _text(case_number, "case_number", errors, limit=100)
    measure.requester = _text(requester, "requester", errors, limit=100)
    if entry is not None and measure.requester and measure.requester not in entry.requested_by:
        errors.add("requester", _("Een %(label)s kan niet worden aangevraagd door "
                                  "%(who)s.") % {"label": entry.label.lower(),
                                                 "who": measure.requester})
    measure.requested_on = requested_on
    _not_future(requested_on, "requested_on", errors, today)
    if first.status not in TRANSITIONS[None]:
        errors.add("status", _("Kies de status: aangevraagd, of toegewezen als er al een "
                               "besluit is."))
    elif first.status == Status.AANGEVRAAGD:
        if entry is not None and not entry.requested_by:
            errors.add("status", _("Een %(label)s wordt niet aangevraagd: %(by)s beslist "
                                   "zelf. Kies toegewezen.") % {
                "label": entry.label.lower(), "by": entry.decided_by.lower()})
        if requested_on is None:
            errors.add("requested_on", _("Vul in wanneer de maatregel is aangevraagd."))
    if carried_out_by_id:
        if not _is_uuid(carried_out_by_id) or not Organisation.objects.filter(
                pk=carried_out_by_id).exists():
            errors.add("carried_out_by", _("Kies een organisatie uit de lijst."))
        else:
            measure.carried_out_by_id = carried_out_by_id
    measure.status = first.status
    items = _conditions(household, member.person, conditions, errors) \
        if member is not None else []
    reference, document = _source(ctx, household, first, errors)
    if first.status == Status.TOEGEWEZEN and entry is not None:
        _grant(measure, entry, first, errors, today)
        if member is not None:
            _placement_record(ctx, measure, errors)
    if errors:
        raise ValidationError(dict(errors))
    if first.status == Status.TOEGEWEZEN:
        _take_placement(ctx, measure)
    measure.save()
    status = _status_row(ctx, measure, 1, first, reference, document,
                         first.status_on or requested_on)
    for item in items:
        item.measure = measure
    MeasureCondition.objects.bulk_create(items)
    if measure.status == Status.TOEGEWEZEN:
        _started(measure)
    with together(ctx):
        record(ctx, "measure.registered", [measure], action="create")
        record(ctx, "measure.registered", [status], action="create")
        record(ctx, "measure.registered", items, action="create")
    return measure


def _started(measure) -> None:
    """A granted measure is a monitoring event (new OTS and placements per 1,000
    children, voluntary against compulsory: monitoring/events.py), in this transaction.
    Without a case it belongs to no trajectory the indicators count."""
    from netwerkdossier.monitoring import events as monitoring_events

    if measure.case is not None:
        monitoring_events.measure_started(measure.case, measure.measure_key,
                                          measure.starts_on or timezone.localdate())


def household_case(household):
    """The household's open case the measure is registered in (its phase governs
    phase-bound sharing): the most recent one, or None."""
    from netwerkdossier.cases.models import Case

    return Case.objects.filter(household=household, closed_on__isnull=True) \
        .order_by("-opened_on").first()


def _grant(measure, entry, status_in: StatusIn, errors: _Errors, today) -> None:
    """Toegewezen: the decision date, the start and the end."""
    if status_in.status_on is None:
        errors.add("status_on", _("Vul de datum van het besluit in."))
    _not_future(status_in.status_on, "status_on", errors, today)
    if measure.requested_on and status_in.status_on and \
            status_in.status_on < measure.requested_on:
        errors.add("status_on", _("Het besluit ligt vóór het verzoek."))
    start = status_in.starts_on
    if start is None:
        errors.add("starts_on", _("Vul in wanneer de maatregel begint."))
        return
    if measure.requested_on and start < measure.requested_on:
        errors.add("starts_on", _("De maatregel begint vóór het verzoek."))
    reason = _text(status_in.end_reason, "end_reason", errors)
    computed = entry.ends_on(start)
    measure.decided_on, measure.starts_on = status_in.status_on, start
    measure.computed_end_on = computed
    measure.ends_on = _end(entry, start, computed, status_in.ends_on, reason, errors)
    measure.end_reason = reason if measure.ends_on != computed else ""
    _deadlines(measure, entry)


def _placement_record(ctx, measure, errors: _Errors) -> None:
    """A placement granted is a decision that weighs on the family (decision 0051): it
    rests on a complete decision record about the child, or it is refused saying what is
    missing."""
    from netwerkdossier.decisions import services as decision_records

    if measure.measure_key not in decision_records.PLACEMENT_MEASURES:
        return
    for problem in decision_records.required_problems(
            ctx, kind="plaatsing", household_id=measure.household_id,
            person_id=measure.person_id):
        errors.add("__all__", problem)


def _take_placement(ctx, measure) -> None:
    """Take the placement's record in the transaction that records the grant."""
    from netwerkdossier.decisions import services as decision_records

    if measure.measure_key in decision_records.PLACEMENT_MEASURES:
        decision_records.take_required(ctx, kind="plaatsing",
                                       household_id=measure.household_id,
                                       person_id=measure.person_id)


def _status_row(ctx, measure, number, status_in, reference, document, status_on):
    try:
        with transaction.atomic():
            return MeasureStatus.objects.create(
                measure=measure, person=measure.person, number=number,
                status=measure.status, status_on=status_on or timezone.localdate(),
                starts_on=measure.starts_on, ends_on=measure.ends_on,
                computed_end_on=measure.computed_end_on, end_reason=measure.end_reason,
                source_reference=reference, document=document,
                note=(status_in.note or "").strip()[:MAX_TEXT], snapshot=snapshot(measure),
                recorded_by=ctx.user, recorded_by_organisation_id=ctx.organisation_id)
    except IntegrityError:  # the same measure changed at the same moment by someone else
        raise ValidationError({"__all__": [_stale()]}) from None


def _stale() -> str:
    return _("Iemand anders heeft deze maatregel net gewijzigd. Bekijk de nieuwe gegevens "
             "en probeer het opnieuw.")


# --- a status change --------------------------------------------------------------------

@transaction.atomic
def change_status(ctx, measure: Measure, change: StatusIn, *,
                  expected_version: int | None = None) -> MeasureStatus:
    """Record the next status of a measure: toegewezen or afgewezen after a request,
    verlengd or beëindigd while it is in force."""
    errors, today = _Errors(), timezone.localdate()
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    entry = measure.catalogue_entry
    if expected_version is not None and expected_version != measure.version:
        errors.add("__all__", _stale())
    allowed = TRANSITIONS.get(Status(measure.status), ())
    if change.status not in allowed:
        names = dict(Status.choices)
        errors.add("status", _("Na '%(now)s' kan de status alleen worden: %(next)s.") % {
            "now": names[measure.status],
            "next": ", ".join(str(names[s]).lower() for s in allowed) or _("niets meer")})
        raise ValidationError(dict(errors))
    if change.status_on is None:
        errors.add("status_on", _("Vul de datum van het verzoek in.")
                   if change.status == Status.VERLENGING_AANGEVRAAGD
                   else _("Vul de datum van het besluit in."))
    _not_future(change.status_on, "status_on", errors, today)
    last = measure.decided_on or measure.requested_on
    if measure.extension_asked:  # the court decides after the request
        asked = measure.history.order_by("-number").values_list("status_on", flat=True).first()
        last = max((day for day in (last, asked) if day), default=None)
    if change.status_on and last and change.status_on < last:
        errors.add("status_on", _("Deze datum ligt vóór de vorige status (%(date)s).") % {
            "date": last.strftime("%d-%m-%Y")})
    reference, document = _source(ctx, measure.household, change, errors)
    if change.status == Status.TOEGEWEZEN:
        _grant(measure, entry, change, errors, today)
        _placement_record(ctx, measure, errors)
    elif change.status == Status.AFGEWEZEN:
        measure.decided_on = change.status_on
    elif change.status == Status.VERLENGING_AANGEVRAAGD:
        _extension_requested(measure, entry, change, errors)
    elif change.status == Status.VERLENGD:
        _extend(measure, entry, change, errors)
    elif change.status == Status.BEEINDIGD:
        if change.status_on and measure.starts_on and change.status_on < measure.starts_on:
            errors.add("status_on", _("De maatregel eindigt vóór hij begon."))
        measure.ended_on = change.status_on
    if errors:
        raise ValidationError(dict(errors))
    if change.status == Status.TOEGEWEZEN:
        _take_placement(ctx, measure)
    measure.status = change.status
    _deadlines(measure, entry)
    measure.version += 1
    measure.updated_at = timezone.now()
    measure.save()
    row = _status_row(ctx, measure, measure.version, change, reference, document,
                      change.status_on)
    if change.status == Status.TOEGEWEZEN:
        _started(measure)
    with together(ctx):
        record(ctx, f"measure.{change.status}", [row], action="create")
        record(ctx, f"measure.{change.status}", [measure], action="update")
    return row


def _extendable(measure, entry, change: StatusIn, errors: _Errors, after_end: str):
    """The longest extension the catalogue still allows from the current end, with the
    day of the step checked against that end (`after_end`: the Dutch words when it lies
    after it); None, with the reason, when no extension is allowed."""
    longest = entry.extended_until(measure.starts_on, measure.ends_on, measure.extensions)
    if longest is None:
        errors.add("status", no_extension_reason(measure, entry))
        return None
    if change.status_on and measure.ends_on and change.status_on > measure.ends_on:
        errors.add("status_on", after_end % {"date": measure.ends_on.strftime("%d-%m-%Y")})
    return longest


def _extension_requested(measure, entry, change: StatusIn, errors: _Errors) -> None:
    """Verlenging aangevraagd: only while the catalogue still allows an extension, asked
    before the end; the end, the reminder and the decision date stay as they are."""
    if _extendable(measure, entry, change, errors, _(
            "Een verlenging moet worden aangevraagd vóór het einde van de maatregel "
            "(%(date)s).")) is None:
        return
    if change.ends_on or change.end_reason:
        errors.add("ends_on", _("Bij een aanvraag blijft de einddatum staan. De nieuwe "
                                "einddatum legt u vast als de rechter heeft besloten."))


def _extend(measure, entry, change: StatusIn, errors: _Errors) -> None:
    """Verlengd: the catalogue's longest extension from the current end, cut at the
    legal maximum; refused with the reason when no further extension is allowed."""
    longest = _extendable(measure, entry, change, errors, _(
        "Een verlenging moet zijn besloten vóór het einde van de maatregel (%(date)s)."))
    if longest is None:
        return
    reason = _text(change.end_reason, "end_reason", errors)
    new_end = _end(entry, measure.ends_on, longest, change.ends_on, reason, errors,
                   extending=True)
    measure.decided_on = change.status_on
    measure.computed_end_on, measure.ends_on = longest, new_end
    measure.end_reason = reason if new_end != longest else ""
    measure.extensions += 1


def no_extension_reason(measure, entry) -> str:
    """Why the catalogue allows no further extension, in Dutch."""
    label = entry.label
    if measure.ends_on is None or entry.extension is None:
        return _("Een %(label)s kan niet worden verlengd (%(source)s).") % {
            "label": label.lower(), "source": entry.source}
    if entry.extensions_max is not None and measure.extensions >= entry.extensions_max:
        return _("Een %(label)s kan ten hoogste %(n)s keer worden verlengd; dat is al "
                 "gebeurd (%(source)s).") % {"label": label.lower(),
                                              "n": entry.extensions_max,
                                              "source": entry.source}
    limit = entry.latest_end(measure.starts_on)
    return _("Een %(label)s duurt met verlengingen ten hoogste %(period)s: tot uiterlijk "
             "%(date)s (%(source)s).") % {
        "label": label.lower(), "period": entry.extension_limit,
        "date": limit.strftime("%d-%m-%Y") if limit else "", "source": entry.source}
