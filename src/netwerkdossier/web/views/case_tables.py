"""Case tables (casustafels, MDA++) of a household: the sessions and a form to plan one."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access.api import (
    READ,
    UPDATE,
    AccessRefused,
    context_for_request,
    record,
    together,
    visible_in_household,
    visible_session_work,
)
from netwerkdossier.access.case_table_service import create_session, max_duration
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.access.models import CaseTableSession
from netwerkdossier.collaboration import staff
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.organisations.models import Membership

from ..errormap import apply_errors, error_summary
from ..formatting import long_date, month_names
from ..forms import CaseTableForm
from .household import fetch_household

CHOOSABLE = 200  # newest readable entries offered for the minimal picture
SNIPPET = 80


def _entry_choices(ctx, household):
    # Only the owner organisation shares an entry to a table: offer the readable entries
    # of the user's own organisation (the service checks it again).
    rows = list(visible_in_household(ctx, READ, household.pk,
                                     Entry.objects.filter(
                                         is_current=True,
                                         owner_organisation_id=ctx.organisation_id))
                .order_by("-occurred_at", "-recorded_at")
                .values("id", "kind", "text", "occurred_at", "owner_organisation__name",
                        "health_data", "criminal_data")
                [:CHOOSABLE])
    kinds = dict(EntryKind.choices)
    months = month_names()
    choices = []
    for r in rows:
        text = r["text"] if len(r["text"]) <= SNIPPET else r["text"][:SNIPPET].rstrip() + "…"
        special = [str(label) for flag, label in (
            ("health_data", _("gezondheidsgegevens")),
            ("criminal_data", _("strafrechtelijke gegevens"))) if r[flag]]
        marks = f" [{', '.join(special)}]" if special else ""
        choices.append((str(r["id"]), f"{kinds.get(r['kind'], r['kind'])}, "
                                      f"{long_date(r['occurred_at'], months)} "
                                      f"({r['owner_organisation__name']}){marks}: {text}"))
    return choices


def _basis_choices(household):
    return [(b.key, bases.summary(b)) for b in bases.available(household)]


@require_http_methods(["GET", "POST"])
@login_required
def case_tables(request, pk):
    ctx = context_for_request(request)
    try:
        household, decision = fetch_household(ctx, pk, action=UPDATE)
    except AccessRefused as exc:
        exc.action = "C" if request.method == "POST" else "R"  # the attempted action
        raise
    choices = _entry_choices(ctx, household)
    found = None
    if request.method == "POST" and "zoek_deelnemers" in request.POST:
        form, found = _search_participants(request.POST, choices, household)
    else:
        form = _planned(ctx, household, request.POST or None, choices, decision)
        if form is None:
            return redirect("web:case_tables", pk=household.pk)
    sessions = list(CaseTableSession.objects.filter(household=household)
                    .select_related("chair").prefetch_related("participants__user", "items")
                    .order_by("-starts_at"))
    # Every team member sees that a table exists and who sits at it (coordination,
    # decision 0024); its title, what it shares and its record only a reader of the
    # session itself: a kind the table's basis gives a seat.
    readable = set(visible_session_work(
        ctx, READ, CaseTableSession.objects.filter(household=household))
        .values_list("pk", flat=True))
    now = timezone.now()
    for s in sessions:
        s.readable = s.pk in readable
        s.state = "running" if s.starts_at <= now < s.ends_at else (
            "planned" if now < s.starts_at else "ended")
        chosen = bases.get(s.basis) if s.basis else None
        s.basis_name = chosen.name if chosen else s.basis
        s.purpose_label = PURPOSES.get(s.purpose, s.purpose)
        s.legal_basis_label = bases.legal_basis_label(s.legal_basis) if s.legal_basis else ""
    with together(ctx):
        record(ctx, "casetable.list", sessions, decision=decision)
        # The entries offered in the form, by a snippet of their text.
        record(ctx, "entry.list", [Entry(pk=pk) for pk, _label in choices], decision=decision)
    hours = int(max_duration().total_seconds() // 3600)
    return render(request, "web/case_tables.html", {
        "household": household, "sessions": sessions, "form": form,
        "errors": error_summary(form), "max_hours": hours, "found": found,
    })


def _search_participants(data, choices, household):
    """Without script: the "Zoeken" button offers the places matching the typed text
    as boxes to tick, beside those already ticked; nothing is checked or saved."""
    chosen = staff.chosen(data.getlist("participants"))
    matches = [m for m in staff.search(data.get("deelnemer_zoek", "")[:staff.QUERY_MAX])
               if m.value not in {c.value for c in chosen}]
    initial = {name: data.getlist(name) if name in ("participants", "entries")
               else data.get(name) for name in CaseTableForm.base_fields}
    initial["deelnemer_zoek"] = ""
    form = CaseTableForm(initial=initial, entries=choices, bases=_basis_choices(household),
                         people=chosen + matches)
    return form, len(matches)


def _planned(ctx, household, data, choices, decision):
    """The form after an attempt to plan (None when the session was saved)."""
    chosen = staff.chosen(data.getlist("participants")) if data else []
    form = CaseTableForm(data, entries=choices, bases=_basis_choices(household),
                         people=chosen)
    if data is None or not form.is_valid():
        return form
    try:
        users = _participant_users(form, chosen)
        create_session(ctx, household, title=form.cleaned_data["title"],
                       starts_at=form.starts_at(), ends_at=form.ends_at(),
                       basis=form.cleaned_data.get("basis", ""),
                       usernames=[u.username for u in users],
                       entry_ids=form.cleaned_data.get("entries", []), rule=decision.rule)
    except ValidationError as exc:
        apply_errors(form, exc, aliases={"starts_at": "start_time", "ends_at": "end_time"})
        return form
    return None


def _participant_users(form, chosen):
    """The users of the ticked places, plus the one place the search field names when
    someone typed a name and saved without choosing (several matches: choose first)."""
    if len(chosen) != len(set(form.cleaned_data.get("participants") or [])):
        raise ValidationError({"participants": [_("Kies de deelnemers uit de lijst; een "
                                                  "van de gekozen professionals werkt hier "
                                                  "niet meer.")]})
    values = [c.value for c in chosen]
    typed = form.cleaned_data.get("deelnemer_zoek", "")
    if typed.strip():
        try:
            values.append(str(staff.choose(typed, "", field="deelnemer_zoek").pk))
        except ValidationError as exc:
            form.fields["participants"].choices += [
                (m.value, m.label) for m in getattr(exc, "matches", [])
                if m.value not in values]
            raise
    return [m.user for m in Membership.objects.filter(pk__in=values).select_related("user")]

