"""The privacy officer's retention screen: the own organisation's parts whose period has
passed, destroyed in batches after an explicit confirmation, and legal holds that stop
it. Anyone else: logged 404 (web/views/privacy._officer)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from netwerkdossier.access.api import AccessRefused, Decision, record
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household
from netwerkdossier.uuids import parse_uuid
from netwerkdossier.web.errormap import apply_errors, error_summary
from netwerkdossier.web.forms import DateInput
from netwerkdossier.web.views.privacy import _officer

from . import holds
from .due import destroy_due, due_parts, parts
from .grounds import hold_reasons
from .models import LegalHold
from .outcome import Status

PER_PAGE = 100


@require_GET
@login_required
def due_page(request):
    ctx = _officer(request, "retention.due.list", "bewaartermijnen", object_type="screen")
    organisation = ctx.membership.organisation
    everything = parts(organisation)
    due = due_parts(organisation, of=everything)
    page = Paginator(due, PER_PAGE).get_page(request.GET.get("pagina"))
    counts = {str(label): sum(1 for p in everything if p.outcome.status is status)
              for status, label in ((Status.KNOWN, _("Datum bekend")),
                                    (Status.NOT_YET_KNOWN, _("Nog niet bekend")),
                                    (Status.OWN_LAW, _("Eigen wet")),
                                    (Status.CONFLICT, _("Tegenstrijdig, voor een jurist")))}
    shown = list(Household.objects.filter(pk__in=[p.household_id for p in page]))
    active = list(holds.holding(ctx.organisation_id).select_related("household", "set_by")
                  .order_by("until"))
    record(ctx, "retention.due.list", shown)
    record(ctx, "retention.hold.list", active)
    return render(request, "retention/due.html", {
        "page": page, "counts": counts, "held": sum(1 for p in everything if p.held),
        "holds": active, "nav": "privacy_retention"})


@require_POST
@login_required
def destroy_selected(request):
    ctx = _officer(request, "retention.destroy", "bewaartermijnen", action="D",
                   object_type="screen")
    chosen = request.POST.getlist("huishouden")
    if not chosen:
        messages.error(request, _gettext("Kies eerst welke dossiers u wilt vernietigen."))
        return redirect("retention:due")
    if request.POST.get("confirm") != "ja":
        messages.error(request, _gettext("Vink aan dat u de lijst hebt gecontroleerd en "
                                         "begrijpt dat vernietigen niet terug te draaien is."))
        return redirect("retention:due")
    try:
        result = destroy_due(ctx, ctx.membership.organisation, chosen)
    except ValueError:  # a malformed id in the form
        messages.error(request, _gettext("De keuze klopt niet. Vernieuw de pagina."))
        return redirect("retention:due")
    messages.success(request, _gettext("%(n)s dossier(s) vernietigd.") % {
        "n": len(result["destroyed"])})
    if result["skipped"]:
        messages.warning(request, _gettext(
            "%(n)s dossier(s) niet vernietigd: de termijn is (nu) niet verstreken of er geldt "
            "een blokkade.") % {"n": len(result["skipped"])})
    return redirect("retention:due")


class HoldForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reden"), widget=forms.RadioSelect,
                               error_messages={"required": _("Kies de reden van de "
                                                             "blokkade.")})
    explanation = forms.CharField(label=_("Toelichting (bijvoorbeeld het zaaknummer)"),
                                  widget=forms.Textarea(attrs={"rows": 3}), required=False)
    until = forms.DateField(label=_("Tot en met"), widget=DateInput, required=False,
                            error_messages={"invalid": _("Vul een geldige datum in.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No reason preselected: the officer chooses one.
        self.fields["reason"].choices = [(g.key, g.label) for g in hold_reasons()]


def _own_household(ctx, pk) -> Household:
    """A household in which ctx's organisation owns a part; otherwise a logged 404."""
    found = Household.objects.filter(pk=pk).first() if pk else None
    if found is None or not Entry.objects.filter(
            household=found, owner_organisation_id=ctx.organisation_id).exists():
        raise AccessRefused(ctx, "retention.hold.create", "household", pk,
                            Decision(False, "no_part_of_organisation", ""), action="C")
    return found


@require_http_methods(["GET", "POST"])
@login_required
def hold_page(request):
    ctx = _officer(request, "retention.hold.create", "bewaartermijnen", action="C",
                   object_type="screen")
    household = _own_household(ctx, parse_uuid(request.GET.get("huishouden")))
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            holds.set_hold(ctx, household, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _gettext("De blokkade staat. Tot de einddatum wordt dit "
                                               "dossier niet vernietigd."))
            return redirect("retention:due")
    record(ctx, "retention.hold.read", [household])
    return render(request, "retention/hold.html", {
        "household": household, "form": form, "errors": error_summary(form),
        "nav": "privacy_retention"}, status=400 if form.is_bound and form.errors else 200)


@require_POST
@login_required
def hold_end(request, pk):
    # A refusal names the hold asked for (the outsider walk checks every route does).
    ctx = _officer(request, "retention.hold.end", pk, action="U", object_type="legal_hold")
    hold = LegalHold.objects.filter(pk=pk, organisation_id=ctx.organisation_id).first()
    if hold is None:
        raise AccessRefused(ctx, "retention.hold.end", "legal_hold", pk,
                            Decision(False, "not_found", ""), action="U")
    try:
        holds.end_hold(ctx, hold)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _gettext("De blokkade is beëindigd."))
    return redirect("retention:due")
