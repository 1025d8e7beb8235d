"""Register a new household with its members (new persons, or existing ones by BSN)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access.api import CONTENT_ROLES, READ, context_for_request, visible
from netwerkdossier.households.models import HouseholdMember, Person
from netwerkdossier.households.services import NewMember, register_household

from ..errormap import error_summary
from ..forms import HouseholdForm, MemberFormSet

CHILD = HouseholdMember.Relation.CHILD
# Service error keys on a member row that are shown on another field of that row.
MEMBER_ALIASES = {"gezag_holders": "holds_gezag"}


def _existing_person(ctx, form):
    bsn = form.cleaned_data.get("existing_bsn")
    if not bsn:
        return None
    person = visible(ctx, READ, Person.objects.filter(bsn=bsn)).first()
    if person is None:
        form.add_error("existing_bsn",
                       _("Geen persoon met dit BSN gevonden die u mag zien."))
    return person


def _new_members(ctx, formset):
    """NewMember list for the filled-in rows, and the form of each (same order)."""
    rows = [f for f in formset.forms if f.is_valid() and not f.is_empty()]
    members = []
    for form in rows:
        data = form.cleaned_data
        members.append(NewMember(
            relation=data["relation"], given_names=data["given_names"],
            tussenvoegsel=data["tussenvoegsel"], family_name=data["family_name"],
            birth_date=data["birth_date"], bsn=data["bsn"] or None,
            lives_in=data["lives_in"], existing_person=_existing_person(ctx, form),
        ))
    holders = [i for i, (f, m) in enumerate(zip(rows, members, strict=True))
               if f.cleaned_data["holds_gezag"] and m.relation != CHILD]
    for member in members:
        if member.relation == CHILD:
            member.gezag_holders = list(holders)
    return members, rows


def _apply_member_errors(exc, household_form, rows, general):
    for key, messages in exc.message_dict.items():
        parts = key.split(".")
        if parts[0] == "members" and len(parts) == 3 and parts[1].isdigit() \
                and int(parts[1]) < len(rows):
            form = rows[int(parts[1])]
            name = MEMBER_ALIASES.get(parts[2], parts[2])
            if form.cleaned_data.get("existing_bsn") and name not in (
                    "relation", "lives_in", "holds_gezag"):
                name = "existing_bsn"
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        elif key in household_form.fields:
            for message in messages:
                household_form.add_error(key, message)
        else:
            general.extend(messages)


@require_http_methods(["GET", "POST"])
@login_required
def register(request):
    ctx = context_for_request(request)
    if ctx.membership is None or ctx.role not in CONTENT_ROLES:
        return render(request, "web/forbidden.html", status=403)
    general: list[str] = []
    show_errors = False
    if request.method == "POST":
        data = request.POST.copy()
        household_form = HouseholdForm(data)
        if "add_member" in data:
            # Without JavaScript: the same form again, with one more empty row.
            total = int(data.get("form-TOTAL_FORMS", "1") or 1)
            data["form-TOTAL_FORMS"] = str(min(total + 1, 20))
            formset = MemberFormSet(data)
            household_form = HouseholdForm(data)
        else:
            formset = MemberFormSet(data)
            show_errors = True
            if household_form.is_valid() and formset.is_valid():
                members, rows = _new_members(ctx, formset)
                if not any(f.errors for f in rows):
                    try:
                        household = register_household(
                            ctx, members=members, **household_form.cleaned_data)
                    except ValidationError as exc:
                        _apply_member_errors(exc, household_form, rows, general)
                    else:
                        return redirect("web:household", pk=household.pk)
    else:
        household_form = HouseholdForm()
        formset = MemberFormSet()
    summary = []
    if show_errors:
        summary = [{"id": "", "message": m} for m in general + list(
            formset.non_form_errors())]
        summary += error_summary(household_form, *formset.forms)
    return render(request, "web/register.html", {
        "household_form": household_form, "formset": formset, "errors": summary,
        "show_errors": show_errors, "nav": "register",
    })
