"""Forms of the analysis pages. They parse input; the services check content and their
Dutch errors are carried back onto the fields."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.web.forms import DATE_FORMATS, DateInput, DayField

from . import domains as dom
from .models import ItemKind

EXTRA_ITEMS = 3
EXTRA_HYPOTHESES = 2
EXTRA_DISAGREEMENTS = 1
NUMBERS = re.compile(r"^\s*\d+(\s*[,; ]\s*\d+)*\s*$")


def _numbers(value: str, message) -> list[int]:
    value = (value or "").strip()
    if not value:
        return []
    if not NUMBERS.match(value):
        raise forms.ValidationError(message)
    return sorted({int(n) for n in re.findall(r"\d+", value)})


class RowForm(forms.Form):
    """A formset row that is always checked: Django skips an extra row that equals its
    initial values, which would silently drop an unchanged point."""

    def has_changed(self) -> bool:
        return True


class ItemForm(RowForm):
    n = forms.IntegerField(required=False, widget=forms.HiddenInput)
    domain = forms.ChoiceField(label=_("Leefgebied"))
    person = forms.ChoiceField(label=_("Over wie"), required=False)
    kind = forms.ChoiceField(label=_("Soort punt"), choices=ItemKind.choices)
    text = forms.CharField(label=_("Tekst"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = dom.choices()
        self.fields["person"].choices = [("", _("Het hele gezin"))] + [
            (str(p.pk), p.full_name) for p in members]

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("text") or "").strip()

    def value(self) -> dict:
        data = self.cleaned_data
        return {"n": data.get("n"), "domain": data["domain"], "person": data["person"] or None,
                "kind": data["kind"], "text": data["text"]}


class HypothesisForm(RowForm):
    n = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Hypothese"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    factors = forms.CharField(
        label=_("Gebruikt deze factoren (puntnummers)"), required=False, max_length=200,
        help_text=_("Nummers van risico- of beschermende factoren, bijvoorbeeld 3, 5."))
    worries = forms.CharField(
        label=_("Verklaart deze zorgen (puntnummers)"), required=False, max_length=200,
        help_text=_("Nummers van zorgen, bijvoorbeeld 1."))

    def clean_factors(self):
        return _numbers(self.cleaned_data["factors"],
                        _("Vul puntnummers in, gescheiden door komma's (bijvoorbeeld 3, 5)."))

    def clean_worries(self):
        return _numbers(self.cleaned_data["worries"],
                        _("Vul puntnummers in, gescheiden door komma's (bijvoorbeeld 1)."))

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not ((data.get("text") or "").strip() or data.get("factors") or
                    data.get("worries"))

    def value(self) -> dict:
        data = self.cleaned_data
        return {"n": data.get("n"), "text": data["text"], "factors": data["factors"],
                "worries": data["worries"]}


class DisagreementForm(RowForm):
    about = forms.CharField(label=_("Waarover verschillen we van inzicht?"), required=False,
                            max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    family = forms.CharField(label=_("Zo ziet het gezin het"), required=False,
                             max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    professionals = forms.CharField(label=_("Zo zien de professionals het"), required=False,
                                    max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    person = forms.ChoiceField(
        label=_("Van wie is deze kijk?"), required=False,
        help_text=_("Is het de kijk van één gezinslid? Kies dan wie. In het gezinsportaal "
                    "ziet alleen die persoon het, en een ouder met gezag als het kind "
                    "jonger is dan 16."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Het hele gezin"))] + [
            (str(p.pk), p.full_name) for p in members]

    def is_blank(self) -> bool:
        return not any((self.cleaned_data.get(f) or "").strip()
                       for f in ("about", "family", "professionals"))

    def value(self) -> dict:
        return {**{k: self.cleaned_data[k] for k in ("about", "family", "professionals")},
                "person": self.cleaned_data.get("person") or None}


ItemFormSet = forms.formset_factory(ItemForm, extra=EXTRA_ITEMS, max_num=500)
HypothesisFormSet = forms.formset_factory(HypothesisForm, extra=EXTRA_HYPOTHESES, max_num=200)
DisagreementFormSet = forms.formset_factory(DisagreementForm, extra=EXTRA_DISAGREEMENTS,
                                            max_num=100)


class AnalysisForm(forms.Form):
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    family_view = forms.CharField(
        label=_("De kijk van het gezin"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hoe het gezin samen tegen de situatie aankijkt, zo veel mogelijk in "
                    "hun eigen woorden. Iedereen die thuis woont, leest dit in het "
                    "gezinsportaal. Schrijf wat één gezinslid zelf vindt bij 'Verschillen van "
                    "inzicht' en kies daar van wie die kijk is."))
    instrument_results = forms.MultipleChoiceField(
        label=_("Uitkomsten van instrumenten waarop de analyse steunt"), required=False,
        widget=forms.CheckboxSelectMultiple)
    case = forms.ChoiceField(label=_("Traject"), required=False)
    note = forms.CharField(label=_("Toelichting bij deze versie (niet verplicht)"),
                           required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Bijvoorbeeld: besproken met het gezin op 3 maart."))

    def __init__(self, *args, results=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument_results"].choices = list(results)
        self.fields["case"].choices = [("", _("Geen traject"))] + [
            (str(c.pk), c.title) for c in cases]


class ResponseForm(forms.Form):
    person = forms.ChoiceField(label=_("Gezinslid"), error_messages={
        "required": _("Kies het gezinslid dat reageert."),
        "invalid_choice": _("Kies het gezinslid dat reageert.")})
    agrees = forms.ChoiceField(
        label=_("Reactie"), widget=forms.RadioSelect,
        choices=[("ja", _("Medeondertekend: het gezinslid is het eens met deze versie")),
                 ("nee", _("Betwist: het gezinslid is het niet eens met deze versie"))],
        error_messages={"required": _("Kies of het gezinslid ondertekent of betwist."),
                        "invalid_choice": _("Kies of het gezinslid ondertekent of betwist.")})
    text = forms.CharField(
        label=_("In de eigen woorden van het gezinslid"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij betwisten. Schrijf op wat het gezinslid zelf zegt."))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Kies een gezinslid"))] + [
            (str(p.pk), p.full_name) for p in members]


class InstrumentForm(forms.Form):
    """Generated from an instrument definition: one field per item, named q_<key>."""

    person = forms.ChoiceField(label=_("Voor welk gezinslid"), error_messages={
        "required": _("Kies het gezinslid voor wie u het instrument invult."),
        "invalid_choice": _("Kies het gezinslid voor wie u het instrument invult.")})
    administered_on = DayField(
        label=_("Afgenomen op"), input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"required": _("Vul de datum in waarop het instrument is afgenomen."),
                        "invalid": _("Vul een geldige datum in, bijvoorbeeld 17-03-2025.")})

    def __init__(self, *args, instrument, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.fields["person"].choices = [("", _("Kies een gezinslid"))] + [
            (str(p.pk), p.full_name) for p in members]
        for item in instrument.items:
            # Checking is the engine's job (clean_answers), so the API and this form give
            # the same Dutch messages; here every answer is just text.
            if item.type == "number":
                field = forms.CharField(
                    label=item.text, required=False, max_length=12,
                    help_text=item.help or _("Een geheel getal van {low} tot en met {high}.")
                    .format(low=item.minimum, high=item.maximum),
                    widget=forms.TextInput(attrs={"inputmode": "numeric"}))
            else:
                field = forms.ChoiceField(
                    label=item.text, required=False, widget=forms.RadioSelect,
                    choices=[(str(v), label) for v, label in item.options],
                    help_text=item.help)
                field.error_messages["invalid_choice"] = _("Kies een van de antwoorden.")
            field.item = item
            self.fields[f"q_{item.key}"] = field

    def questions(self):
        return [self[f"q_{item.key}"] for item in self.instrument.items]

    def answers(self) -> dict:
        return {item.key: self.cleaned_data.get(f"q_{item.key}")
                for item in self.instrument.items
                if self.cleaned_data.get(f"q_{item.key}") not in (None, "")}

    def aliases(self) -> dict:
        return {f"answers.{item.key}": f"q_{item.key}" for item in self.instrument.items}
