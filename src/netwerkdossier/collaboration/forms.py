"""Forms of the team page and the meeting record. They only parse input; the services
validate and carry Dutch messages back (web.errormap.apply_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.web.forms import DATE_FORMATS, DateInput, DayField

from .models import FollowUpAction

USERNAME_HELP = _("De gebruikersnaam waarmee de professional inlogt.")


class AssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Rol in het team"), required=False)
    username = forms.CharField(label=_("Professional (gebruikersnaam)"), required=False,
                               max_length=150, help_text=USERNAME_HELP)
    reason = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Kies een rol"))] + [
            (r.value, r.label) for r in TeamAssignment.Role]


class RvtForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hoe sluit het RVT aan?"), required=False,
                             widget=forms.RadioSelect, choices=[
                                 ("rvt_consultatie",
                                  _("Consultatie: de RVT-professional adviseert het team")),
                                 ("rvt_gezamenlijk",
                                  _("Gezamenlijk werken: de RVT-professional vormt het vaste "
                                    "duo")),
                             ])
    username = forms.CharField(label=_("RVT-professional (gebruikersnaam)"), required=False,
                               max_length=150, help_text=USERNAME_HELP)
    reason = forms.CharField(label=_("Toelichting (niet verplicht)"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class LeaveForm(forms.Form):
    """Handover (with a successor and a reason) or ending an assignment."""

    assignment = forms.ChoiceField(label=_("Wie verlaat het team?"), required=False)
    username = forms.CharField(label=_("Wie neemt het over? (gebruikersnaam)"),
                               required=False, max_length=150, help_text=USERNAME_HELP)
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
            del self.fields["username"]
            self.fields["reason"].label = _("Reden (niet verplicht)")


class AgendaForm(forms.Form):
    text = forms.CharField(label=_("Agendapunt"), required=False, max_length=300)


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Besluit"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Het besluit komt ook op de tijdlijn van het gezin."))


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
