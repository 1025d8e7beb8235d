"""Forms of the safety pages. They only parse input; the services check the content and
their Dutch errors are carried back onto the fields (web/errormap.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.cases import lifecycle
from netwerkdossier.cases.models import PhaseTransition
from netwerkdossier.safety.models import Agreement
from netwerkdossier.web.forms import DateInput, DayField

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]
DATE_ERRORS = {"invalid": _("Vul een geldige datum in (dd-mm-jjjj).")}


def _date(label, required=True, help_text=""):
    return DayField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=DateInput(), help_text=help_text,
                           error_messages=DATE_ERRORS)


def _choices(kind):
    return [("", _("Kies ..."))] + list(lifecycle.labelled(kind).items())


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort"), choices=[
        ("melding", _("Melding (iemand maakt zich zorgen)")),
        ("hulpvraag", _("Hulpvraag (het gezin vraagt zelf om hulp)"))], required=False)
    title = forms.CharField(label=_("Korte omschrijving van het traject"), required=False,
                            max_length=400)
    reported_on = _date(_("Datum van de melding"), required=False)
    urgency = forms.ChoiceField(label=_("Urgentie"), required=False)
    subjects = forms.MultipleChoiceField(label=_("Over wie gaat het?"), required=False,
                                         widget=forms.CheckboxSelectMultiple)
    concerns = forms.CharField(label=_("Zorgen"), required=False, widget=forms.Textarea(
        attrs={"rows": 5}), help_text=_("Wat is er gemeld of gevraagd, in de woorden van de "
                                        "melder of het gezin."))
    reporter_name = forms.CharField(label=_("Naam van de melder"), required=False,
                                    help_text=_("Afgeschermd: alleen wie dat mag, ziet wie "
                                                "heeft gemeld."))
    reporter_relation = forms.CharField(label=_("Relatie tot het gezin"), required=False)
    reporter_contact = forms.CharField(label=_("Bereikbaar via"), required=False)
    reporter_is_professional = forms.BooleanField(label=_("De melder is een professional"),
                                                  required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urgency"].choices = _choices("urgency")
        self.fields["subjects"].choices = [(str(p.pk), p.full_name) for p in members]
        self.members = {str(p.pk): p for p in members}

    def subject_persons(self):
        return [self.members[k] for k in self.cleaned_data.get("subjects", [])
                if k in self.members]

    def reporter(self):
        c = self.cleaned_data
        return {"name": c.get("reporter_name", ""), "contact": c.get("reporter_contact", ""),
                "relation": c.get("reporter_relation", ""),
                "is_professional": c.get("reporter_is_professional", False)}


class TransitionForm(forms.Form):
    # A plain field with a select: a move outside the options reaches the lifecycle
    # service, which says in Dutch why it is not allowed (e.g. skipping a phase).
    to_phase = forms.CharField(label=_("Naar fase"), required=False, widget=forms.Select)
    rationale = forms.CharField(label=_("Motivering van het besluit"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))
    # The family's view carries legal weight: nothing is preselected; the lifecycle
    # service says in Dutch that it must be answered.
    family_agrees = forms.ChoiceField(label=_("Is het gezin het eens met dit besluit?"),
                                      choices=[("", _("Kies ..."))]
                                      + list(PhaseTransition.FamilyAgrees.choices),
                                      required=False)

    def __init__(self, *args, options, **kwargs):
        kwargs.setdefault("prefix", "fase")
        super().__init__(*args, **kwargs)
        choices = [(o.to, o.label) for o in options]
        # The nd `control` tag reads field.choices to render a select.
        self.fields["to_phase"].widget.choices = self.fields["to_phase"].choices = choices


class TriageForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst van de veiligheidsbeoordeling"),
                                required=False)
    rationale = forms.CharField(label=_("Motivering"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "triage")
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = _choices("triage_outcome")


class RouteForm(forms.Form):
    route = forms.ChoiceField(label=_("Route"), required=False)
    rationale = forms.CharField(label=_("Motivering"), required=False,
                                widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "route")
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = _choices("route")


class FollowUpForm(forms.Form):
    check = forms.UUIDField(widget=forms.HiddenInput, required=False)
    still_safe = forms.ChoiceField(label=_("Is het gezin nog veilig?"), required=False,
                                   choices=[("", _("Kies ...")), ("ja", _("Ja")),
                                            ("nee", _("Nee"))])
    outcome = forms.CharField(label=_("Bevindingen"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "nacontrole")
        super().__init__(*args, **kwargs)

    def still_safe_value(self):
        return {"ja": True, "nee": False}.get(self.cleaned_data.get("still_safe"))


class DangerForm(forms.Form):
    worried_by = forms.CharField(label=_("Wie maakt zich zorgen?"), required=False)
    statement = forms.CharField(
        label=_("Gevarenverklaring"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarover maakt men zich zorgen, en wat gebeurt er als er niets "
                    "verandert? In gewone woorden."))
    safety_goal = forms.CharField(
        label=_("Veiligheidsdoel"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat moet iedereen zien om te weten dat de kinderen veilig genoeg zijn?"))
    family_view = forms.CharField(
        label=_("Visie van het gezin (ook als het gezin het er niet mee eens is)"),
        required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "gevaar")
        super().__init__(*args, **kwargs)


class AgreementForm(forms.Form):
    member = forms.ChoiceField(label=_("Voor welk gezinslid?"), required=False)
    action = forms.CharField(label=_("Wat gebeurt er?"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Wie doet het?"), required=False)
    due_on = _date(_("Uiterlijk op"), required=False)
    replaces = forms.ChoiceField(label=_("Maakt opnieuw (optioneel)"), required=False)

    def __init__(self, *args, members, replaceable=(), **kwargs):
        kwargs.setdefault("prefix", "afspraak")
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Kies ..."))] + [
            (str(p.pk), p.full_name) for p in members]
        self.fields["replaces"].choices = [("", _("Nee, een nieuwe afspraak"))] + [
            (str(a.pk), a.action[:60]) for a in replaceable]


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), required=False, choices=[
        ("", _("Kies ..."))] + [c for c in Agreement.Status.choices if c[0] != "open"])
    note = forms.CharField(label=_("Toelichting"), required=False)


class NetworkForm(forms.Form):
    name = forms.CharField(label=_("Naam"), required=False)
    role = forms.CharField(label=_("Wie is dit voor het gezin?"), required=False)
    contact = forms.CharField(label=_("Bereikbaar via (optioneel)"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "netwerk")
        super().__init__(*args, **kwargs)


class ScalingForm(forms.Form):
    scored_on = _date(_("Datum"), required=False)
    own_score = forms.CharField(label=_("Uw eigen score"), required=False,
                                widget=forms.NumberInput(attrs={"min": 0, "max": 10}))

    def __init__(self, *args, members, **kwargs):
        kwargs.setdefault("prefix", "schaal")
        super().__init__(*args, **kwargs)
        self.member_fields = []
        for p in members:
            name = f"score_{p.pk}"
            self.fields[name] = forms.CharField(
                label=_("Score van %(name)s") % {"name": p.full_name}, required=False,
                widget=forms.NumberInput(attrs={"min": 0, "max": 10}))
            self.member_fields.append(name)

    def person_scores(self):
        from uuid import UUID

        return {UUID(n.removeprefix("score_")): self.cleaned_data.get(n)
                for n in self.member_fields}


class CheckForm(forms.Form):
    next_check_on = _date(_("Volgende controle op"), required=False)
    checked = forms.BooleanField(label=_("Het plan is vandaag met het gezin gecontroleerd"),
                                 required=False, initial=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "controle")
        super().__init__(*args, **kwargs)


class ProposalAnswerForm(forms.Form):
    # Confirming moves the case: nothing is preselected.
    answer = forms.ChoiceField(
        label=_("Uw antwoord"), widget=forms.RadioSelect, required=False,
        choices=[("bevestigen", _("Ik bevestig dit besluit")),
                 ("afwijzen", _("Ik bevestig het niet"))])
    note = forms.CharField(label=_("Waarom niet? (de collega leest dit)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class FamilyWordsForm(forms.Form):
    """The danger statement and goal in words for the family (portal)."""

    family_statement = forms.CharField(
        label=_("De zorg, in woorden voor het gezin"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort en zonder vaktaal (taalniveau B1). Het gezin leest alleen deze "
                    "woorden, niet de gevarenverklaring hierboven."))
    family_goal = forms.CharField(
        label=_("Het doel, in woorden voor het gezin"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wat ziet iedereen als het thuis veilig genoeg is?"))


class ChildVersionForm(forms.Form):
    """The plan for children: words and pictures."""

    worries = forms.CharField(
        label=_("Waar maken de grote mensen zich zorgen over?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Korte zinnen, zoals u het tegen het kind zegt. Bijvoorbeeld: Papa en "
                    "mama maakten vaak ruzie. Dan werd je bang."))
    safe_plan = forms.CharField(
        label=_("Wat gebeurt er zodat het thuis veilig is?"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wie doet wat, en wanneer. Bijvoorbeeld: Als er ruzie is, bel je oma. "
                    "Elke woensdag komt Lotte langs."))
    helpers = forms.CharField(
        label=_("Wie helpen?"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Namen van mensen die het kind kent."))
    pictograms = forms.MultipleChoiceField(
        label=_("Plaatjes (kies er 1 tot 4)"), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        from .pictograms import choices

        kwargs.setdefault("prefix", "kind")
        super().__init__(*args, **kwargs)
        self.fields["pictograms"].choices = choices()
