"""The privacy officer's access-log query as a CSV or XLSX download (issue 12, point 6):
the same rows as the page for the same filters, all pages, bounded by MAX_ROWS.

The export is logged twice in one append: the records exported (object type
"access_log", the person searched for as subject), and an "audit.export.query" event
that names the format, the number of rows and the filters as fixed tokens: a date, a
result code, a user id; never text someone typed.
"""

import uuid

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import event, record, together
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.accounts.models import User
from netwerkdossier.households.models import Person
from netwerkdossier.organisations.models import Membership, Organisation

from ..exports import MAX_ROWS, export_response

EVENT = "audit.export"


def label_rows(rows) -> None:
    """Give each log record the names the page shows: organisation, role, purpose."""
    organisations = dict(Organisation.objects.filter(
        pk__in={_as_uuid(r.organisation_id) for r in rows} - {None})
        .values_list("pk", "name"))
    roles = dict(Membership.Role.choices)
    for row in rows:
        row.organisation_name = organisations.get(_as_uuid(row.organisation_id), "")
        row.role_label = roles.get(row.role, row.role)
        row.purpose_label = PURPOSES.get(row.purpose, row.purpose)


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _headers() -> list[str]:
    return [_("Tijd"), _("Gebruiker"), _("Organisatie"), _("Rol"), _("Handeling"),
            _("Gebeurtenis"), _("Resultaat"), _("Noodtoegang"), _("Doel"), _("Grond"),
            _("Soort object"), _("Objecten"), _("Aantal personen")]


def _row(r) -> list:
    yes, no = _("ja"), _("nee")
    return [
        timezone.localtime(r.occurred_at).strftime("%d-%m-%Y %H:%M:%S"),
        r.username, r.organisation_name, str(r.role_label), r.get_action_display(),
        r.event_code, r.get_result_display(), yes if r.break_glass else no,
        str(r.purpose_label), r.rule, r.object_type,
        " ".join(str(i) for i in r.object_ids), len(r.subject_ids),
    ]


def _filter_tokens(log_filter, fmt: str, count: int) -> list[str]:
    """The export's format, size and filters as tokens without free text: a username
    typed in the filter is logged as that user's id (or "onbekend")."""
    tokens = [f"formaat={fmt}", f"aantal={count}"]
    if log_filter.date_from:
        tokens.append(f"van={log_filter.date_from.isoformat()}")
    if log_filter.date_to:
        tokens.append(f"tot={log_filter.date_to.isoformat()}")
    if log_filter.result:
        tokens.append(f"resultaat={log_filter.result}")
    if log_filter.break_glass_only:
        tokens.append("btg=1")
    if log_filter.username:
        user = User.objects.filter(username=log_filter.username).only("uuid").first()
        tokens.append(f"professional={user.uuid if user else 'onbekend'}")
    if log_filter.person_ids:
        tokens.append(f"personen={len(log_filter.person_ids)}")  # the ids: subject_ids
    return tokens


def export_access_log(request, ctx, fmt: str, log_filter, records, person_ids):
    """The download of `records` (the page's query), or back to the page with a Dutch
    message when there are more than MAX_ROWS."""
    count = records.count()
    if count > MAX_ROWS:
        messages.error(request, _(
            "Deze zoekvraag levert %(count)s logregels op; een download kan er ten hoogste "
            "%(max)s bevatten. Kies een kortere periode of een extra filter.")
            % {"count": count, "max": MAX_ROWS})
        query = request.GET.copy()
        query.pop("formaat", None)
        return redirect(reverse("web:access_log") + (f"?{query.urlencode()}" if query else ""))
    rows = list(records[:MAX_ROWS])
    label_rows(rows)
    response = export_response(fmt, "toegangslog", _headers(), [_row(r) for r in rows],
                               title=_("Toegangslog"))
    with together(ctx):  # logged once the file is built, in the request's transaction
        # As the page: a search by person names that person, also without records.
        record(ctx, EVENT, rows or [Person(pk=pk) for pk in person_ids],
               rule="privacy_officer", subjects=person_ids)
        event(ctx, f"{EVENT}.query", "R", object_type="export",
              object_ids=_filter_tokens(log_filter, fmt, len(rows)), rule="privacy_officer")
    return response
