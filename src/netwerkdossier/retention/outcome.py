"""The answer of a retention computation: from when destruction may happen, which rules
decided it with their sources, whether they are confirmed, and a Dutch explanation."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .facts import FACT_LABELS
from .rules import Rule


class Status(StrEnum):
    KNOWN = "known"  # destroy_from is the earliest day destruction may happen
    NOT_YET_KNOWN = "not_yet_known"  # a clock has not started or a fact is unknown
    PERMANENT = "permanent"  # keep; never destroy by a computed date
    OWN_LAW = "own_law"  # the organisation's own law decides; no date computed
    CONFLICT = "conflict"  # a maximum ends before a minimum: for a lawyer
    NO_RULE = "no_rule"  # no rule says how long at least: do not destroy
    OUTSIDE = "outside"  # not governed by the file's rules (e.g. the access log)


STATUS_LABELS = {
    Status.KNOWN: _("Vernietigen mag vanaf een bekende datum"),
    Status.NOT_YET_KNOWN: _("Nog niet bekend"),
    Status.PERMANENT: _("Altijd bewaren"),
    Status.OWN_LAW: _("Eigen wet van de organisatie"),
    Status.CONFLICT: _("Tegenstrijdige regels"),
    Status.NO_RULE: _("Geen bewaarregel"),
    Status.OUTSIDE: _("Valt buiten de bewaarregels van het dossier"),
}


@dataclass(frozen=True)
class AppliedRule:
    rule: Rule
    day: date | None  # clock start + years; None for permanent and own-law rules


@dataclass(frozen=True)
class RetentionOutcome:
    status: Status
    destroy_from: date | None = None  # earliest day destruction may happen
    destroy_by: date | None = None  # latest day, from a "maximum" rule
    decided_by: Rule | None = None  # the rule behind destroy_from (or the status)
    limited_by: Rule | None = None  # the rule behind destroy_by
    applied: tuple[AppliedRule, ...] = ()  # every rule that applies, in file order
    missing: tuple[str, ...] = ()  # names of the Facts fields still unknown
    reason: str = ""  # why the kind is outside the rules

    @property
    def confirmed(self) -> bool:
        """True only when rules applied and every one of them is confirmed."""
        return bool(self.applied) and not self.unconfirmed

    @property
    def unconfirmed(self) -> tuple[Rule, ...]:
        return tuple(a.rule for a in self.applied if not a.rule.confirmed)

    @property
    def sources(self) -> tuple[tuple[str, str], ...]:
        """(rule key, source) of every rule applied."""
        return tuple((a.rule.key, a.rule.source) for a in self.applied)

    @property
    def missing_labels(self) -> list[str]:
        return [str(FACT_LABELS[name]) for name in self.missing]

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    def explain(self) -> str:
        """The outcome in Dutch, for the professional and the privacy officer."""
        parts = [self._main()]
        if self.status is Status.KNOWN and self.destroy_by is not None:
            parts.append(_("Uiterlijk vernietigen op %(day)s (%(rule)s).") % {
                "day": _day(self.destroy_by), "rule": self.limited_by.label})
        if self.unconfirmed:
            parts.append(_("Let op, nog niet bevestigd: %(rules)s.") % {
                "rules": "; ".join(r.label for r in self.unconfirmed)})
        return " ".join(str(p) for p in parts)

    def _main(self) -> str:
        rule = self.decided_by
        if self.status is Status.KNOWN:
            return _("Vernietigen mag vanaf %(day)s, volgens %(rule)s (%(source)s).") % {
                "day": _day(self.destroy_from), "rule": rule.label, "source": rule.source}
        if self.status is Status.NOT_YET_KNOWN:
            return _("Nog niet bekend wanneer vernietigen mag. Nog onbekend: %(facts)s.") % {
                "facts": "; ".join(self.missing_labels)}
        if self.status is Status.PERMANENT:
            return _("Altijd bewaren, niet vernietigen: %(rule)s (%(source)s).") % {
                "rule": rule.label, "source": rule.source}
        if self.status is Status.OWN_LAW:
            return _("De bewaartermijn volgt uit de eigen wet of regeling van de organisatie: "
                     "%(source)s. Het netwerkdossier berekent geen datum; vernietig alleen "
                     "na een besluit van die organisatie.") % {"source": rule.source}
        if self.status is Status.CONFLICT:
            return _("Tegenstrijdige regels: %(min)s zegt ten minste bewaren tot "
                     "%(from)s, %(max)s zegt uiterlijk vernietigen op %(by)s. Vernietig niet; "
                     "leg dit voor aan een jurist.") % {
                "min": rule.label, "from": _day(self.destroy_from),
                "max": self.limited_by.label, "by": _day(self.destroy_by)}
        if self.status is Status.NO_RULE:
            return str(_("Geen bewaarregel zegt hoe lang dit ten minste bewaard blijft. "
                         "Vernietig niet; leg het voor aan de functionaris "
                         "gegevensbescherming."))
        return _("Deze gegevens vallen niet onder de bewaarregels van het dossier: "
                 "%(reason)s") % {"reason": self.reason}


def _day(day: date) -> str:
    return date_format(day, "j F Y")
