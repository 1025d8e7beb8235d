"""The filters of 'Wie keek er?': one organisation, and emergency access only. Parsed
from the query string (a GET form that works without JavaScript); input that does not
fit gives the whole list with a Dutch message, never an error page."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

from netwerkdossier.organisations.models import Organisation
from netwerkdossier.uuids import parse_uuid

ORGANISATION = "organisatie"
EMERGENCY = "noodtoegang"
PAGE = "pagina"
EMERGENCY_ON = "ja"

UNKNOWN_ORGANISATION = _("Die organisatie staat niet in uw lijst. U ziet nu alle "
                         "organisaties.")


@dataclass
class LookedFilters:
    organisation_id: str = ""
    emergency_only: bool = False
    problem: str = ""  # Dutch message when the query string asked for something unknown

    @property
    def active(self) -> bool:
        return bool(self.organisation_id or self.emergency_only)

    def query(self, page: int | None = None) -> str:
        """The query string of these filters (and a page), for links that keep them."""
        params = {}
        if self.organisation_id:
            params[ORGANISATION] = self.organisation_id
        if self.emergency_only:
            params[EMERGENCY] = EMERGENCY_ON
        if page is not None and page > 1:
            params[PAGE] = page
        return f"?{urlencode(params)}" if params else "?"


def organisation_choices(records) -> list[tuple[str, str]]:
    """(id, name) of the organisations that appear in these log records, by name. One
    DISTINCT query on the records, one on the organisations."""
    ids = {i for i in records.order_by().values_list("organisation_id", flat=True)
           .distinct() if parse_uuid(i)}
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))
    return sorted(((str(pk), name) for pk, name in names.items()), key=lambda c: c[1])



def parse(params, choices) -> LookedFilters:
    """Filters from the query string. An organisation is only accepted if it is one of
    `choices` (the family's own log), so an id of another family's log gives the same
    answer as an id that does not exist."""
    wanted = (params.get(ORGANISATION) or "").strip()
    known = {pk for pk, _name in choices}
    filters = LookedFilters(emergency_only=bool(params.get(EMERGENCY)))
    if wanted in known:
        filters.organisation_id = wanted
    elif wanted:
        filters.problem = str(UNKNOWN_ORGANISATION)
    return filters


def page_number(params) -> int:
    """The page asked for; anything but a positive whole number is page 1."""
    raw = (params.get(PAGE) or "").strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) < 10):  # "²" is a digit too
        return 1
    return max(int(raw), 1)
