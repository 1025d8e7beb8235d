"""Team members of other organisation kinds in the demo's Jansen case, so the demo shows
what the sharing agreements give the police and the Raad voor de Kinderbescherming when
they work in a family's team (issue 10): they read what an agreement opens to their kind
for their purpose, and write none of the local team's work. Demo only: the test cast
adds such members where a test needs them. All names are invented."""

from datetime import timedelta

from django.utils import timezone

from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.organisations.models import Membership

from .personas import DEMO_PASSWORD, give_demo_app

PARTNERS = [
    # username, first, last, organisation key, discipline, description
    ("piet", "Piet", "Jansma", "politie", "politie",
     "politie, consulent in het team (doel: veiligheidsbeoordeling)"),
    ("rianne", "Rianne", "de Vries", "rvdk", "raadsonderzoeker",
     "Raad voor de Kinderbescherming, in het team (kies doel: advies aan de rechter)"),
]


def build(cast) -> None:
    start = timezone.localdate() - timedelta(days=30)
    for username, first, last, org_key, discipline, _desc in PARTNERS:
        organisation = cast.skeleton.regional[org_key]
        user = User.objects.create(username=username, first_name=first, last_name=last,
                                   email=f"{username}@example.org")
        user.set_password(DEMO_PASSWORD)
        user.save()
        give_demo_app(user)
        Membership.objects.create(user=user, organisation=organisation,
                                  role=Membership.Role.PROFESSIONAL, discipline=discipline,
                                  valid_from=start)
        TeamAssignment.objects.create(case=cast.case, user=user, organisation=organisation,
                                      role=TeamAssignment.Role.CONSULTANT, valid_from=start)
