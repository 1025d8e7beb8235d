"""Forms to register a measure and to record its next status. They only parse input and
offer choices, none preselected; measures/services.py checks the content against the
catalogue and its Dutch messages are carried back onto these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.web.forms import (
    DATE_FORMATS,
    DateInput,
    DayField,
    ServiceCheckedChoiceField,
)

from .catalogue import catalogue
from .models import MeasureCondition, Status
from .services import ConditionIn, StatusIn

EMPTY = [("", _("— kies —"))]
CONDITION_SLOTS = 2  # conditions per registration form (more: a next measure or the API)


def _day(label, help_text=""):
    return DayField(label=label, required=False, input_formats=DATE_FORMATS,
                    widget=DateInput(), help_text=help_text,
                    error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar).")})


def _choice(label, help_text="", radio=False):
    return ServiceCheckedChoiceField(label=label, required=False, help_text=help_text,
                                     widget=forms.RadioSelect if radio else forms.Select)


class StatusFields(forms.Form):
    """The status, its date, the end and the source: shared by both forms."""

    status = _choice(_("Status"), radio=True)
    status_on = _day(_("Datum van het besluit"),
                     _("De dag waarop de rechter, de burgemeester of de officier besliste. "
                       "Bij 'Verlenging aangevraagd': de dag waarop het verzoek naar de "
                       "rechter ging."))
    starts_on = _day(_("Begint op"))
    ends_on = _day(_("Einddatum (alleen als die afwijkt)"),
                   _("Leeg laten: de einddatum wordt berekend uit de wet. Vult u een andere "
                     "datum in, schrijf dan op waarom."))
    end_reason = forms.CharField(label=_("Waarom wijkt de einddatum af?"), required=False,
                                 max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    source_reference = forms.CharField(
        label=_("Bron"), required=False, max_length=200,
        help_text=_("Het zaaknummer of kenmerk van de beschikking, het besluit of het "
                    "verzoek, bijvoorbeeld C/15/345678 / JE RK 26-123."))
    document = _choice(_("Document in de tijdlijn (niet verplicht)"),
                       _("Een document van dit huishouden met de beschikking als bijlage."))
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, statuses=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        names = dict(Status.choices)
        self.fields["status"].choices = [(s, names[s]) for s in statuses]
        self.fields["document"].choices = EMPTY + [
            (str(e.pk), f"{e.occurred_at:%d-%m-%Y} — {e.text[:60]}") for e in documents]

    def status_in(self) -> StatusIn:
        d = self.cleaned_data
        return StatusIn(status=d.get("status") or "", status_on=d.get("status_on"),
                        starts_on=d.get("starts_on"), ends_on=d.get("ends_on"),
                        end_reason=d.get("end_reason") or "",
                        source_reference=d.get("source_reference") or "",
                        document_id=d.get("document") or None, note=d.get("note") or "")


class RegisterForm(StatusFields):
    person = _choice(_("Voor wie"))
    measure_key = _choice(_("Maatregel"), _("Alleen de maatregelen die uw organisatie "
                                            "vastlegt."))
    authority_kind = _choice(_("Beslist door"))
    authority_name = forms.CharField(label=_("Instantie"), required=False, max_length=200,
                                     help_text=_("Bijvoorbeeld: Rechtbank Noord-Holland, of "
                                                 "de burgemeester van Noorderveld."))
    case_number = forms.CharField(label=_("Zaaknummer"), required=False, max_length=100)
    requester = _choice(_("Aangevraagd door (niet verplicht)"))
    requested_on = _day(_("Datum van het verzoek"))
    carried_out_by = _choice(_("Uitgevoerd door (niet verplicht)"),
                             _("De organisatie die de maatregel uitvoert, bijvoorbeeld de "
                               "gecertificeerde instelling."))

    def __init__(self, *args, members=(), entries=(), organisations=(), **kwargs):
        super().__init__(*args, statuses=(Status.AANGEVRAAGD, Status.TOEGEWEZEN), **kwargs)
        people = EMPTY + [(str(p.pk), p.full_name) for p in members]
        self.fields["person"].choices = people
        self.fields["measure_key"].choices = EMPTY + [
            (m.key, m.label if m.confirmed else f"{m.label} ({_('onbevestigd')})")
            for m in entries]
        every = catalogue().measures
        self.fields["authority_kind"].choices = EMPTY + [
            (a, a) for a in dict.fromkeys(m.decided_by for m in every)]
        self.fields["requester"].choices = EMPTY + [
            (r, r) for r in dict.fromkeys(r for m in every for r in m.requested_by)]
        self.fields["carried_out_by"].choices = EMPTY + [
            (str(o.pk), o.name) for o in organisations]
        kinds = EMPTY + list(MeasureCondition.Kind.choices)
        for n in range(1, CONDITION_SLOTS + 1):
            self.fields[f"c{n}_kind"] = _choice(_("Soort voorwaarde"))
            self.fields[f"c{n}_kind"].choices = kinds
            self.fields[f"c{n}_person"] = _choice(_("Geen contact met (gezinslid)"))
            self.fields[f"c{n}_person"].choices = people
            self.fields[f"c{n}_other"] = forms.CharField(
                label=_("Of: geen contact met (naam, buiten het gezin)"), required=False,
                max_length=200)
            self.fields[f"c{n}_area"] = forms.CharField(
                label=_("Gebied"), required=False, max_length=1000,
                help_text=_("Bijvoorbeeld: de straat of wijk waar het gezin woont."))
            self.fields[f"c{n}_description"] = forms.CharField(
                label=_("Omschrijving"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))

    def condition_slots(self):
        return [[self[f"c{n}_{part}"] for part in ("kind", "person", "other", "area",
                                                   "description")]
                for n in range(1, CONDITION_SLOTS + 1)]

    def conditions(self) -> list[ConditionIn]:
        d, found = self.cleaned_data, []
        for n in range(1, CONDITION_SLOTS + 1):
            values = {part: d.get(f"c{n}_{part}") or "" for part in
                      ("kind", "person", "other", "area", "description")}
            if any(values.values()):
                found.append(ConditionIn(kind=values["kind"], person_id=values["person"] or None,
                                         other=values["other"], area=values["area"],
                                         description=values["description"]))
        return found


class StatusForm(StatusFields):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                                 max_value=1_000_000)
