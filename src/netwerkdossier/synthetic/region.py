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
            defaults={"kind": K.WIJKTEAM, "region": region, "municipality": municipality},
        )
    for key, kind, name in REGIONAL_ORGANISATIONS:
        skeleton.regional[key], _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": kind, "region": region}
        )
    return skeleton
