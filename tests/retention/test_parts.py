"""An organisation's part of a household's file is all it owns there (entries and every
kind of household work); the household and its people go with the last part, unless
any organisation holds it. Nothing of them stays in any table; the log still verifies."""

import pytest
from django.db import connection
from django.utils import timezone

from netwerkdossier.access.api import context_for
from netwerkdossier.access.catalogue import HOUSEHOLD_WORK, KINDS
from netwerkdossier.access.person_reach import differing_households
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.audit.sequencer import sequence
from netwerkdossier.audit.verify import verify_chain
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, Person
from netwerkdossier.retention.holds import set_hold
from netwerkdossier.retention.parts import destroy_part, nothing_left

from .traces import tables_holding

pytestmark = pytest.mark.django_db
WORK = [k for k in KINDS if k.governed_by == HOUSEHOLD_WORK]


@pytest.fixture
def busy(cast):
    """The demo's safety plan, team changes and analysis on the cast's household."""
    from netwerkdossier.synthetic import analysis_demo, collaboration_demo, safety_demo

    safety_demo.build(cast)
    collaboration_demo.build(cast)
    analysis_demo.build(cast)
    return cast


def owned(kind, household_id, organisation_id):
    return kind.model.objects.filter(**{f"{kind.household}_id": household_id,
                                        kind.roles["owner"]: organisation_id})


def organisations_with_parts(household_id) -> set:
    found = set(Entry.objects.filter(household_id=household_id)
                .values_list("owner_organisation_id", flat=True))
    for kind in WORK:
        found |= set(kind.model.objects.filter(**{f"{kind.household}_id": household_id})
                     .values_list(kind.roles["owner"], flat=True))
    return found


def test_a_part_is_everything_the_organisation_owns_in_the_household(busy, ctx_of):
    household = busy.household
    wijkteam = busy.entries["conversation"].owner_organisation_id
    before = {k.key: owned(k, household.pk, wijkteam).count() for k in WORK}
    assert before["veiligheidsplan"] and before["analyse"] and before["fasebesluit"]
    others = {k.key: k.model.objects.filter(**{f"{k.household}_id": household.pk}).exclude(
        **{k.roles["owner"]: wijkteam}).count() for k in WORK}
    destroy_part(ctx_of("priya"), wijkteam, household.pk, legal_basis="test")
    connection.check_constraints()
    for kind in WORK:
        assert not owned(kind, household.pk, wijkteam).exists(), kind.key
        assert kind.model.objects.filter(**{f"{kind.household}_id": household.pk}).count() \
            == others[kind.key], kind.key
    assert not Entry.objects.filter(owner_organisation_id=wijkteam).exists()
    assert Entry.objects.filter(pk=busy.entries["father"].pk).exists()  # the RVT's
    assert Household.objects.filter(pk=household.pk).exists()
    assert tables_holding("harde ruzies tussen moeder en vader") == []
    sequence()
    assert verify_chain().ok and differing_households() == []


def test_the_last_part_takes_the_household_and_its_people(busy, ctx_of):
    household = busy.household
    people = set(Person.objects.filter(memberships__household=household)
                 .values_list("pk", flat=True))
    ctx = ctx_of("priya")
    for organisation_id in organisations_with_parts(household.pk):
        assert Household.objects.filter(pk=household.pk).exists()
        destroy_part(ctx, organisation_id, household.pk, legal_basis="test")
    connection.check_constraints()
    assert nothing_left(household.pk)
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not Person.objects.filter(pk__in=people).exists()
    # BSN, street, search key. Family logins are accounts, not the file (their own
    # rule in rules/retention.toml [outside]): name and demo key stay until closed.
    accounts = ("accounts.User.", "portal.PortalCredential.")
    for trace in ("111222333", "Lindelaan", "jansen"):
        assert [t for t in tables_holding(trace) if not t.startswith(accounts)] == [], trace
    tombs = set(AccessLogRecord.objects.filter(event_code="retention.destroy")
                .values_list("object_type", flat=True))
    assert {"household", "person", "case", "entry"} <= tombs
    sequence()
    assert verify_chain().ok and differing_households() == []


def test_the_last_part_takes_the_households_monitoring_events(busy, ctx_of):
    """Monitoring events carry the household and its cases only as keyed pseudonyms,
    but the tombstone keeps the household's id, from which the key finds them again:
    they go with the household. Another household's events and the anonymous ones stay;
    a part that leaves the household standing takes none."""
    import uuid

    from netwerkdossier.monitoring import rebuild
    from netwerkdossier.monitoring.models import Event
    from netwerkdossier.monitoring.pseudonyms import pseudonym

    household = busy.household
    rebuild.rebuild()
    mine = Event.objects.filter(household_key=pseudonym("household", household.pk))
    count = mine.count()
    assert count > 0
    template = mine.first()
    other = Event.objects.create(kind=template.kind, code=template.code,
                                 occurred_on=template.occurred_on, region=template.region,
                                 household_key=uuid.uuid4(), case_key=uuid.uuid4())
    anonymous = Event.objects.filter(household_key__isnull=True).count()
    ctx = ctx_of("priya")
    parts = sorted(organisations_with_parts(household.pk))
    assert len(parts) > 1
    destroy_part(ctx, parts[0], household.pk, legal_basis="test")
    assert Household.objects.filter(pk=household.pk).exists() and mine.count() == count
    results = [destroy_part(ctx, organisation_id, household.pk, legal_basis="test")
               for organisation_id in parts[1:]]
    assert not Household.objects.filter(pk=household.pk).exists()
    assert not mine.exists()
    assert results[-1].rows["monitoring.Event"] == count
    assert Event.objects.filter(pk=other.pk).exists()
    assert Event.objects.filter(household_key__isnull=True).count() == anonymous


def test_a_hold_of_any_organisation_keeps_the_household(busy, ctx_of):
    household = busy.household
    set_hold(context_for(busy.users["ruben"]), household, reason="rechtszaak",
             explanation="Zaak 200/1", until=timezone.localdate())
    for organisation_id in organisations_with_parts(household.pk):
        destroy_part(ctx_of("priya"), organisation_id, household.pk, legal_basis="test")
    assert nothing_left(household.pk)
    assert Household.objects.filter(pk=household.pk).exists()
