"""The skeleton of a synthetic pilot region: municipalities and their organisations."""

from dataclasses import dataclass, field

from netwerkdossier.organisations.models import Organisation, Region

REGION_CODE = "waterland-noord-synthetisch"
REGION_NAME = "Regio Waterland-Noord (synthetisch)"
MUNICIPALITIES = ["Noorderveld", "Zuiderhaven", "Oostermeer", "Westerbroek", "Middeldijk"]

K = Organisation.Kind
REGIONAL_ORGANISATIONS = [
    ("rvt", K.RVT, "Regionaal Veiligheidsteam Waterland-Noord"),
    ("veilig_thuis", K.VEILIG_THUIS, "Veilig Thuis Waterland-Noord"),
    ("rvdk", K.RVDK, "Raad voor de Kinderbescherming, locatie Waterland"),
    ("gi", K.GI, "Jeugdbescherming Waterland (GI)"),
    ("ggz", K.GGZ, "GGZ Waterland-Noord"),
    ("politie", K.POLITIE, "Politie basisteam Waterland"),
]


# How families reach each organisation (shown in the family portal). Invented numbers
# and reserved example.org addresses; the 0299-000 range is not given out.
REACHABLE = "Maandag tot en met vrijdag van 9 tot 17 uur"


def contact_for(name: str, number: int) -> dict:
    slug = name.lower().replace(" ", "-").replace("(", "").replace(")", "").replace(",", "")
    return {"phone": f"0299-000 {100 + number:03d}", "email": f"contact@{slug}.example.org",
            "reachable": REACHABLE}


@dataclass
class RegionSkeleton:
    region: Region
    wijkteams: dict[str, Organisation] = field(default_factory=dict)
    regional: dict[str, Organisation] = field(default_factory=dict)


def build_region() -> RegionSkeleton:
    """Create (or reuse) the synthetic pilot region with its organisations."""
    region, _ = Region.objects.get_or_create(
        code=REGION_CODE, defaults={"name": REGION_NAME, "is_pilot": True}
    )
    skeleton = RegionSkeleton(region=region)
    for municipality in MUNICIPALITIES:
        skeleton.wijkteams[municipality], _ = Organisation.objects.get_or_create(
            name=f"Wijkteam {municipality}",
            defaults={"kind": K.WIJKTEAM, "region": region, "municipality": municipality,
                      **contact_for(f"Wijkteam {municipality}", len(skeleton.wijkteams))},
        )
    for number, (key, kind, name) in enumerate(REGIONAL_ORGANISATIONS, start=10):
        skeleton.regional[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "region": region, **contact_for(name, number)}
        )
    return skeleton
