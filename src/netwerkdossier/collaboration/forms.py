"""Forms of the team page and the meeting record. They only parse input; the services
validate and carry Dutch messages back (web.errormap.apply_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.web.forms import DATE_FORMATS, DateInput, DayField

from . import team_rules
from .models import FollowUpAction

PICKER_HELP = _("Typ een deel van de naam of de organisatie en kies uit de lijst.")


class StaffPickerForm(forms.Form):
    """A professional chosen by name, organisation and role (collaboration/staff.py):
    what was typed, and the place chosen from the list. Without script the typed text
    is searched on submit; several matches come back as choices (`matches`)."""

    professional_zoek = forms.CharField(
        label=_("Professional"), required=False, max_length=100, help_text=PICKER_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-staff-picker": ""}))
    professional = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    picker_kind = ""  # an organisation kind the choice is limited to
    picker_label = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = []
        if self.picker_label:
            self.fields["professional_zoek"].label = self.picker_label


class AssignForm(StaffPickerForm):
    field_order = ["role", "professional_zoek"]
    role = forms.ChoiceField(label=_("Rol in het team"), required=False)
    reason = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Kies een rol"))] + [
            (r.value, r.label) for r in TeamAssignment.Role]


class RvtForm(StaffPickerForm):
    picker_kind = team_rules.RVT_KIND
    picker_label = _("RVT-professional")
    field_order = ["kind", "professional_zoek"]

    kind = forms.ChoiceField(label=_("Hoe sluit het RVT aan?"), required=False,
                             widget=forms.RadioSelect, choices=[
                                 ("rvt_consultatie",
                                  _("Consultatie: de RVT-professional adviseert het team")),
                                 ("rvt_gezamenlijk",
                                  _("Gezamenlijk werken: de RVT-professional vormt het vaste "
                                    "duo")),
                             ])
    reason = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class LeaveForm(StaffPickerForm):
    """Handover (with a successor and a reason) or ending an assignment."""

    picker_label = _("Wie neemt het over?")
    field_order = ["assignment", "professional_zoek"]
    assignment = forms.ChoiceField(label=_("Wie verlaat het team?"), required=False)
    reason = forms.CharField(label=_("Reden"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, team=(), handover=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].choices = [("", _("Kies een teamlid"))] + [
            (str(a.pk), f"{a.user.get_full_name() or a.user.username} — "
                        f"{a.get_role_display()}") for a in team]
        if handover:
            self.fields["reason"].label = _("Reden van de overdracht (verplicht)")
        else:
            del self.fields["professional_zoek"]
            del self.fields["professional"]
            self.fields["reason"].label = _("Reden (niet verplicht)")


class AgendaForm(forms.Form):
    text = forms.CharField(label=_("Agendapunt"), required=False, max_length=300)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Besluit"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Op de tijdlijn van het gezin komt dat er een besluit is "
                                       "genomen. De tekst staat alleen in dit verslag."))


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(label=_("Aanwezig"), required=False,
                                        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = list(people)


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Wat moet er gebeuren?"), required=False,
                                  max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("Wie doet het?"), required=False)
    due_on = DayField(
        label=_("Uiterlijk op"), required=False, input_formats=DATE_FORMATS,
        widget=DateInput(),
        error_messages={"invalid": _("Vul een geldige datum in, bijvoorbeeld 17-03-2025.")})

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Kies wie het doet"))] + list(people)


class StatusForm(forms.Form):
    action = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpAction.Status.choices)
