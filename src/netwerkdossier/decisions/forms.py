"""Forms of decision records and requests for a measure. They parse input and offer
choices, none preselected (an answer with legal weight is always a choice someone makes);
decisions/services.py and requests.py check the content and their Dutch messages are
carried back onto these fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.web.forms import DATE_FORMATS, DateInput, DayField, ServiceCheckedChoiceField

from .models import Basis, FamilyView, MeasureRequest, Review

EMPTY = [("", _("— kies —"))]


def _choice(label, choices=(), help_text="", radio=False):
    field = ServiceCheckedChoiceField(label=label, required=False, help_text=help_text,
                                      widget=forms.RadioSelect if radio else forms.Select)
    field.choices = list(choices)
    return field


def _text(label, rows=3, max_length=4000, help_text=""):
    return forms.CharField(label=label, required=False, max_length=max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": rows}))


class DraftForm(forms.Form):
    person = _choice(_("Voor wie"))
    measure_key = _choice(_("Maatregel"))
    court = forms.CharField(label=_("Rechtbank"), required=False, max_length=200,
                            help_text=_("Bijvoorbeeld: Rechtbank Noord-Holland, "
                                        "kinderrechter."))
    grounds = _text(_("Verzoek en gronden"), rows=6, max_length=10000,
                    help_text=_("Wat vraagt u de rechter, en waarom. De feiten legt u "
                                "hierna vast, elk met de bron."))

    def __init__(self, *args, members=(), entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = EMPTY + [(str(p.pk), p.full_name) for p in members]
        self.fields["measure_key"].choices = EMPTY + [(m.key, m.label) for m in entries]


def source_choices(form, entries, measures) -> None:
    """The sources the author may link: the household's entries and measures they read."""
    form.fields["source_entry"].choices = EMPTY + [
        (str(e.pk), f"{e.occurred_at:%d-%m-%Y} — {e.get_kind_display()}: {e.text[:60]}")
        for e in entries]
    form.fields["source_measure"].choices = EMPTY + [
        (str(m.pk), f"{m.catalogue_entry.label} — {m.person.full_name}") for m in measures]


class FactForm(forms.Form):
    text = _text(_("Feit"), rows=2, max_length=2000,
                 help_text=_("Eén feit per keer, zo precies mogelijk."))
    basis = _choice(_("Hoe is het bekend?"), Basis.choices, radio=True)
    reported_by = forms.CharField(
        label=_("Gemeld door (bij een melding)"), required=False, max_length=200,
        help_text=_("Noem nooit een melder wiens naam beschermd is (art. 7.3.10 Jeugdwet): "
                    "schrijf dan bijvoorbeeld 'een professional, via de melding'. Het gezin "
                    "leest dit."))
    source_entry = _choice(_("Bron: aantekening in de tijdlijn"))
    source_measure = _choice(_("Of bron: maatregel"))

    def __init__(self, *args, entries=(), measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        source_choices(self, entries, measures)


class SourceForm(forms.Form):
    fact = forms.CharField(widget=forms.HiddenInput, required=False)
    source_entry = _choice(_("Aantekening in de tijdlijn"))
    source_measure = _choice(_("Of maatregel"))

    def __init__(self, *args, entries=(), measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        source_choices(self, entries, measures)


class ViewForm(forms.Form):
    prefix = "visie"  # one page holds several forms: field ids stay unique
    fact = _choice(_("Over welk feit"))
    person = _choice(_("Gezinslid"))
    answer = _choice(_("Wat vindt dit gezinslid?"), FamilyView.Answer.choices, radio=True)
    words = _text(_("In de eigen woorden van het gezinslid"),
                  help_text=_("Verplicht als het gezinslid het niet eens is, en bij "
                              "'nog niet gehoord': schrijf dan waarom nog niet."))

    def __init__(self, *args, facts=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fact"].choices = EMPTY + [(str(f.pk), _("Feit %(n)s") % {"n": f.number})
                                               for f in facts]
        self.fields["person"].choices = EMPTY + [(str(p.pk), p.full_name) for p in members]


class DissentForm(forms.Form):
    prefix = "afwijkend"
    reasons = _text(_("Waarom bent u het niet eens?"),
                    help_text=_("Uw naam en organisatie staan erbij. Dit blijft bij het "
                                "besluit."))


class AskReviewForm(forms.Form):
    reviewer = _choice(_("Toetser (van een andere organisatie)"))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = EMPTY + [
            (str(a.user_id), f"{a.user.get_full_name() or a.user.username} — "
                             f"{a.organisation.name}") for a in candidates]


class ReviewForm(forms.Form):
    prefix = "toets"
    outcome = _choice(_("Uitkomst van de toets"), Review.Outcome.choices, radio=True)
    reasons = _text(_("Redenen"), help_text=_("Verplicht bij terugsturen. De opsteller "
                                              "leest dit."))


class SupportForm(forms.Form):
    offered_on = DayField(label=_("Aangeboden op"), required=False,
                          input_formats=DATE_FORMATS, widget=DateInput(),
                          error_messages={"invalid": _("Vul een geldige datum in "
                                                       "(dag-maand-jaar).")})
    by = forms.CharField(label=_("Cliëntondersteuning door"), required=False,
                         max_length=200)
    answer = _choice(_("Antwoord van het gezin"), MeasureRequest.Support.choices, radio=True)


class SendForm(forms.Form):
    reference = forms.CharField(label=_("Kenmerk van het verzoekschrift"), required=False,
                                max_length=100)


class FamilyResponseForm(forms.Form):
    """The portal: per fact an answer and words (fields fact_<n>, words_<n>), and a
    response to the whole draft. Nothing is preselected."""

    words = _text(_("Uw reactie op het hele concept (niet verplicht)"), rows=4)

    def __init__(self, *args, facts=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(FamilyView.Answer.EENS, _("Dit klopt")),
                   (FamilyView.Answer.ONEENS, _("Dit klopt niet"))]
        self.facts = list(facts)
        for f in self.facts:
            self.fields[f"answer_{f.number}"] = _choice(_("Feit %(n)s") % {"n": f.number},
                                                        choices, radio=True)
            self.fields[f"words_{f.number}"] = _text(
                _("Wat wilt u zeggen over feit %(n)s?") % {"n": f.number}, rows=2)

    def answers(self) -> dict:
        d = self.cleaned_data
        return {str(f.pk): (d.get(f"answer_{f.number}") or "", d.get(f"words_{f.number}") or "")
                for f in self.facts}
