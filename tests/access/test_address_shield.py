"""The one rule for shielded addresses (access/address_shield.py)."""

import pytest

from netwerkdossier.access.address_shield import address_for, address_hidden_for
from netwerkdossier.households.shields import end_shield, set_shield

pytestmark = pytest.mark.django_db


def test_address_hidden_for_household_and_person(cast, ctx_of):
    household, father = cast.household, cast.father
    assert not address_hidden_for(father.pk, household)
    shield = set_shield(ctx_of("lotte"), household, father.pk, "Nieuw adres.", rule="team")
    assert address_hidden_for(father.pk, household)
    assert address_hidden_for(father.pk, household.pk)
    # A person's address is that of the household they live in.
    assert address_hidden_for(father.pk, cast.mother)
    assert address_hidden_for(father.pk, cast.noor)
    assert not address_hidden_for(father.pk, father)  # he does not live there
    assert not address_hidden_for(cast.mother.pk, household)  # only the named person
    assert not address_hidden_for(None, household)  # professionals: nothing hidden
    # Professionals' contexts see the whole address.
    assert address_for(ctx_of("lotte"), household)["street"] == "Lindelaan 12"
    end_shield(ctx_of("lotte"), shield, "Niet meer nodig.", rule="team")
    assert not address_hidden_for(father.pk, household)
