"""The purposes an organisation kind may work under, derived from the agreements."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access.context import UNSTATED, request_context
from netwerkdossier.access.models import SharingAgreement
from netwerkdossier.access.purposes import implied_purpose, possible_purposes

pytestmark = pytest.mark.django_db


def membership(user):
    return user.memberships.select_related("organisation").get()


@pytest.mark.parametrize("username,org_key,discipline,expected", [
    ("rosa", "rvdk", "raadsonderzoeker", ("veiligheidsbeoordeling", "advies_rechter")),
    ("piet", "politie", "politie", ("veiligheidsbeoordeling",)),
    ("gina", "gi", "gezinsvoogd", ("hulpverlening", "veiligheidsbeoordeling")),
    ("vera", "veilig_thuis", "vt_medewerker", ("hulpverlening", "veiligheidsbeoordeling")),
])
def test_regional_kinds(cast, team_member, username, org_key, discipline, expected):
    assert possible_purposes(membership(team_member(username, org_key, discipline))) == \
        expected


def test_cast(cast):
    several = ("hulpverlening", "veiligheidsbeoordeling")
    assert possible_purposes(membership(cast.users["lotte"])) == several  # wijkteam
    assert possible_purposes(membership(cast.users["ruben"])) == several  # RVT
    assert possible_purposes(membership(cast.users["tamara"])) == several  # team manager
    assert possible_purposes(membership(cast.users["gert"])) == ("hulpverlening",)  # GGZ
    assert implied_purpose(membership(cast.users["gert"])) == "hulpverlening"
    assert implied_purpose(membership(cast.users["lotte"])) is None
    # Roles that never read dossier content are never asked.
    assert possible_purposes(membership(cast.users["priya"])) == ()


def test_purposes_follow_the_agreements_in_force(cast, team_member):
    raad = membership(team_member("rosa", "rvdk", "raadsonderzoeker"))
    agreement = SharingAgreement.objects.get(key="waterland-noord-veiligheid")
    agreement.valid_to = timezone.localdate() - timedelta(days=1)
    agreement.save()  # clears the cached rules
    # No agreement left for the Raad, and hulpverlening is not its own task.
    assert possible_purposes(raad) == ()
    # Care organisations keep hulpverlening for work with their own records.
    assert possible_purposes(membership(cast.users["lotte"])) == ("hulpverlening",)


def test_request_context_never_falls_back_to_a_default(cast):
    lotte = cast.users["lotte"]
    ctx, problem = request_context(lotte, requested=None)
    assert (ctx.purpose, problem.code) == (UNSTATED, "missing")
    ctx, problem = request_context(lotte, requested="advies_rechter")
    assert (ctx.purpose, problem.code) == (UNSTATED, "not_possible")
    ctx, problem = request_context(lotte, requested="noodtoegang")
    assert (ctx.purpose, problem.code) == (UNSTATED, "unknown")
    ctx, problem = request_context(lotte, requested="veiligheidsbeoordeling")
    assert (ctx.purpose, problem) == ("veiligheidsbeoordeling", None)
    ctx, problem = request_context(cast.users["gert"], requested=None)
    assert (ctx.purpose, problem) == ("hulpverlening", None)
