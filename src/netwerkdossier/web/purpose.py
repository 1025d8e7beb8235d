"""The purpose of work on the web: the form, and the middleware that asks for it.

A professional whose organisation may work under several purposes (access.purposes)
states one before any professional page opens a household's dossier; the choice is kept
in the session, shown in the header and can be changed there. Purpose carries legal
weight, so no answer is ever preselected.
"""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from netwerkdossier.access.api import context_for_request
from netwerkdossier.access.purposes import labels, must_choose

from .routes import SIGN_IN_ROUTES, ProfessionalPageMiddleware

SESSION_KEY = "purpose"
OPEN_WITHOUT_PURPOSE = SIGN_IN_ROUTES | {"web:purpose"}


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label=_("Waarvoor werkt u nu?"), widget=forms.RadioSelect,
        help_text=_("Het doel bepaalt welke gegevens u mag zien. Het wordt bij alles wat "
                    "u inziet vastgelegd."),
        error_messages={"required": _("Kies het doel van uw werk."),
                        "invalid_choice": _("Kies een van de doelen in de lijst.")})

    def __init__(self, *args, purposes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["purpose"].choices = labels(purposes)


def chooser_url(next_url: str) -> str:
    return f"{reverse('web:purpose')}?{urlencode({'next': next_url})}"


class PurposeRequiredMiddleware(ProfessionalPageMiddleware):
    """Sends a professional who must state a purpose to the choice, and back after."""

    open_routes = OPEN_WITHOUT_PURPOSE

    def check(self, request):
        ctx = context_for_request(request)
        if ctx.purpose or not must_choose(ctx.membership):
            return None
        # An htmx request's own target could not show the choice: reload the page.
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(chooser_url(request.htmx.current_url_abs_path
                                                          or reverse("web:worklist")))
        return redirect(chooser_url(request.get_full_path()))
