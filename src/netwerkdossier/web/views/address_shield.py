"""Shield a household's address from a named person (access/address_shield.py), and end
such a shield. Only a team-type relation (team, registrar, team manager) may do this:
anyone else gets the logged 404 of fetch(action=UPDATE), as for other writes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from netwerkdossier.access.address_shield import OBJECT_TYPE
from netwerkdossier.access.api import (
    UPDATE,
    AccessRefused,
    Decision,
    context_for_request,
    fetch,
)
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.households.models import AddressShield, Household
from netwerkdossier.households.shields import (
    end_shield,
    record_shields,
    set_shield,
    shieldable_members,
)

from ..errormap import apply_errors, error_summary
from ..forms import AddressShieldEndForm, AddressShieldForm


def _household(ctx, pk, event_code):
    return fetch(ctx, Household.objects.select_related("owner_organisation"), pk,
                 action=UPDATE, event_code=event_code)


def _page(request, ctx, household, decision, form, end_form=None, end_target=None,
          status=200):
    shields = list(AddressShield.objects.filter(household=household)
                   .select_related("shielded_from", "set_by", "set_by_organisation",
                                   "ended_by").order_by("-set_at"))
    # Without shields the page still names the household and its members elsewhere.
    record_shields(ctx, "address_shield.read", household, shields or [household],
                   decision=decision)
    return render(request, "web/address_shield.html", {
        "household": household, "form": form, "end_form": end_form or AddressShieldEndForm(),
        "end_target": end_target,
        "active": [s for s in shields if s.is_active],
        "ended": [s for s in shields if not s.is_active],
        "errors": error_summary(form, end_form), "nav": "",
    }, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def address_shield_page(request, pk):
    ctx = context_for_request(request)
    household, decision = _household(
        ctx, pk, "address_shield.set" if request.method == "POST" else "address_shield.read")
    form = AddressShieldForm(request.POST or None,
                             candidates=shieldable_members(household))
    if request.method == "POST" and form.is_valid():
        try:
            set_shield(ctx, household, form.cleaned_data["shielded_from"],
                       form.cleaned_data["reason"], rule=decision.rule)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("web:address_shield", pk=household.pk)
    return _page(request, ctx, household, decision, form,
                 status=400 if form.is_bound and form.errors else 200)


@require_POST
@login_required
def address_shield_end(request, pk, shield_pk):
    ctx = context_for_request(request)
    household, decision = _household(ctx, pk, "address_shield.end")
    shield = AddressShield.objects.filter(pk=shield_pk, household=household).first()
    if shield is None:  # unknown, or a shield of another household
        raise AccessRefused(ctx, "address_shield.end", OBJECT_TYPE, shield_pk,
                            Decision(False, "not_found", refusal_reason("not_found")),
                            action="U")
    form = AddressShieldEndForm(request.POST)
    if form.is_valid():
        try:
            end_shield(ctx, shield, form.cleaned_data["end_reason"], rule=decision.rule)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("web:address_shield", pk=household.pk)
    new_form = AddressShieldForm(candidates=shieldable_members(household))
    return _page(request, ctx, household, decision, new_form, end_form=form,
                 end_target=shield_pk, status=400)
