"""Forms to keep a registration right (members, gezag, address), each with an explicit
source. They only parse input; households/registration.py checks the content and its
Dutch errors are carried back onto these fields (errormap.apply_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.households.models import Gezag, HouseholdMember
from netwerkdossier.households.registration_sources import clean_source, source_choices

from .forms import DATE_FORMATS, BsnCleaning, DateInput, DayField, ServiceCheckedChoiceField

RELATIONS = list(HouseholdMember.Relation.choices)
GEZAG_KINDS = list(Gezag.Kind.choices)


def _day(label, help_text="", required=False):
    return DayField(label=label, required=required, input_formats=DATE_FORMATS,
                    widget=DateInput(), help_text=help_text,
                    error_messages={"invalid": _("Vul een geldige datum in (dag-maand-jaar).")})


class SourceForm(forms.Form):
    """The source of a change: chosen every time, never preselected."""

    source_kind = ServiceCheckedChoiceField(
        label=_("Bron van deze wijziging"), required=False, widget=forms.RadioSelect,
        help_text=_("Waar komt deze wijziging vandaan? Kies er altijd zelf één."))
    source_reference = forms.CharField(
        label=_("Zaaknummer of kenmerk"), max_length=100, required=False,
        help_text=_("Verplicht bij een beschikking, bijvoorbeeld C/12/345678 / FA RK 26-123."))
    source_date = _day(_("Datum van de bron"),
                       _("De datum van de beschikking, het uittreksel of de verklaring."))
    source_by = forms.CharField(
        label=_("Verklaring van"), max_length=200, required=False,
        help_text=_("Verplicht bij een verklaring: van wie is die?"))
    reason = forms.CharField(
        label=_("Waarom wijzigt u dit?"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1,
                                 max_value=1_000_000)

    target = ""  # "member", "gezag" or "address"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_kind"].choices = source_choices(self.target)

    def clean(self):
        """The source and the reason checked here too (households/registration_sources.py,
        the service checks them again), so one refused save names everything missing."""
        cleaned = super().clean()
        _values, errors = clean_source(
            self.target, cleaned.get("source_kind"), cleaned.get("source_reference"),
            cleaned.get("source_date"), cleaned.get("source_by"))
        if not (cleaned.get("reason") or "").strip() and "reason" not in self.errors:
            errors["reason"] = [_("Schrijf op waarom u dit wijzigt.")]
        for name, messages in errors.items():
            if name not in self.errors:
                for message in messages:
                    self.add_error(name, message)
        return cleaned

    def source(self) -> dict:
        data = self.cleaned_data
        return {"kind": data.get("source_kind"), "reference": data.get("source_reference"),
                "date": data.get("source_date"), "by": data.get("source_by")}


class MemberAddForm(BsnCleaning, SourceForm):
    target = "member"
    existing_bsn = forms.CharField(
        label=_("Bestaand persoon (BSN)"), max_length=9, required=False,
        help_text=_("Staat deze persoon al in het dossier? Vul dan alleen het BSN in."))
    given_names = forms.CharField(label=_("Voornamen"), max_length=120, required=False)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    family_name = forms.CharField(label=_("Achternaam"), max_length=120, required=False)
    birth_date = _day(_("Geboortedatum"))
    bsn = forms.CharField(label=_("BSN (niet verplicht)"), max_length=9, required=False)
    relation = forms.ChoiceField(label=_("Relatie"), required=False,
                                 choices=[("", _("Kies een relatie")), *RELATIONS])
    lives_in = forms.BooleanField(label=_("Woont op het adres van dit huishouden"),
                                  required=False)
    valid_from = _day(_("Hoort bij het huishouden vanaf"))
    field_order = ["existing_bsn", "given_names", "tussenvoegsel", "family_name",
                   "birth_date", "bsn", "relation", "lives_in", "valid_from"]


    def clean(self):
        # Before the source's checks, so the error summary follows the page's order.
        if not self.cleaned_data.get("relation") and "relation" not in self.errors:
            self.add_error("relation", _("Kies een relatie."))
        return super().clean()


class MemberChangeForm(SourceForm):
    target = "member"
    relation = forms.ChoiceField(label=_("Relatie"), choices=RELATIONS, required=False)
    lives_in = forms.BooleanField(label=_("Woont op het adres van dit huishouden"),
                                  required=False)
    valid_to = _day(_("Hoort bij het huishouden tot en met"),
                    _("Vul een datum in om het lidmaatschap te beëindigen. De gegevens "
                      "blijven bewaard."))
    field_order = ["relation", "lives_in", "valid_to"]


class GezagAddForm(SourceForm):
    target = "gezag"
    holder = ServiceCheckedChoiceField(label=_("Wie heeft het gezag?"), required=False)
    child = ServiceCheckedChoiceField(label=_("Over welk kind?"), required=False)
    kind = forms.ChoiceField(label=_("Soort gezag"), required=False,
                             choices=[("", _("Kies de soort gezag")), *GEZAG_KINDS])
    valid_from = _day(_("Gezag vanaf"))
    valid_to = _day(_("Gezag tot en met (niet verplicht)"))
    field_order = ["holder", "child", "kind", "valid_from", "valid_to"]

    def __init__(self, *args, holders=(), children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].choices = [("", _("Kies een volwassene"))] + [
            (str(p.pk), p.full_name) for p in holders]
        self.fields["child"].choices = [("", _("Kies een kind"))] + [
            (str(p.pk), p.full_name) for p in children]


class GezagChangeForm(SourceForm):
    target = "gezag"
    kind = forms.ChoiceField(label=_("Soort gezag"), required=False, choices=GEZAG_KINDS)
    valid_from = _day(_("Gezag vanaf"))
    valid_to = _day(_("Gezag tot en met"),
                    _("Vul een datum in om het gezag te beëindigen, bijvoorbeeld de dag vóór "
                      "de beschikking ingaat."))
    field_order = ["kind", "valid_from", "valid_to"]


class AddressForm(SourceForm):
    target = "address"
    street = forms.CharField(label=_("Straat en huisnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    municipality = forms.CharField(label=_("Gemeente"), max_length=120, required=False)
    field_order = ["street", "postcode", "municipality"]
