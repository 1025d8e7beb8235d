"""Access rules beyond the persona table: writes, time limits, case tables,
break-the-glass, consent by age, and the two query forms agreeing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access.api import (
    CORRECT,
    KNOW_EXISTS,
    READ,
    decide,
    visible,
    visible_in_household,
)
from netwerkdossier.access.consent import has_effective_consent
from netwerkdossier.access.models import (
    BreakGlass,
    CaseTableItem,
    CaseTableParticipant,
    CaseTableSession,
    Consent,
)
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, Person

pytestmark = pytest.mark.django_db

USERS = ["lotte", "ruben", "gert", "olga", "tamara", "priya"]


@pytest.mark.parametrize("username", USERS)
def test_visible_agrees_with_decide_for_every_model(cast, ctx_of, username):
    ctx = ctx_of(username)
    for model in (Household, Case, Entry, Person):
        for action in (READ, CORRECT, KNOW_EXISTS) if model is Entry else (READ,):
            listed = set(visible(ctx, action, model.objects.all()).values_list("pk",
                                                                              flat=True))
            decided = {o.pk for o in model.objects.all() if decide(ctx, action, o).allowed}
            assert listed == decided, (model.__name__, action)
            if model is Entry:
                within = set(visible_in_household(ctx, action, cast.household.pk))
                assert {e.pk for e in within} == listed, action


@pytest.mark.parametrize("username", USERS)
def test_unlisted_relations_agree_too(cast, ctx_of, username, monkeypatch):
    """With more households than can be listed, relations are tested row by row
    (relation_sql) and per household (one statement): the same answers."""
    from netwerkdossier.access import relations

    monkeypatch.setattr(relations, "MAX_LISTED_HOUSEHOLDS", -1)  # never listed
    test_visible_agrees_with_decide_for_every_model(cast, ctx_of, username)
    assert relations.households_by_relation(ctx_of(username)) is None


def test_only_the_owner_organisation_may_correct(cast, ctx_of):
    report = cast.entries["report"]  # written by ruben (RVT)
    assert decide(ctx_of("ruben"), CORRECT, report).allowed
    refused = decide(ctx_of("lotte"), CORRECT, report)
    assert not refused.allowed and refused.rule == "not_owner"


def test_ended_team_assignment_ends_access(cast, ctx_of):
    assignment = cast.case.team.get(user=cast.users["ruben"])
    assignment.valid_to = timezone.localdate() - timedelta(days=1)
    assignment.save()
    assert not decide(ctx_of("ruben"), READ, cast.household).allowed
    assert not visible(ctx_of("ruben"), READ, Household.objects.all()).exists()


def test_visible_filter_has_no_duplicates(cast, ctx_of):
    Case.objects.create(household=cast.household, region=cast.case.region,
                        lead_organisation=cast.case.lead_organisation, title="Tweede traject")
    assert visible(ctx_of("lotte"), READ, Household.objects.all()).count() == 1


def test_placeholder_only_for_non_special_entries_and_team_relations(cast, ctx_of):
    gert = ctx_of("gert")
    # gert may know the wijkteam's organisation note exists, not the health or crime ones.
    assert decide(gert, KNOW_EXISTS, cast.entries["org_note"]).allowed
    assert not decide(ctx_of("lotte"), KNOW_EXISTS, cast.entries["secrecy"]).allowed
    assert not decide(gert, KNOW_EXISTS, cast.entries["criminal"]).allowed
    assert not decide(ctx_of("olga"), KNOW_EXISTS, cast.entries["org_note"]).allowed


def _case_table(cast, *, minutes_from_now=-10, duration=60):
    start = timezone.now() + timedelta(minutes=minutes_from_now)
    session = CaseTableSession.objects.create(
        household=cast.household, title="MDA++ casustafel", starts_at=start,
        ends_at=start + timedelta(minutes=duration), chair=cast.users["lotte"],
        **bases.session_fields(bases.get("mda-veiligheid"), cast.household))
    CaseTableParticipant.objects.create(session=session, user=cast.users["olga"])
    CaseTableItem.objects.create(session=session, entry=cast.entries["conversation"])
    return session


def test_case_table_gives_the_minimal_picture_while_it_runs(cast, ctx_of):
    _case_table(cast)
    olga = ctx_of("olga")
    assert decide(olga, READ, cast.household).rule == "case_table"
    readable = {k for k, e in cast.entries.items() if decide(olga, READ, e).allowed}
    assert readable == {"conversation"}
    assert not decide(olga, CORRECT, cast.entries["conversation"]).allowed
    assert set(visible(olga, READ, Entry.objects.all())) == {cast.entries["conversation"]}


def test_case_table_access_ends_with_the_session(cast, ctx_of):
    _case_table(cast, minutes_from_now=-120, duration=60)
    assert not decide(ctx_of("olga"), READ, cast.household).allowed


def test_break_glass_gives_network_picture_for_limited_time(cast, ctx_of):
    now = timezone.now()
    grant = BreakGlass.objects.create(
        user=cast.users["olga"], organisation=cast.users["olga"].memberships.get().organisation,
        household=cast.household, reason="Kind alleen thuis aangetroffen", purpose="hulpverlening",
        started_at=now, expires_at=now + timedelta(hours=4))
    olga = ctx_of("olga")
    assert decide(olga, READ, cast.household).rule == "break_glass"
    readable = {k for k, e in cast.entries.items() if decide(olga, READ, e).allowed}
    assert readable == {"report", "conversation", "father", "lieke_confidential",
                        "third_party"}
    assert not decide(olga, CORRECT, cast.entries["conversation"]).allowed
    grant.expires_at = now - timedelta(seconds=1)
    grant.save()
    assert not decide(ctx_of("olga"), READ, cast.household).allowed


@pytest.mark.parametrize("child,own,parent,expected", [
    ("noor", False, True, True),    # 9: the parent with gezag decides
    ("noor", True, False, False),   # 9: the child alone cannot
    ("daan", False, True, False),   # 14: both are needed
    ("daan", True, True, True),
    ("lieke", True, False, True),   # 17: the young person alone
    ("lieke", False, True, False),
])
def test_consent_age_rules_in_both_forms(cast, child, own, parent, expected):
    person = getattr(cast, child)
    Consent.objects.filter(person=person).delete()
    if own:
        Consent.objects.create(person=person, scope="delen_netwerk", decision="given",
                               given_by=person)
    if parent:
        Consent.objects.create(person=person, scope="delen_netwerk", decision="given",
                               given_by=cast.mother)
    assert has_effective_consent(person, "delen_netwerk") is expected
    from netwerkdossier.access.consent import effective_consent_sql

    in_sql = Person.objects.filter(pk=person.pk).filter(effective_consent_sql(
        "delen_netwerk", person_ref="pk", birth_field="birth_date")).exists()
    assert in_sql is expected


def test_consent_of_a_parent_without_gezag_does_not_count(cast):
    Consent.objects.filter(person=cast.noor).delete()
    Consent.objects.create(person=cast.noor, scope="delen_netwerk", decision="given",
                           given_by=cast.father)
    assert not has_effective_consent(cast.noor, "delen_netwerk")


def test_withdrawn_consent_closes_the_share(cast, ctx_of):
    current = Consent.objects.get(person=cast.mother, given_by=cast.mother)
    current.is_current = False
    current.save()
    Consent.objects.create(person=cast.mother, scope="delen_netwerk", decision="withdrawn",
                           given_by=cast.mother)
    assert not decide(ctx_of("lotte"), READ, cast.entries["ggz_shared"]).allowed


def test_log_records_break_glass_and_consent_flags(cast, ctx_of):
    from netwerkdossier.access.api import record
    from netwerkdossier.audit.models import AccessLogRecord

    record(ctx_of("olga"), "household.read", [cast.household], rule="break_glass")
    record(ctx_of("lotte"), "entry.read", [cast.entries["ggz_shared"]],
           decision=decide(ctx_of("lotte"), READ, cast.entries["ggz_shared"]))
    btg, consent = AccessLogRecord.objects.order_by("pk")
    assert btg.break_glass and not consent.break_glass
    assert consent.consent_profile == "toestemming" and btg.consent_profile == ""


def test_case_table_picture_follows_corrections(cast, ctx_of):
    from netwerkdossier.dossier.services import correct_entry

    _case_table(cast)
    newer = correct_entry(ctx_of("lotte"), cast.entries["conversation"],
                          text="Huisbezoek, aangevuld", reason="Aanvulling")
    olga = ctx_of("olga")
    assert decide(olga, READ, newer).allowed
    assert newer in visible(olga, READ, Entry.objects.all())


def test_consent_share_is_logged_with_consent_profile(cast, ctx_of):
    from netwerkdossier.access.api import record
    from netwerkdossier.audit.models import AccessLogRecord

    gert = ctx_of("gert")
    decision = decide(gert, READ, cast.entries["report"])  # team-naar-ggz needs consent
    assert decision.rule.endswith("+toestemming")
    record(gert, "entry.read", [cast.entries["report"]], decision=decision)
    assert AccessLogRecord.objects.order_by("pk").last().consent_profile == "toestemming"
