"""Keep a registration right: add a member, change or end a membership, record or change
gezag, change the address; each with a source and a reason (households/registration.py).

Who may: a team-type relation with the household (fetch for UPDATE) and the write gate
of the registration-change kind (the owner organisation, or an organisation doing the
safety work: access/catalogue.py). Anyone else gets the logged 404, also on a GET, so
the pages tell an outsider nothing. A bad form is answered 400 with Dutch messages;
nothing is saved.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    Decision,
    context_for_request,
    fetch,
    record,
    visible,
)
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.households import registration as reg
from netwerkdossier.households.models import Household, HouseholdMember, Person
from netwerkdossier.households.services import NewMember
from netwerkdossier.uuids import parse_row_id

from ..errormap import apply_errors, error_summary
from ..registration_forms import (
    AddressForm,
    GezagAddForm,
    GezagChangeForm,
    MemberAddForm,
    MemberChangeForm,
)

ALIASES = {"person": "existing_bsn"}


def household_for_edit(ctx, pk, event_code):
    """(household, decision) for a registration edit, or the logged 404."""
    household, decision = fetch(ctx, Household.objects.select_related("owner_organisation"),
                                pk, action=UPDATE, event_code=event_code)
    gate = reg.may_edit(ctx, household)
    if not gate.allowed:
        raise AccessRefused(ctx, event_code, "household", pk, gate, action="U")
    return household, decision


def _data(request):
    return request.POST if request.method == "POST" else None


def _not_found(ctx, event_code, object_type, pk):
    raise AccessRefused(ctx, event_code, object_type, pk,
                        Decision(False, "not_found", refusal_reason("not_found")), action="U")


def _render(request, ctx, household, decision, form, title, intro, *, subject=None,
            logged=None, status=200):
    # The page shows the household's name and the member or gezag fact being changed.
    record(ctx, "registration.edit.read", logged or [household], decision=decision)
    return render(request, "web/registration_edit.html", {
        "household": household, "form": form, "page_title": title, "intro": intro,
        "subject": subject, "errors": error_summary(form), "nav": "",
    }, status=status)


def _done(request, household, message):
    messages.success(request, message)
    return redirect(reverse("web:household", args=[household.pk]) + "#gezinsleden")


def _save(request, form, call):
    """Run the service call; its ValidationError goes onto the form."""
    try:
        return call()
    except ValidationError as exc:
        apply_errors(form, exc, ALIASES)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request, pk):
    ctx = context_for_request(request)
    household, decision = household_for_edit(ctx, pk, "registration.member_added")
    form = MemberAddForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        existing = None
        if data["existing_bsn"]:
            existing = visible(ctx, READ, Person.objects.filter(
                bsn=data["existing_bsn"])).first()
            if existing is None:
                form.add_error("existing_bsn",
                               _("Geen persoon met dit BSN gevonden die u mag zien."))
        if not form.errors:
            member = NewMember(
                relation=data["relation"], given_names=data["given_names"],
                tussenvoegsel=data["tussenvoegsel"], family_name=data["family_name"],
                birth_date=data["birth_date"], bsn=data["bsn"] or None,
                lives_in=data["lives_in"], existing_person=existing)
            if _save(request, form, lambda: reg.add_member(
                    ctx, household, member=member, valid_from=data["valid_from"],
                    source=form.source(), reason=data["reason"])):
                return _done(request, household, _("Het gezinslid is toegevoegd."))
    return _render(request, ctx, household, decision, form, _("Gezinslid toevoegen"),
                   _("Voeg iemand toe die bij dit huishouden hoort. Een bestaand persoon "
                     "vindt u met het BSN."),
                   status=400 if form.is_bound else 200)


def _member(ctx, household, member_pk, event_code) -> HouseholdMember:
    row = parse_row_id(member_pk)
    member = HouseholdMember.objects.select_related("person").filter(
        household=household, pk=row).first() if row else None
    if member is None:
        _not_found(ctx, event_code, "household_member", row or household.pk)
    return member


@require_http_methods(["GET", "POST"])
@login_required
def member_change(request, pk, member_pk):
    ctx = context_for_request(request)
    household, decision = household_for_edit(ctx, pk, "registration.member_changed")
    member = _member(ctx, household, member_pk, "registration.member_changed")
    initial = {"relation": member.relation, "lives_in": member.lives_in,
               "valid_to": member.valid_to,
               "version": reg.current_version(reg.T.MEMBER, member.pk)}
    form = MemberChangeForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(request, form, lambda: reg.change_member(
                ctx, household, member.pk, relation=data["relation"],
                lives_in=data["lives_in"], valid_to=data["valid_to"], source=form.source(),
                reason=data["reason"], expected_version=data["version"])):
            return _done(request, household, _("Het gezinslid is gewijzigd."))
    return _render(request, ctx, household, decision, form,
                   _("Gezinslid wijzigen of beëindigen"),
                   _("Wijzig de relatie of of iemand hier woont, of beëindig het "
                     "lidmaatschap met een einddatum. De oude gegevens blijven in de "
                     "geschiedenis."),
                   subject=member.person.full_name, logged=[member],
                   status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def gezag_add(request, pk):
    ctx = context_for_request(request)
    household, decision = household_for_edit(ctx, pk, "registration.gezag_added")
    form = GezagAddForm(_data(request), holders=reg.gezag_holders(household),
                        children=reg.gezag_children(household))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(request, form, lambda: reg.add_gezag(
                ctx, household, holder_id=data["holder"], child_id=data["child"],
                kind=data["kind"], valid_from=data["valid_from"], valid_to=data["valid_to"],
                source=form.source(), reason=data["reason"])):
            return _done(request, household, _("Het gezag is vastgelegd."))
    return _render(request, ctx, household, decision, form, _("Gezag vastleggen"),
                   _("Leg vast wie het gezag heeft over een kind van dit huishouden, en "
                     "waar dat vandaan komt."),
                   status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def gezag_change(request, pk, gezag_pk):
    ctx = context_for_request(request)
    household, decision = household_for_edit(ctx, pk, "registration.gezag_changed")
    row = parse_row_id(gezag_pk)
    gezag = reg.household_gezag(household, row) if row else None
    if gezag is None:
        _not_found(ctx, "registration.gezag_changed", "gezag", row or household.pk)
    initial = {"kind": gezag.kind, "valid_from": gezag.valid_from, "valid_to": gezag.valid_to,
               "version": reg.current_version(reg.T.GEZAG, gezag.pk)}
    form = GezagChangeForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(request, form, lambda: reg.change_gezag(
                ctx, household, gezag.pk, kind=data["kind"], valid_from=data["valid_from"],
                valid_to=data["valid_to"], source=form.source(), reason=data["reason"],
                expected_version=data["version"])):
            return _done(request, household, _("Het gezag is gewijzigd."))
    subject = _("%(holder)s over %(child)s") % {"holder": gezag.holder.full_name,
                                                "child": gezag.child.full_name}
    return _render(request, ctx, household, decision, form, _("Gezag wijzigen of beëindigen"),
                   _("Corrigeer het gezag of beëindig het met een einddatum. Het oude gezag "
                     "blijft leesbaar in de geschiedenis."),
                   subject=subject, logged=[gezag], status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
@login_required
def address_change(request, pk):
    ctx = context_for_request(request)
    household, decision = household_for_edit(ctx, pk, "registration.address_changed")
    initial = {**reg.address_values(household),
               "version": reg.current_version(reg.T.ADDRESS, household.pk)}
    form = AddressForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _save(request, form, lambda: reg.change_address(
                ctx, household, street=data["street"], postcode=data["postcode"],
                municipality=data["municipality"], source=form.source(),
                reason=data["reason"], expected_version=data["version"])):
            return _done(request, household, _("Het adres is gewijzigd."))
    return _render(request, ctx, household, decision, form, _("Adres wijzigen"),
                   _("Een afscherming van het adres blijft gelden voor het nieuwe adres."),
                   status=400 if form.is_bound else 200)
