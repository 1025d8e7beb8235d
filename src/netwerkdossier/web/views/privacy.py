"""The privacy officer's screens: the emergency-access review queue and the access log
(NEN 7513) with filters and unusual patterns. Anyone else gets the logged 404, and every
use of these screens is itself logged."""

import dataclasses
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from netwerkdossier.access.api import AccessRefused, Decision, context_for_request, event, record
from netwerkdossier.access.break_glass import review_break_glass
from netwerkdossier.access.explain import refusal_reason
from netwerkdossier.access.models import BreakGlass
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.queries import (
    LogFilter,
    break_glass_activity,
    day_start,
    thresholds,
    unusual_patterns,
)
from netwerkdossier.households.bsn import validate_bsn
from netwerkdossier.households.models import Person
from netwerkdossier.organisations.models import Membership, Organisation

from ..errormap import error_summary
from ..exports import export_format
from ..forms import DateInput
from .access_log_export import export_access_log, label_rows

PER_PAGE = 50
PATTERN_DAYS = 30  # the unusual-patterns panel looks back this far without a period
# Object ids of the screens in refusal records.
SCREENS = ("toegangslog", "noodtoegang", "mogelijke-matches", "toegangsmatrix")


def _officer(request, event_code: str, object_id, action: str = "R",
             object_type: str = "break_glass"):
    """The access context of a privacy officer, or a logged 404 for anyone else."""
    ctx = context_for_request(request)
    if ctx.role != Membership.Role.PRIVACY_OFFICER:
        rule = "no_content_role" if ctx.membership is None else "not_privacy_officer"
        reason = (refusal_reason(rule) if rule == "no_content_role" else
                  _gettext("Alleen de functionaris gegevensbescherming ziet dit."))
        raise AccessRefused(ctx, event_code, "screen" if object_id in SCREENS else
                            object_type, object_id, Decision(False, rule, reason),
                            action=action)
    # Work on the log is supervision, whatever purpose the session was started with.
    return dataclasses.replace(ctx, purpose="toezicht", cache={})


def record_screen(ctx, event_code: str, screen: str, objects, *, subjects=()) -> None:
    """Record what an officer's screen showed; an empty screen is recorded as the
    screen itself, so every use is in the log."""
    if objects:
        record(ctx, event_code, objects, rule="privacy_officer", subjects=subjects)
    else:
        event(ctx, event_code, "R", object_type="screen", object_ids=[screen],
              rule="privacy_officer")


# --- review queue ---------------------------------------------------------------------

class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Oordeel"), choices=BreakGlass.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Kies terecht of onterecht.")})
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


def _queue(request, ctx, forms_by_id=None, status=200):
    forms_by_id = forms_by_id or {}
    open_uses = list(BreakGlass.objects.filter(reviewed_at__isnull=True)
                     .select_related("user", "organisation", "household")
                     .order_by("started_at"))
    reviewed = list(BreakGlass.objects.filter(reviewed_at__isnull=False)
                    .select_related("user", "organisation", "household", "reviewed_by")
                    .order_by("-reviewed_at")[:PER_PAGE])
    for glass in open_uses:
        glass.activity = break_glass_activity(glass)
        glass.form = forms_by_id.get(glass.pk) or ReviewForm(prefix=str(glass.pk))
    for glass in reviewed:
        glass.activity = break_glass_activity(glass)
    record_screen(ctx, "break_glass.queue", "noodtoegang", open_uses + reviewed)
    errors = [e for f in forms_by_id.values() for e in error_summary(f)]
    return render(request, "web/privacy_break_glass.html", {
        "open_uses": open_uses, "reviewed": reviewed, "errors": errors, "nav": "privacy_btg",
    }, status=status)


@require_GET
@login_required
def break_glass_queue(request):
    ctx = _officer(request, "break_glass.queue", "noodtoegang")
    return _queue(request, ctx)


@require_POST
@login_required
def break_glass_review(request, pk):
    ctx = _officer(request, "break_glass.review", pk, action="U")
    glass = BreakGlass.objects.filter(pk=pk).first()
    if glass is None:
        raise AccessRefused(ctx, "break_glass.review", "break_glass", pk,
                            Decision(False, "not_found", refusal_reason("not_found")),
                            action="U")
    form = ReviewForm(request.POST, prefix=str(glass.pk))
    if form.is_valid():
        try:
            review_break_glass(ctx, glass, form.cleaned_data["outcome"],
                               form.cleaned_data["note"])
        except ValidationError as exc:
            for key, errors in (exc.message_dict.items() if hasattr(exc, "error_dict")
                                else [(None, exc.messages)]):
                for message in errors:
                    form.add_error(key if key in form.fields else None, message)
        else:
            messages.success(request, _gettext("Beoordeling opgeslagen."))
            return redirect("web:break_glass_queue")
    return _queue(request, ctx, {glass.pk: form}, status=400)


