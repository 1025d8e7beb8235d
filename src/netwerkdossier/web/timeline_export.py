"""A household's timeline as a CSV or XLSX download (issue 12, point 6): every entry the
professional may read under the timeline's filters (all pages, the same access-filtered
query as the page) and, where the page shows them, the placeholders for entries they
may only know exist: date and organisation, never more. Logged as the page logs its
reads, under "entry.export" and "entry.export.placeholder"."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import READ, together, visible_in_household
from netwerkdossier.dossier.models import Entry

from .exports import export_response
from .forms import TimelineFilterForm
from .timeline import (
    ENTRY_COLUMNS,
    HIDDEN_ATTRIBUTE_FILTERS,
    TimelinePage,
    build_rows,
    filtered,
    involved_organisations,
    load_placeholders,
    record_timeline,
)

# A household's timeline is far shorter; above this the user narrows it with a filter.
MAX_ENTRIES = 5_000


def load_all(ctx, household, members, params, *, by_organisation=True) -> TimelinePage | None:
    """The whole timeline under the filters in `params`, or None above MAX_ENTRIES."""
    base = visible_in_household(ctx, READ, household.pk,
                                Entry.objects.filter(is_current=True))
    form = TimelineFilterForm(params, members=members,
                              organisations=involved_organisations(household)
                              if by_organisation else [])
    filters = form.filters()
    raw = list(filtered(base, filters).order_by("-occurred_at", "-recorded_at")
               .values(*ENTRY_COLUMNS)[:MAX_ENTRIES + 1])
    if len(raw) > MAX_ENTRIES:
        return None
    by_birth = sorted(members, key=lambda p: p.birth_date)
    rows = build_rows(raw, {p.pk: p.full_name for p in by_birth})
    hidden = any(f in filters for f in HIDDEN_ATTRIBUTE_FILTERS)
    placeholders = [] if hidden else load_placeholders(
        ctx, household, filters, {r["id"] for r in raw}, upper=None, lower=None,
        cap=MAX_ENTRIES)
    return TimelinePage(entries=rows, form=form, page=1, has_next=False, query=filters,
                        placeholders=placeholders, placeholders_hidden=hidden)


def headers() -> list[str]:
    return [_("Datum"), _("Soort"), _("Auteur"), _("Organisatie"), _("Over"),
            _("Vertrouwelijkheid"), _("Tekst")]


def cells(row) -> list:
    """One line of the file: what the page shows of this entry or placeholder."""
    when = timezone.localtime(row.occurred_at).strftime("%d-%m-%Y %H:%M")
    if row.placeholder:
        # The same words as the page's placeholder (timeline_html.py).
        text = _("Er is een aantekening van %(org)s van %(day)s die u niet kunt inzien. "
                 "Wilt u meer weten? Neem contact op met %(org)s.") % {
            "org": row.owner_name, "day": row.occurred_day}
        return [when, _("Aantekening die u niet kunt inzien"), "", row.owner_name, "", "",
                text]
    return [when, row.kind_label, row.author_name, row.owner_name, row.subject_names,
            row.confidentiality_label, row.text]


def export_timeline(request, ctx, household, decision, persons, fmt: str, *,
                    by_organisation=True):
    timeline = load_all(ctx, household, persons, request.GET,
                        by_organisation=by_organisation)
    if timeline is None:
        messages.error(request, _(
            "Deze tijdlijn heeft meer dan %(max)s aantekeningen; zo veel kunnen niet in "
            "één download. Kies een filter (gezinslid, soort of organisatie).")
            % {"max": MAX_ENTRIES})
        return redirect(reverse("web:household", args=[household.pk]))
    response = export_response(fmt, "tijdlijn-huishouden", headers(),
                               [cells(r) for r in timeline.items], title=_("Tijdlijn"))
    with together(ctx):  # logged once the file is built, in the request's transaction
        record_timeline(ctx, timeline, decision, event_code="entry.export")
    return response
