"""Forms of the professional web UI. Validation of content lives in the services;
these forms only parse input and carry the service's Dutch errors back to fields."""

from datetime import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netwerkdossier import rules
from netwerkdossier.dossier.models import Confidentiality, EntryKind
from netwerkdossier.households.bsn import validate_bsn
from netwerkdossier.households.models import HouseholdMember
from netwerkdossier.plausible_dates import check_plausible
from netwerkdossier.portal import throttle

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DayField(forms.DateField):
    """A date of the dossier: only 1900-2100 (plausible_dates.py)."""

    default_validators = [check_plausible]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class LoginForm(AuthenticationForm):
    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label=_("Wachtwoord"), strip=False,
                               widget=forms.PasswordInput(
                                   attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("Gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief."),
    }

    def clean(self):
        """Slow down and lock guessing per account and per address, with the same
        counters as the family portal (portal/throttle.py): a locked account is not
        even checked, so a right password does not get through a lock."""
        username = self.cleaned_data.get("username") or ""
        keys = throttle.keys_for(username, throttle.client_address(self.request))
        block = throttle.blocked(keys)
        if block:
            raise forms.ValidationError(block.message(), code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(keys)
            block = throttle.blocked(keys)
            if block:
                raise forms.ValidationError(block.message(), code="throttled") from None
            raise
        throttle.record_success(username)
        return cleaned


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Zoek op naam, geboortedatum (dd-mm-jjjj) of BSN"),
                        max_length=100, required=False)


