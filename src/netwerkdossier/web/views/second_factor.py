"""The second-factor pages: the code after the password, and setting up an app."""

from base64 import b32encode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import second_factor as sf
from ..errormap import error_summary


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"), max_length=20,
        help_text=gettext_lazy("De 6 cijfers uit uw authenticator-app, of een van uw "
                               "herstelcodes."),
        error_messages={"required": gettext_lazy("Vul de code in.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "inputmode": "text",
                                      "autocapitalize": "none", "spellcheck": "false"}))


def _grouped(secret: str) -> str:
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "POST"])
@login_required
def second_factor(request):
    next_url = sf.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not sf.needs_second_factor(request.user) or sf.is_verified(request):
        return redirect(next_url)
    if sf.app_device(request.user) is None:
        return redirect(f"{_url('web:second_factor_setup')}?next={next_url}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if sf.verify(request, form.cleaned_data["code"]):
            request.session.cycle_key()
            return redirect(next_url)
        form.add_error("code", _("Deze code klopt niet of is al gebruikt. Wacht op een "
                                 "nieuwe code in de app en probeer het opnieuw."))
    return render(request, "web/second_factor.html", {
        "form": form, "next": next_url, "errors": error_summary(form),
        "has_passkey": request.user.passkeys.exists()}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_setup(request):
    """First sign-in: set up an authenticator app. An account that has one already can
    only change it after signing in with it (never by knowing the password alone)."""
    next_url = sf.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not sf.needs_second_factor(request.user):
        return redirect(next_url)
    if sf.app_device(request.user) is not None and not sf.is_verified(request):
        return redirect(f"{_url('web:second_factor')}?next={next_url}")
    device = sf.start_setup(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if sf.confirm_setup(request, device, form.cleaned_data["code"]):
            request.session.cycle_key()
            return render(request, "web/recovery_codes.html", {
                "codes": sf.new_recovery_codes(request.user), "next": next_url})
        form.add_error("code", _("Deze code klopt niet. Controleer of u de sleutel goed "
                                 "hebt overgenomen en vul de nieuwste code in."))
    secret = b32encode(device.bin_key).decode()
    return render(request, "web/second_factor_setup.html", {
        "form": form, "next": next_url, "secret": _grouped(secret),
        "errors": error_summary(form),
        "config_url": device.config_url}, status=400 if form.errors else 200)


def _url(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
