"""The deadlines of legal measures: the end, the reminder to ask for an extension in time,
the hearing and the evaluation (issue 14, point 3; decision 0044).

All dates come from the catalogue (rules/measures.toml) through the dates stored on the
measure when its status was recorded (`ends_on`, `remind_on`, `hearing_on`); the next
evaluation of an open-ended measure is computed for today.

- `of_measure()`: a measure's deadlines for the household page (pure Python, no query).
- `for_households()`: the worklist's measure signals for the households of one page,
  from their measures in force that the reader may read (`in_force()`: one query through
  the access module, shared with the conflicts of measures/coherence.py; a measure the
  reader may not read gives no signal). A measure in force from its reminder date on,
  without a decided extension, is the red signal "loopt af zonder besluit over
  verlenging"; while an extension is asked (verlenging aangevraagd) it is a plain signal
  to record the court's decision, red again once the end has passed. A hearing within
  SOON_DAYS is a signal too (`is_due()`). The rows shown are logged.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from netwerkdossier.access.api import READ, record, together, visible_in_households

from .models import IN_FORCE, Measure, Status

SOON_DAYS = 7  # as the worklist's "binnen 7 dagen"
ENDING = "maatregel_loopt_af"  # the red signal
HEARING = "maatregel_horen"
EXTENSION_ASKED = "maatregel_verlenging_aangevraagd"  # asked, the court's decision to record


@dataclass(frozen=True)
class Deadline:
    code: str  # "einde", "herinnering", "horen", "evaluatie"
    on: date
    text: str
    urgent: bool = False  # red: ends without a decided extension


def _d(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def extension_asked_text(measure, entry, name: str) -> str:
    """The signal's words while the court has the request and the end has not passed."""
    return _("%(label)s van %(name)s: verlenging aangevraagd; leg het besluit van de "
             "rechter vast (einde %(d)s)") % {
        "label": entry.label, "name": name, "d": _d(measure.ends_on)}


def ending_text(measure, entry, name: str) -> str:
    """The red signal's words: it ends, and nobody decided on an extension."""
    if measure.extension_asked:  # asked, but the end passed without a recorded decision
        return _("%(label)s van %(name)s: het einde (%(d)s) is voorbij en het besluit over "
                 "de gevraagde verlenging is niet vastgelegd") % {
            "label": entry.label, "name": name, "d": _d(measure.ends_on)}
    if entry.extended_until(measure.starts_on, measure.ends_on, measure.extensions) is None:
        return _("%(label)s van %(name)s loopt af zonder besluit over verlenging (einde "
                 "%(d)s); verlengen kan niet meer: %(step)s") % {
            "label": entry.label, "name": name, "d": _d(measure.ends_on),
            "step": entry.before_end[0]}
    return _("%(label)s van %(name)s loopt af zonder besluit over verlenging (einde "
             "%(d)s): vraag verlenging aan of sluit af") % {
        "label": entry.label, "name": name, "d": _d(measure.ends_on)}


def of_measure(measure: Measure, today: date) -> list[Deadline]:
    """The deadlines of one measure in force, earliest first."""
    if measure.status not in IN_FORCE:
        return []
    entry = measure.catalogue_entry
    found = []
    if measure.ends_on and measure.extension_asked:
        # Asked in time: red only once the end has passed without a recorded decision.
        found.append(Deadline("einde", measure.ends_on, _(
            "Einde (verlenging aangevraagd, besluit van de rechter nog niet vastgelegd)"),
            measure.ends_on < today))
    elif measure.ends_on:
        urgent = measure.remind_on is not None and measure.remind_on <= today
        found.append(Deadline("einde", measure.ends_on, _("Einde"), urgent))
        if measure.remind_on and not urgent:
            found.append(Deadline("herinnering", measure.remind_on,
                                  _("Verlenging aanvragen vanaf (%(lead)s voor het einde)")
                                  % {"lead": entry.remind_before}))
    if measure.hearing_on and measure.hearing_on >= today:
        found.append(Deadline("horen", measure.hearing_on, _("Horen uiterlijk")))
    evaluation = entry.next_evaluation(measure.starts_on, today) if measure.starts_on \
        else None
    if evaluation:
        found.append(Deadline("evaluatie", evaluation, _("Evaluatie (elke %(every)s)") % {
            "every": entry.evaluate_every}))
    return sorted(found, key=lambda d: d.on)


def is_due(measure, today: date) -> bool:
    """In force, and either from the reminder date on, or a hearing soon."""
    return measure.status in IN_FORCE and (
        (measure.remind_on is not None and measure.remind_on <= today)
        or (measure.hearing_on is not None
            and today <= measure.hearing_on < today + timedelta(days=SOON_DAYS)))


def in_force(ctx, household_ids) -> list[Measure]:
    """The measures in force (by status) in these households that ctx may read, with
    their person: one query, shared by the worklist's deadlines and its conflicts
    (measures/coherence.py). The several-households form of the gate: the general gate
    as a Django condition costs more to build than the query takes (docs/benchmarks.md,
    worklist)."""
    households = list(household_ids)
    if not households:
        return []
    return list(visible_in_households(ctx, READ, households, Measure.objects.filter(
        household_id__in=households, status__in=IN_FORCE)).select_related("person"))


def _order(measure):
    """The order of the signals: by end date, then hearing date (no date last), then id."""
    return (measure.ends_on is None, measure.ends_on or date.min,
            measure.hearing_on is None, measure.hearing_on or date.min, str(measure.pk))


def for_households(ctx, household_ids, today: date, url=None, measures=None) -> dict:
    """household id -> [(code, text, url)] of the measures ctx may read, for the worklist
    (cases.worklist_signals.Signal takes the same three values). `measures`: in_force()
    of the same households when the page has loaded them already, else one query. The
    rows shown are logged in the request's transaction. `url(household_id)` links the
    signal to the household page's measures."""
    households = set(household_ids)
    if measures is None:
        measures = in_force(ctx, households)
    rows = sorted((m for m in measures if m.household_id in households and is_due(m, today)),
                  key=_order)
    found: dict = {}
    for measure in rows:
        entry = measure.catalogue_entry
        link = f"{url(measure.household_id)}#maatregelen" if url else ""
        name = measure.person.given_names
        if measure.remind_on is not None and measure.remind_on <= today:
            signal = (EXTENSION_ASKED, extension_asked_text(measure, entry, name)) \
                if measure.extension_asked and measure.ends_on >= today \
                else (ENDING, ending_text(measure, entry, name))
            found.setdefault(measure.household_id, []).append((*signal, link))
        if measure.status == Status.TOEGEWEZEN and measure.hearing_on and \
                today <= measure.hearing_on < today + timedelta(days=SOON_DAYS):
            found.setdefault(measure.household_id, []).append(
                (HEARING, _("%(label)s van %(name)s: horen uiterlijk %(d)s") % {
                    "label": entry.label, "name": name, "d": _d(measure.hearing_on)}, link))
    by_person: dict = {}
    for measure in rows:  # one record per person (measures/reading.logged_objects)
        by_person.setdefault(measure.person_id, []).append(measure)
    with together(ctx):
        for measures in by_person.values():
            record(ctx, "worklist.measure_deadlines", measures)
    return found
