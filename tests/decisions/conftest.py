"""The cast with the demo's measures and the demo's request for an OTS for Noor
(synthetic/decisions_demo.py): drafted by Rianne (Raad), three facts of which the third
has no source, Sanne's view of fact 1, a review pending with Ruben (RVT). Piet (police)
and Rianne (Raad) are in the team; Gert (GGZ) is in the cast."""

import pytest

from netwerkdossier.access.api import context_for


@pytest.fixture
def world(cast, team_member):
    from netwerkdossier.synthetic import decisions_demo, measures_demo
    from netwerkdossier.synthetic.personas import add_family_logins

    team_member("piet", "politie", "politie")
    team_member("rianne", "rvdk", "raadsonderzoeker")
    add_family_logins(cast)
    cast.measures = measures_demo.build(cast)
    made = decisions_demo.build(cast, cast.measures)
    cast.request, cast.review = made["request"], made["review"]
    cast.request.refresh_from_db()
    cast.decision = cast.request.decision
    return cast


@pytest.fixture
def raad(world):
    return context_for(world.users["rianne"], purpose="advies_rechter")


@pytest.fixture
def ruben(world):
    return context_for(world.users["ruben"], purpose="hulpverlening")


@pytest.fixture
def seat_and_emergency(cast):
    """A case-table seat (Stella, Veilig Thuis) and an emergency-access grant (Eva)."""
    from tests.measures.conftest import seat_and_emergency as build

    return build.__wrapped__(cast)