class TimelineFilterForm(forms.Form):
    """GET filters of the timeline; unknown values are ignored, never an error page."""

    lid = forms.ChoiceField(label=_("Gezinslid"), required=False)
    soort = forms.ChoiceField(label=_("Soort"), required=False)
    organisatie = forms.ChoiceField(label=_("Organisatie"), required=False)

    def __init__(self, data, *, members, organisations):
        super().__init__(data)
        everyone = [("", _("Iedereen"))]
        self.fields["lid"].choices = everyone + [(str(p.pk), p.full_name) for p in members]
        self.fields["soort"].choices = [("", _("Alle soorten"))] + list(EntryKind.choices)
        self.fields["organisatie"].choices = [("", _("Alle organisaties"))] + [
            (str(pk), name) for pk, name in organisations]

    def filters(self) -> dict:
        """The valid filter values (invalid ones are dropped)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {k: cleaned[k] for k in ("lid", "soort", "organisatie") if cleaned.get(k)}


def _now_local():
    return timezone.localtime()


class EntryForm(forms.Form):
    # Kind, text, subjects, confidentiality and legal basis are checked by the service,
    # so all their errors show at once; the form only parses dates and choices.
    kind = forms.ChoiceField(label=_("Soort aantekening"), choices=EntryKind.choices,
                             error_messages={"required": _("Kies een soort aantekening.")})
    occurred_date = DayField(
        label=_("Datum"), input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"required": _("Vul de datum in waarop het gebeurde."),
                        "invalid": _("Vul een geldige datum in, bijvoorbeeld 17-03-2025.")})
    occurred_time = forms.TimeField(
        label=_("Tijd"), widget=TimeInput(),
        error_messages={"required": _("Vul de tijd in, bijvoorbeeld 14:30."),
                        "invalid": _("Vul een geldige tijd in, bijvoorbeeld 14:30.")})
    subjects = forms.MultipleChoiceField(
        label=_("Over wie gaat dit?"), required=False, widget=forms.CheckboxSelectMultiple)
    text = forms.CharField(label=_("Tekst"), required=False, max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    # Who may read it carries legal weight: nothing is chosen in advance (the service
    # says what is missing, together with the other fields).
    confidentiality = forms.TypedChoiceField(
        label=_("Wie mag dit lezen?"), coerce=int, required=False, empty_value=None,
        choices=[("", _("Kies wie dit mag lezen"))] + list(Confidentiality.choices))
    legal_basis = forms.ChoiceField(label=_("Grondslag"), required=False,
                                    choices=[("", _("Kies een grondslag"))])
    case = forms.ChoiceField(label=_("Traject"), required=False)
    health_data = forms.BooleanField(label=_("Gezondheid / GGZ"), required=False)
    criminal_data = forms.BooleanField(label=_("Strafrechtelijke gegevens"), required=False)
    third_party_data = forms.BooleanField(label=_("Informatie over derden"), required=False)
    confidential_for_member = forms.ChoiceField(
        label=_("Vertrouwelijk voor gezinslid"), required=False,
        help_text=_("Andere gezinsleden kunnen dit dan niet lezen in hun portaal."))
    secrecy_release = forms.ChoiceField(
        label=_("Doorbreking van het beroepsgeheim"), required=False,
        choices=[("", _("Niet doorbroken")),
                 ("toestemming", _("Met toestemming van de betrokkenen")),
                 ("conflict_van_plichten", _("Conflict van plichten (gedocumenteerd)"))],
        help_text=_("Alleen bij het niveau beroepsgeheim. Alleen doorbreken met toestemming "
                    "of bij een conflict van plichten."))
    reporter_name = forms.CharField(label=_("Naam melder"), required=False, max_length=200)
    reporter_contact = forms.CharField(label=_("Contactgegevens melder"), required=False,
                                       max_length=200)
    reporter_relation = forms.CharField(label=_("Relatie tot het gezin"), required=False,
                                        max_length=200,
                                        help_text=_("Bijvoorbeeld: leerkracht, buurman."))
    reporter_is_professional = forms.BooleanField(label=_("De melder is een beroepskracht"),
                                                  required=False)
    attachment = forms.FileField(
        label=_("Bijlage (niet verplicht)"), required=False,
        help_text=_("PDF, PNG, JPEG of platte tekst (.txt)."))

    def __init__(self, *args, members=(), cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(p.pk): p for p in members}
        self.cases = {str(c.pk): c for c in cases}
        self.fields["subjects"].choices = [(k, p.full_name) for k, p in self.members.items()]
        self.fields["legal_basis"].choices = [("", _("Kies een grondslag"))] + rules.choices(
            rules.legal_bases())
        self.fields["case"].choices = [("", _("Geen traject"))] + [
            (k, c.title) for k, c in self.cases.items()]
        self.fields["confidential_for_member"].choices = [("", _("Niemand apart"))] + [
            (k, p.full_name) for k, p in self.members.items()]
        if not self.is_bound:
            now = _now_local()
            self.initial.setdefault("occurred_date", now.date())
            self.initial.setdefault("occurred_time", now.strftime("%H:%M"))
            if len(self.cases) == 1:
                self.initial.setdefault("case", next(iter(self.cases)))

    def occurred_at(self):
        day = self.cleaned_data.get("occurred_date")
        moment = self.cleaned_data.get("occurred_time")
        if day is None or moment is None:
            return None
        return timezone.make_aware(datetime.combine(day, moment))

    def chosen_subjects(self):
        return [self.members[k] for k in self.cleaned_data.get("subjects", [])
                if k in self.members]

    def chosen_case(self):
        return self.cases.get(self.cleaned_data.get("case") or "")

    def chosen_confidential_member(self):
        return self.members.get(self.cleaned_data.get("confidential_for_member") or "")

    def sensitivity(self) -> dict:
        """The sensitive-category fields as keyword arguments of the entry services."""
        data = self.cleaned_data
        return {"health_data": data.get("health_data", False),
                "criminal_data": data.get("criminal_data", False),
                "third_party_data": data.get("third_party_data", False),
                "confidential_for_member": self.chosen_confidential_member(),
                "secrecy_release": data.get("secrecy_release") or ""}

    def reporter(self) -> dict:
        data = self.cleaned_data
        return {"name": data.get("reporter_name", ""),
                "contact": data.get("reporter_contact", ""),
                "relation": data.get("reporter_relation", ""),
                "is_professional": data.get("reporter_is_professional", False)}


class CorrectionForm(EntryForm):
    reason = forms.CharField(label=_("Waarom corrigeert u dit?"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["text", "reason", "kind", "occurred_date", "occurred_time", "subjects",
                   "confidentiality", "legal_basis", "attachment"]

    def __init__(self, *args, entry, members=(), reporter=None, **kwargs):
        initial = kwargs.pop("initial", {})
        occurred = timezone.localtime(entry.occurred_at)
        reporter = reporter or {}
        initial = {
            "text": entry.text, "kind": entry.kind, "occurred_date": occurred.date(),
            "occurred_time": occurred.strftime("%H:%M"),
            "subjects": [str(p.pk) for p in entry.subjects.all()],
            "confidentiality": entry.confidentiality, "legal_basis": entry.legal_basis,
            "health_data": entry.health_data, "criminal_data": entry.criminal_data,
            "third_party_data": entry.third_party_data,
            "confidential_for_member": str(entry.confidential_for_member_id or ""),
            "secrecy_release": entry.secrecy_release,
            **{f"reporter_{k}": v for k, v in reporter.items()},
            **initial,
        }
        super().__init__(*args, members=members, initial=initial, **kwargs)
        del self.fields["case"]
        # A correction starts from the level already chosen, so no empty choice: an
        # empty one would silently keep the old level.
        self.fields["confidentiality"].choices = Confidentiality.choices


# --- registering a household ----------------------------------------------------------

class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("Naam huishouden"), max_length=200,
                           help_text=_("Bijvoorbeeld: Gezin Jansen."),
                           error_messages={"required": _("Vul de naam van het huishouden in.")})
    street = forms.CharField(label=_("Straat en huisnummer"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    municipality = forms.CharField(label=_("Gemeente"), max_length=120,
                                   error_messages={"required": _("Vul de gemeente in.")})


class BsnCleaning:
    """A form with the optional fields `bsn` and `existing_bsn`: each checked with the
    elfproef when filled in (registration and the registration edit)."""

    def _bsn(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if value:
            validate_bsn(value)
        return value

    def clean_bsn(self):
        return self._bsn("bsn")

    def clean_existing_bsn(self):
        return self._bsn("existing_bsn")


class MemberForm(BsnCleaning, forms.Form):
    existing_bsn = forms.CharField(
        label=_("Bestaand persoon (BSN)"), max_length=9, required=False,
        help_text=_("Staat deze persoon al in het dossier? Vul dan alleen het BSN en de "
                    "relatie in."))
    given_names = forms.CharField(label=_("Voornamen"), max_length=120, required=False)
    tussenvoegsel = forms.CharField(label=_("Tussenvoegsel"), max_length=20, required=False)
    family_name = forms.CharField(label=_("Achternaam"), max_length=120, required=False)
    birth_date = DayField(label=_("Geboortedatum"), required=False,
                                 input_formats=DATE_FORMATS, widget=DateInput())
    bsn = forms.CharField(label=_("BSN (niet verplicht)"), max_length=9, required=False)
    relation = forms.ChoiceField(
        label=_("Relatie"), choices=[("", _("Kies een relatie"))]
        + list(HouseholdMember.Relation.choices), required=False)
    lives_in = forms.BooleanField(label=_("Woont hier"), required=False, initial=True)
    holds_gezag = forms.BooleanField(
        label=_("Heeft gezag over de kinderen in dit formulier"), required=False)


    REQUIRED_FOR_NEW = {
        "given_names": _("Vul de voornamen in."),
        "family_name": _("Vul de achternaam in."),
        "birth_date": _("Vul de geboortedatum in (dag-maand-jaar)."),
    }

    def clean(self):
        cleaned = super().clean()
        if not self.has_changed():
            return cleaned
        if not cleaned.get("relation"):
            self.add_error("relation", ValidationError(_("Kies een relatie.")))
        if not cleaned.get("existing_bsn") and "existing_bsn" not in self.errors:
            for name, message in self.REQUIRED_FOR_NEW.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, ValidationError(message))
        return cleaned

    def is_empty(self) -> bool:
        return not self.has_changed()


MemberFormSet = forms.formset_factory(MemberForm, extra=1, min_num=1, max_num=20,
                                      validate_max=True, absolute_max=20)


# --- consent and case tables ------------------------------------------------------------

class ServiceCheckedChoiceField(forms.ChoiceField):
    """A select whose value the service checks (and explains in its own Dutch words)."""

    def valid_value(self, value) -> bool:
        return True


class ServiceCheckedMultipleChoiceField(forms.MultipleChoiceField):
    """Checkboxes whose values the service checks (and explains in its own Dutch words)."""

    def valid_value(self, value) -> bool:
        return True


class ConsentForm(forms.Form):
    """Parses a consent decision; who may give it is checked by the consent service."""

    scope = forms.ChoiceField(label=_("Waarvoor"), error_messages={
        "required": _("Kies waarvoor de toestemming geldt."),
        "invalid_choice": _("Kies waarvoor de toestemming geldt.")})
    decision = forms.ChoiceField(label=_("Besluit"), widget=forms.RadioSelect, error_messages={
        "required": _("Kies of de toestemming is gegeven, geweigerd of ingetrokken."),
        "invalid_choice": _("Kies of de toestemming is gegeven, geweigerd of ingetrokken.")})
    given_by = ServiceCheckedChoiceField(
        label=_("Wie besluit"), required=False,
        help_text=_("De persoon zelf, of een ouder of voogd die nu gezag heeft."))
    note = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, givers=(), **kwargs):
        from netwerkdossier.access.models import Consent

        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = [("", _("Kies"))] + list(Consent.Scope.choices)
        self.fields["decision"].choices = list(Consent.Decision.choices)
        self.fields["given_by"].choices = [("", _("Kies wie besluit"))] + [
            (str(p.pk), p.full_name) for p in givers]


class CaseTableForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, error_messages={
        "required": _("Geef de casustafel een titel.")})
    start_date = DayField(
        label=_("Datum"), input_formats=DATE_FORMATS, widget=DateInput(),
        error_messages={"required": _("Vul de datum van de casustafel in."),
                        "invalid": _("Vul een geldige datum in, bijvoorbeeld 17-03-2025.")})
    start_time = forms.TimeField(
        label=_("Begintijd"), widget=TimeInput(),
        error_messages={"required": _("Vul de begintijd in, bijvoorbeeld 09:00."),
                        "invalid": _("Vul een geldige tijd in, bijvoorbeeld 09:00.")})
    end_time = forms.TimeField(
        label=_("Eindtijd"), widget=TimeInput(),
        error_messages={"required": _("Vul de eindtijd in, bijvoorbeeld 12:00."),
                        "invalid": _("Vul een geldige tijd in, bijvoorbeeld 12:00.")})
    # No preselected option: the basis has legal weight, the chair chooses it. The service
    # says what is missing (one message for web and API).
    basis = ServiceCheckedChoiceField(
        label=_("Grondslag en doel"), required=False, widget=forms.RadioSelect,
        help_text=_("Op welke samenwerkingsafspraak rust deze casustafel? Dat bepaalt het doel, "
                    "de wettelijke grondslag, welke organisaties aan tafel mogen en of "
                    "gezondheids- of strafrechtelijke gegevens gedeeld mogen worden."))
    # Seat holders picked by name, organisation and role (collaboration/staff.py): the
    # chosen places are ticked boxes; the search field adds more (script: a combobox;
    # without script: the "Zoeken" button offers the matches as boxes to tick).
    participants = ServiceCheckedMultipleChoiceField(
        label=_("Deelnemers"), required=False, widget=forms.CheckboxSelectMultiple)
    deelnemer_zoek = forms.CharField(
        label=_("Deelnemer zoeken"), required=False, max_length=100,
        help_text=_("Typ een deel van de naam of de organisatie en kies uit de lijst."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-staff-picker": "multi"}))
    entries = ServiceCheckedMultipleChoiceField(
        label=_("Minimaal beeld: welke aantekeningen van uw organisatie worden gedeeld?"),
        required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, entries=(), bases=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = list(entries)
        self.fields["basis"].choices = list(bases)
        self.fields["participants"].choices = [(c.value, c.label) for c in people]

    def starts_at(self):
        day, moment = self.cleaned_data.get("start_date"), self.cleaned_data.get("start_time")
        return timezone.make_aware(datetime.combine(day, moment)) if day and moment else None

    def ends_at(self):
        day, moment = self.cleaned_data.get("start_date"), self.cleaned_data.get("end_time")
        return timezone.make_aware(datetime.combine(day, moment)) if day and moment else None



class AddressShieldForm(forms.Form):
    """Parses a new address shield; the shields service checks person and reason."""

    shielded_from = ServiceCheckedChoiceField(
        label=_("Afschermen voor"), required=False,
        help_text=_("Het gezinslid dat het adres niet mag zien, bijvoorbeeld de ex-partner."))
    reason = forms.CharField(
        label=_("Reden"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld: nieuw adres na huiselijk geweld; geheimhouding in de BRP."))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shielded_from"].choices = [("", _("Kies een gezinslid"))] + [
            (str(p.pk), p.full_name) for p in candidates]


class AddressShieldEndForm(forms.Form):
    end_reason = forms.CharField(
        label=_("Waarom stopt de afscherming?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))