# --- access log -----------------------------------------------------------------------

class LogFilterForm(forms.Form):
    persoon = forms.CharField(label=_("Persoon (BSN of id)"), required=False, max_length=40)
    professional = forms.CharField(label=_("Professional (gebruikersnaam)"), required=False,
                                   max_length=150)
    van = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput)
    tot = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput)
    resultaat = forms.ChoiceField(label=_("Resultaat"), required=False, choices=[
        ("", _("Alles"))] + list(AccessLogRecord.Result.choices))
    btg = forms.BooleanField(label=_("Alleen noodtoegang"), required=False)

    def clean_persoon(self):
        value = self.cleaned_data["persoon"].strip().replace(" ", "")
        if not value:
            return None
        if value.isdigit():
            try:
                validate_bsn(value)
            except ValidationError as exc:
                raise ValidationError(_("Dit BSN klopt niet.")) from exc
            return ("bsn", value)
        try:
            return ("id", uuid.UUID(value))
        except ValueError as exc:
            raise ValidationError(_("Vul een BSN (9 cijfers) of een persoons-id in.")) from exc

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", _("De einddatum ligt voor de begindatum."))
        return data


def _person_ids(form) -> tuple[list, str]:
    """The person ids to search for, and a Dutch note when a BSN matched nobody.

    A BSN is resolved to an id only; the person's data are not shown here, and the
    query is logged with that person as subject."""
    person = form.cleaned_data.get("persoon")
    if not person:
        return [], ""
    kind, value = person
    if kind == "id":
        return [value], ""
    found = list(Person.objects.filter(bsn=value).values_list("pk", flat=True))
    return found, "" if found else _gettext("Geen persoon met dit BSN gevonden.")


def _log_query(form):
    """The page's filters as a LogFilter, the records they find, the person ids searched
    for and a note when a BSN matched nobody; shared by the page and its download."""
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    person_ids, person_note = _person_ids(form) if data else ([], "")
    log_filter = LogFilter(person_ids=person_ids, username=data.get("professional", ""),
                           date_from=data.get("van"), date_to=data.get("tot"),
                           break_glass_only=bool(data.get("btg")),
                           result=data.get("resultaat", ""))
    if not valid or (data.get("persoon") and not person_ids):
        records = AccessLogRecord.objects.none()
    else:
        records = log_filter.queryset()
    return valid, data, log_filter, records, person_ids, person_note


@require_GET
@login_required
def access_log(request):
    fmt = export_format(request)  # ?formaat=csv|xlsx: the download; anything else: the page
    ctx = _officer(request, "audit.export" if fmt else "audit.query", "toegangslog")
    form = LogFilterForm(request.GET or None)
    valid, data, log_filter, records, person_ids, person_note = _log_query(form)
    if fmt and valid:
        return export_access_log(request, ctx, fmt, log_filter, records, person_ids)
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    label_rows(rows)

    now = timezone.now()
    since = day_start(data["van"]) if data.get("van") else now - timedelta(days=PATTERN_DAYS)
    until = day_start(data["tot"] + timedelta(days=1)) if data.get("tot") else now
    patterns = unusual_patterns(since, until)
    pattern_orgs = dict(Organisation.objects.filter(
        pk__in={_as_uuid(p.organisation_id) for p in patterns} - {None})
        .values_list("pk", "name"))
    period = {k: request.GET[k] for k in ("van", "tot") if request.GET.get(k)}
    for pattern in patterns:
        pattern.organisation_name = pattern_orgs.get(_as_uuid(pattern.organisation_id), "")
        pattern.link = "?" + urlencode({**pattern.filters, **period})

    # A search by person names that person, also when it found no records: then the
    # screen showed that the person exists and was not in the log.
    record_screen(ctx, "audit.query", "toegangslog",
                  rows or [Person(pk=pk) for pk in person_ids], subjects=person_ids)
    query = request.GET.copy()
    query.pop("pagina", None)
    query.pop("formaat", None)
    return render(request, "web/privacy_log.html", {
        "form": form, "page": page, "rows": rows, "patterns": patterns,
        "person_note": person_note, "errors": error_summary(form) if not valid else [],
        "query": query.urlencode(), "since": since, "until": until, "nav": "privacy_log",
        "outside_threshold": thresholds()["households"],
    })


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
