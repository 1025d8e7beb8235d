"""Area levels: an organisation (the team manager's), a municipality, a region, all pilot
regions together and the country. A unit of computation is (region, area,
organisation); rollup() gives the unit's key at each level."""

from django.utils.translation import gettext_lazy as _

ORGANISATION, MUNICIPALITY, REGION, PILOTS, COUNTRY = (
    "organisatie", "gemeente", "regio", "proeftuinen", "land")
LEVELS = (ORGANISATION, MUNICIPALITY, REGION, PILOTS, COUNTRY)
ALL_PILOTS, NETHERLANDS = "alle", "nl"
LABELS = {PILOTS: _("Alle proeftuinen"), COUNTRY: _("Nederland")}


def rollup(unit: tuple, pilot_regions: set) -> list[tuple[str, str]]:
    """(level, key) of every level the unit (region, area, organisation) counts in."""
    region, area, organisation = unit
    found = [(REGION, str(region)), (COUNTRY, NETHERLANDS)]
    if area is not None:
        found.append((MUNICIPALITY, str(area)))
    if organisation is not None:
        found.append((ORGANISATION, str(organisation)))
    if region in pilot_regions:
        found.append((PILOTS, ALL_PILOTS))
    return found
