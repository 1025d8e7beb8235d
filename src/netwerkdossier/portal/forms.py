"""Forms of the family portal. Content rules live in services.py; forms parse input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.access.models import Consent

from .models import CorrectionRequest, OwnStatement
from .services import QUESTIONS, REASON_MAX


class PasswordForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}),
                               error_messages={"required": _("Vul uw gebruikersnaam in.")})
    password = forms.CharField(label=_("Wachtwoord"), strip=False, max_length=200,
                               widget=forms.PasswordInput(
                                   attrs={"autocomplete": "current-password"}),
                               error_messages={"required": _("Vul uw wachtwoord in.")})


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw app"), max_length=12,
        help_text=_("De 6 cijfers uit de app op uw telefoon (bijvoorbeeld 123456)."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Vul de code uit de app in.")})


class StatementForm(forms.Form):
    # No max_length on the field: the service gives the Dutch message with the count,
    # and the browser must not cut off what someone typed.
    text = forms.CharField(
        label=_("Uw eigen verklaring"), strip=False, required=False,
        help_text=_("Schrijf in uw eigen woorden wat u anders ziet. Hoogstens %(max)s "
                    "tekens. De hulpverleners zien uw verklaring naast de aantekening.")
        % {"max": OwnStatement.MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 5}))


class CorrectionRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat wilt u vragen?"), choices=CorrectionRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of u iets wilt laten verbeteren of vernietigen."),
                        "invalid_choice": _("Kies of u iets wilt laten verbeteren of "
                                            "vernietigen.")})
    reason = forms.CharField(
        label=_("Wat klopt er niet, of waarom moet het weg?"), required=False,
        help_text=_("Hoogstens %(max)s tekens.") % {"max": REASON_MAX},
        widget=forms.Textarea(attrs={"rows": 4}))


class HandleRequestForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit"), widget=forms.RadioSelect,
        choices=[("grant", _("Toewijzen")), ("refuse", _("Afwijzen"))],
        error_messages={"required": _("Kies of u het verzoek toewijst of afwijst.")})
    new_text = forms.CharField(
        label=_("Verbeterde tekst (bij toewijzen van een correctie)"), required=False,
        widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(
        label=_("Reden van het besluit (alleen wie het verzoek deed, leest dit)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}))
    # Refusing a destruction: only on a ground the law names; none preselected.
    refusal_ground = forms.ChoiceField(
        label=_("Grond om vernietiging te weigeren"), widget=forms.RadioSelect,
        required=False, choices=())

    def __init__(self, *args, **kwargs):
        from netwerkdossier.retention.grounds import refusal_grounds

        super().__init__(*args, **kwargs)
        self.fields["refusal_ground"].choices = [(g.key, g.label) for g in refusal_grounds()]


class ConsentForm(forms.Form):
    person = forms.ChoiceField(label=_("Voor wie?"),
                               error_messages={"required": _("Kies voor wie dit geldt."),
                                               "invalid_choice": _("Voor deze persoon kunt u "
                                                                   "geen toestemming geven.")})
    scope = forms.ChoiceField(label=_("Waarvoor?"), choices=Consent.Scope.choices,
                              widget=forms.RadioSelect,
                              error_messages={"required": _("Kies waarvoor de toestemming "
                                                            "geldt.")})
    decision = forms.ChoiceField(
        label=_("Uw keuze"), widget=forms.RadioSelect,
        choices=[("ja", _("Ja, ik geef toestemming")),
                 ("nee", _("Nee, ik geef geen toestemming (of ik trek die in)"))],
        error_messages={"required": _("Kies ja of nee."),
                        "invalid_choice": _("Kies ja of nee.")})

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in persons]


SCALE = [(str(n), label) for n, label in (
    (1, _("1 - helemaal niet")), (2, _("2 - niet zo")), (3, _("3 - een beetje")),
    (4, _("4 - best wel")), (5, _("5 - helemaal wel")))]


class QuestionnaireForm(forms.Form):
    """Four scores and no box for words: the answers are stored without a name, and
    nobody reads free text there, which could name the family (decision 0058)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in QUESTIONS:
            self.fields[key] = forms.ChoiceField(
                label=label, choices=SCALE, widget=forms.RadioSelect,
                error_messages={"required": _("Kies een antwoord van 1 tot en met 5."),
                                "invalid_choice": _("Kies een antwoord van 1 tot en met 5.")})


class AnalysisResponseForm(forms.Form):
    """Co-sign or dispute the analysis: in the family member's own words."""

    agrees = forms.TypedChoiceField(
        label=_("Klopt deze analyse voor u?"), widget=forms.RadioSelect,
        choices=[("ja", _("Ja, ik teken voor akkoord")),
                 ("nee", _("Nee, iets klopt niet"))],
        coerce=lambda value: value == "ja",
        error_messages={"required": _("Kies ja of nee.")})
    text = forms.CharField(
        label=_("Wat wilt u erover zeggen?"), required=False, widget=forms.Textarea,
        help_text=_("Als iets niet klopt: schrijf in uw eigen woorden wat er anders is."))
