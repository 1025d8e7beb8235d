"""'Mijn werkvoorraad' as a CSV or XLSX download (issue 12, point 6): the page's table of
cases, with its columns in words and local dates, for all of the user's cases (the page
shows at most worklist.LIMIT), bounded by exports.MAX_ROWS.

Logged as the page logs its list: the same cases under "case.export.list" (a list, as
"case.list"; the family portal says "zag ... in een lijst")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from netwerkdossier.access.api import record, together

from ..exports import MAX_ROWS, export_response


def headers() -> list[str]:
    return [_("Huishouden"), _("Traject"), _("Fase"), _("Eerstvolgende termijn"),
            _("Soort termijn"), _("Signalen"), _("Uw rol")]


def cells(row: dict) -> list:
    """One line of the file: a row of the page (worklist.rows), with the page's words
    where a cell is empty ("geen termijn", "geen")."""
    return [row["household"], row["title"], row["phase"],
            row["deadline"] or _("geen termijn"), row["deadline_label"] or "",
            "; ".join(str(s.text) for s in row["signals"]) or _("geen"), row["roles"]]


def export_worklist(request, ctx, fmt: str, cases, rows):
    """The download of `rows` (the page's rows of `cases`), or back to the page with a
    Dutch message when there are more than MAX_ROWS cases."""
    if len(cases) > MAX_ROWS:
        messages.error(request, _(
            "Uw werkvoorraad heeft meer dan %(max)s trajecten; zo veel kunnen niet in één "
            "download.") % {"max": MAX_ROWS})
        return redirect(reverse("web:worklist"))
    response = export_response(fmt, "werkvoorraad", headers(), [cells(r) for r in rows],
                               title=_("Werkvoorraad"))
    with together(ctx):  # logged once the file is built, in the request's transaction
        record(ctx, "case.export.list", cases, rule="team")
    return response
