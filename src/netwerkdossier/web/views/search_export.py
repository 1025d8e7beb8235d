"""Search results as a CSV or XLSX download (issue 12, point 6): the persons and
households the search page lists for the same query, with the same columns, no more.

Logged as the page logs its results, as result lists ("person.export.search",
"household.export.search"): the ".search" suffix keeps them apart from households that
were opened (audit/queries.py SEARCH_EVENTS_SUFFIX; the family portal says "zag ... in
een lijst")."""

from django.utils.translation import gettext as _

from netwerkdossier.access.api import record, together

from ..exports import export_response


def headers() -> list[str]:
    return [_("Soort"), _("Naam"), _("Geboortedatum"), _("Huishoudens"), _("Gemeente")]


def _membership(m) -> str:
    """As the page: "Gezin Jansen (moeder, tot 01-02-2020)"."""
    relation = str(m.get_relation_display()).lower()
    if m.valid_to:
        relation = f"{relation}, {_('tot')} {m.valid_to:%d-%m-%Y}"
    return f"{m.household.name} ({relation})"


def person_cells(person) -> list:
    households = "; ".join(_membership(m) for m in person.visible_memberships) \
        or _("nog geen huishouden")
    return [_("Persoon"), person.full_name, f"{person.birth_date:%d-%m-%Y}", households, ""]


def household_cells(household) -> list:
    return [_("Huishouden"), household.name, "", "", household.place]  # set by find()


def lines(persons, households) -> list[list]:
    return [person_cells(p) for p in persons] + [household_cells(h) for h in households]


def export_search(ctx, fmt: str, persons, households):
    """The download of the page's results (found by web.views.search.find)."""
    response = export_response(fmt, "zoekresultaten", headers(), lines(persons, households),
                               title=_("Zoekresultaten"))
    with together(ctx):  # logged once the file is built, in the request's transaction
        record(ctx, "person.export.search", persons)
        record(ctx, "household.export.search", households)
    return response
