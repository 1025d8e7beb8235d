"""Policy makers of the demo (issue 15): a municipality's and the region's policy maker
and the national programme team. They see the monitoring dashboards (figures only) and
no household: their roles are no content roles (access/relations.py). The organisations
they work for are invented like the rest of the region (decision 0011)."""

from datetime import timedelta

from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Membership, Organisation

from .personas import DEMO_PASSWORD, give_demo_app

Role = Membership.Role
K = Organisation.Kind
# key -> (name, kind, municipality)
ORGANISATIONS = {
    "gemeente:Noorderveld": ("Gemeente Noorderveld", K.GEMEENTE, "Noorderveld"),
    "regio": ("Regionaal programmabureau Waterland-Noord", K.GEMEENTE, ""),
    "programma": ("Programmateam Toekomstscenario (synthetisch)", K.OTHER, ""),
}
POLICY_MAKERS = [
    # username, first, last, organisation key, role, description
    ("bas", "Bas", "Kok", "gemeente:Noorderveld", Role.BELEIDSMEDEWERKER,
     "beleidsmedewerker gemeente Noorderveld (monitoring, geen dossiers)"),
    ("renske", "Renske", "Dijkstra", "regio", Role.REGIO_BELEID,
     "beleidsmedewerker regio Waterland-Noord (monitoring, geen dossiers)"),
    ("nadia", "Nadia", "El Amrani", "programma", Role.PROGRAMMATEAM,
     "landelijk programmateam (monitoring, geen dossiers)"),
]


def organisation(region, key: str) -> Organisation:
    name, kind, municipality = ORGANISATIONS[key]
    found, _created = Organisation.objects.get_or_create(
        name=name, defaults={"kind": kind, "region": region, "municipality": municipality})
    return found


def build(cast) -> dict:
    start = timezone.localdate() - timedelta(days=400)
    users = {}
    for username, first, last, org_key, role, _desc in POLICY_MAKERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@example.org"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.create(user=user, organisation=organisation(
                cast.skeleton.region, org_key), role=role, discipline="beleid",
                valid_from=start)
        give_demo_app(user)
        users[username] = user
    cast.users.update(users)
    return users
