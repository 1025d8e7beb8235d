"""Case tables under the sharing agreements (issue 10, point 4): a table rests on an
explicitly chosen basis (agreement, purpose, legal basis); only the owner organisation
shares an entry; health and criminal data only where the basis names them; seats only
for organisation kinds the basis names."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from netwerkdossier import rules
from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access.api import READ, context_for, decide, visible
from netwerkdossier.access.case_table_service import create_session
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.access.models import (
    CaseTableItem,
    CaseTableParticipant,
    CaseTableSession,
)
from netwerkdossier.accounts.models import User
from netwerkdossier.dossier.models import Confidentiality, Entry, EntryKind
from netwerkdossier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

SAFETY, CARE, ZVH = "mda-veiligheid", "mda-zorg-toestemming", "zorg-en-veiligheidshuis"


def police_officer(cast, username="pieter"):
    """A police officer (not on the team): the seat the leak gave away."""
    user = User.objects.create(username=username, first_name="Pieter", last_name="Agent")
    Membership.objects.create(user=user, organisation=cast.skeleton.regional["politie"],
                              role=Membership.Role.PROFESSIONAL, discipline="politie",
                              valid_from=timezone.localdate() - timedelta(days=30))
    cast.users[username] = user
    return user


def plan(cast, username, *, basis, seats, entries, title="MDA++ overleg"):
    now = timezone.now()
    return create_session(context_for(cast.users[username]), cast.household, title=title,
                          starts_at=now - timedelta(minutes=10),
                          ends_at=now + timedelta(hours=1), usernames=seats,
                          entry_ids=[cast.entries[k].pk for k in entries], basis=basis)


def refused(cast, username, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        plan(cast, username, **kwargs)
    assert not CaseTableSession.objects.exists()
    return {k: " ".join(v) for k, v in caught.value.message_dict.items()}


# --- the rules data ----------------------------------------------------------------------

def test_every_basis_names_a_known_agreement_purpose_legal_basis_and_kinds():
    agreements = {a["key"] for a in rules.load("sharing_agreements")["agreement"]}
    legal = {b["key"] for b in rules.legal_bases()}
    kinds = set(Organisation.Kind.values)
    found = bases.all_bases()
    assert {b.key for b in found} == {SAFETY, CARE, ZVH}
    for b in found:
        assert b.agreement in agreements, b.key
        assert b.purpose in PURPOSES, b.key
        assert b.legal_basis in legal, b.key
        assert b.seat_kinds and set(b.seat_kinds) <= kinds, b.key
        assert b.source.strip(), b.key
        assert "synthetisch" in b.status and "niet bevestigd" in b.status, b.key
    # Health data only with consent as its basis; criminal data only with the police at
    # the table under the Wgs.
    assert [b.key for b in found if b.allows_health] == [CARE]
    assert all(b.requires_consent and b.legal_basis == "toestemming"
               for b in found if b.allows_health)
    assert [b.key for b in found if b.allows_criminal] == [ZVH]


# --- the leak ----------------------------------------------------------------------------

def test_leak_local_team_cannot_put_the_ggz_entry_on_a_table_for_the_police(cast):
    police_officer(cast)
    ggz = cast.entries["ggz_shared"]
    # Premise: lotte (wijkteam) reads the GGZ entry, shared with her on the mother's consent.
    assert decide(context_for(cast.users["lotte"]), READ, ggz).allowed
    # On the safety basis the police has no seat, and the entry is not the wijkteam's.
    errors = refused(cast, "lotte", basis=SAFETY, seats=["pieter"], entries=["ggz_shared"])
    assert "Pieter Agent (Politie)" in errors["participants"]
    assert "Alleen de organisatie die een aantekening schreef" in errors["entries"]
    assert "gezondheidsgegevens" in errors["entries"]
    # On the basis that seats the police, the entry is still GGZ's and about health.
    errors = refused(cast, "lotte", basis=ZVH, seats=["pieter"], entries=["ggz_shared"])
    assert "participants" not in errors
    assert "Alleen de organisatie die een aantekening schreef" in errors["entries"]
    assert "gezondheidsgegevens" in errors["entries"]
    police = context_for(cast.users["pieter"])
    assert not decide(police, READ, ggz).allowed
    assert not visible(police, READ, Entry.objects.filter(pk=ggz.pk)).exists()


def test_a_team_member_of_another_organisation_cannot_share_what_they_can_read(cast):
    # ruben (RVT) reads lotte's conversation, but only the wijkteam can share it.
    assert decide(context_for(cast.users["ruben"]), READ, cast.entries["conversation"]).allowed
    errors = refused(cast, "ruben", basis=SAFETY, seats=["olga"], entries=["conversation"])
    assert "Deze aantekeningen zijn van een andere organisatie" in errors["entries"]


# --- what may be shared ----------------------------------------------------------------

def test_owner_shares_own_entry_and_the_table_records_its_basis(cast):
    session = plan(cast, "lotte", basis=SAFETY, seats=["olga", "gert"],
                   entries=["conversation"])
    assert session.basis == SAFETY
    assert session.agreement.key == "waterland-noord-veiligheid"
    assert session.purpose == "veiligheidsbeoordeling"
    assert session.legal_basis == "samenwerkingsverband"
    assert session.seat_kinds == list(bases.get(SAFETY).seat_kinds)
    assert (session.allows_health, session.allows_criminal) == (False, False)
    assert list(CaseTableItem.objects.values_list("entry_id", flat=True)) == \
        [cast.entries["conversation"].pk]
    assert decide(context_for(cast.users["olga"]), READ, cast.entries["conversation"]).allowed


def test_health_entry_only_on_a_basis_that_names_health(cast):
    errors = refused(cast, "gert", basis=SAFETY, seats=["lotte"], entries=["ggz_shared"])
    assert "staat geen gezondheidsgegevens aan tafel toe" in errors["entries"]
    # The mother consented to sharing with the network: the care basis allows it.
    session = plan(cast, "gert", basis=CARE, seats=["lotte"], entries=["ggz_shared"])
    assert session.allows_health


def test_care_basis_needs_consent_of_every_subject(cast):
    gert = cast.users["gert"]
    membership = gert.memberships.get()
    entry = Entry(household=cast.household, case=cast.case, kind=EntryKind.ASSESSMENT,
                  text="GGZ: Daan krijgt gesprekken.", occurred_at=timezone.now(),
                  author=gert, author_discipline=membership.discipline,
                  owner_organisation=membership.organisation,
                  confidentiality=Confidentiality.NETWERK, legal_basis="toestemming",
                  health_data=True)
    entry.root_id = entry.id
    entry.save()
    entry.subjects.set([cast.daan])  # Daan (14) has not consented himself
    cast.entries["daan_ggz"] = entry
    errors = refused(cast, "gert", basis=CARE, seats=["lotte"], entries=["daan_ggz"])
    assert "toestemming" in errors["entries"]


def test_criminal_entry_only_on_a_basis_that_names_it(cast):
    police_officer(cast)
    errors = refused(cast, "ruben", basis=SAFETY, seats=["lotte"], entries=["criminal"])
    assert "staat geen strafrechtelijke gegevens aan tafel toe" in errors["entries"]
    session = plan(cast, "ruben", basis=ZVH, seats=["lotte", "pieter"], entries=["criminal"])
    assert session.allows_criminal
    assert decide(context_for(cast.users["pieter"]), READ, cast.entries["criminal"]).allowed


def test_seat_of_a_kind_the_basis_does_not_name_is_refused(cast):
    police_officer(cast)
    errors = refused(cast, "lotte", basis=SAFETY, seats=["olga", "pieter"],
                     entries=["conversation"])
    assert errors["participants"].startswith(
        "Volgens de gekozen grondslag 'MDA++-casustafel veiligheid (kernpartners)'")
    assert "Pieter Agent (Politie)" in errors["participants"] and "Olga" not in \
        errors["participants"]
    # The GGZ has no seat at the Zorg- en Veiligheidshuis.
    errors = refused(cast, "lotte", basis=ZVH, seats=["gert"], entries=["conversation"])
    assert "Gert Mulder (GGZ)" in errors["participants"]


@pytest.mark.parametrize("basis,message", [
    ("", "Kies op welke grondslag de casustafel wordt gehouden"),
    ("   ", "Kies op welke grondslag de casustafel wordt gehouden"),
    ("verzonnen", "Deze grondslag bestaat niet of geldt niet voor dit huishouden"),
])
def test_table_without_a_chosen_basis_is_refused(cast, basis, message):
    errors = refused(cast, "lotte", basis=basis, seats=["olga"], entries=["conversation"])
    assert message in errors["basis"]


def test_basis_whose_agreement_does_not_hold_today_is_refused(cast):
    from netwerkdossier.access.models import SharingAgreement

    SharingAgreement.objects.filter(key="waterland-noord-veiligheid").update(
        valid_to=timezone.localdate())
    errors = refused(cast, "lotte", basis=SAFETY, seats=["olga"], entries=["conversation"])
    assert "geldt niet voor dit huishouden" in errors["basis"]


def test_the_opener_s_own_organisation_must_be_named(cast):
    # GGZ is no party to the Zorg- en Veiligheidshuis basis.
    errors = refused(cast, "gert", basis=ZVH, seats=["lotte"], entries=["secrecy"])
    assert "Uw organisatie (GGZ) hoort niet bij de grondslag" in errors["basis"]


# --- the read gate: what the recorded basis allows ---------------------------------------

def _direct_table(cast, basis, key, seat="olga"):
    now = timezone.now()
    session = CaseTableSession.objects.create(
        household=cast.household, title="Oud overleg", starts_at=now - timedelta(minutes=5),
        ends_at=now + timedelta(hours=1), chair=cast.users["lotte"],
        **(bases.session_fields(bases.get(basis), cast.household) if basis else {}))
    CaseTableParticipant.objects.create(session=session, user=cast.users[seat])
    CaseTableItem.objects.create(session=session, entry=cast.entries[key])
    return session


def _reads(cast, username, key) -> bool:
    ctx, entry = context_for(cast.users[username]), cast.entries[key]
    decided = decide(ctx, READ, entry).allowed
    listed = visible(ctx, READ, Entry.objects.filter(pk=entry.pk)).exists()
    assert decided == listed
    return decided


def test_a_table_without_a_basis_opens_no_entries(cast):
    # A table recorded before a basis was required (or around the service) opens nothing.
    _direct_table(cast, None, "conversation")
    assert not _reads(cast, "olga", "conversation")


@pytest.mark.parametrize("basis,readable", [(SAFETY, False), (CARE, True)])
def test_health_entry_on_a_table_opens_only_where_the_basis_allowed_health(cast, basis,
                                                                          readable):
    _direct_table(cast, basis, "ggz_shared")
    assert _reads(cast, "olga", "ggz_shared") is readable


def test_correction_that_adds_health_data_closes_the_entry_to_the_table(cast):
    from netwerkdossier.dossier.services import correct_entry

    _direct_table(cast, SAFETY, "conversation")
    assert _reads(cast, "olga", "conversation")
    cast.entries["corrected"] = correct_entry(
        context_for(cast.users["lotte"]), cast.entries["conversation"],
        text="Huisbezoek; moeder vertelt over haar behandeling.",
        reason="Aanvulling", health_data=True)
    assert not _reads(cast, "olga", "corrected")
    # The version that was put on the table is as protected as its chain (decision 0021).
    cast.entries["conversation"].refresh_from_db()
    assert not _reads(cast, "olga", "conversation")
