"""The condition tree (access/conditions.py): every node type gives the same answer as
SQL (q), in Python (holds) and as raw SQL on one table (sql), constants fold away when
bound to a kind, and branch() names the labelled branch that held. Checked on real rows
of the instrument results and of timeline entries (whose roles read the version chain),
whose catalogue entries map the roles used here."""

import pytest
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from netwerkdossier.access.catalogue import kind_for
from netwerkdossier.access.conditions import (
    FALSE,
    TRUE,
    All,
    Any,
    In,
    Is,
    Labeled,
    RowExists,
    SomeSubject,
    SubjectsConsent,
)
from netwerkdossier.analysis.models import InstrumentResult
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry

pytestmark = pytest.mark.django_db


def _results(cast):
    lotte, case, home = cast.users["lotte"], cast.case, cast.household
    made = {}
    for key, person, health, org in (
            ("mother_health", cast.mother, True, case.lead_organisation),
            ("daan_general", cast.daan, False, case.lead_organisation),
            ("lieke_rvt", cast.lieke, False, cast.skeleton.regional["rvt"])):
        made[key] = InstrumentResult.objects.create(
            household=home, case=case, person=person, instrument_key="x",
            instrument_version="1", instrument_title="X", definition={}, answers={},
            scores=[], administered_on=timezone.localdate(), health_data=health,
            recorded_by=lotte, owner_organisation=org)
    return made


def _cases_in(path, values):
    assert path == "case__phase"
    return list(Case.objects.filter(phase__in=values).values_list("pk", flat=True))


def both_forms(cond, kind, objects, *, raw=True) -> set:
    """The objects `cond` holds for, asserting that q(), holds() and (with raw) sql()
    agree."""
    bound = cond.bind(kind)
    by_python = {k for k, o in objects.items() if bound.holds(o, kind)}
    candidates = kind.model.objects.filter(pk__in=[o.pk for o in objects.values()])
    listed = set(candidates.filter(bound.q(kind)).values_list("pk", flat=True))
    by_sql = {k for k, o in objects.items() if o.pk in listed}
    assert by_python == by_sql, (cond, by_python, by_sql)
    if raw:
        compiled = bound.sql(kind, kind.model._meta.db_table, _cases_in)
        if compiled is True or compiled is False:
            listed = set(candidates.values_list("pk", flat=True)) if compiled else set()
        else:
            listed = set(candidates.filter(RawSQL(compiled.text, compiled.params,  # noqa: S611 - test of the compiled text
                                                  BooleanField()))
                         .values_list("pk", flat=True))
        by_raw = {k for k, o in objects.items() if o.pk in listed}
        assert by_python == by_raw, (cond, by_python, by_raw)
    return by_python


def test_every_node_type_agrees_in_sql_and_python(cast):
    kind = kind_for(InstrumentResult)
    rows = _results(cast)
    wijkteam = cast.case.lead_organisation.pk
    assert both_forms(Is("owner", wijkteam), kind, rows) == {"mother_health", "daan_general"}
    assert both_forms(In("owner", ()), kind, rows) == set()
    assert both_forms(Is("health", False), kind, rows) == {"daan_general", "lieke_rvt"}
    assert both_forms(All((Is("owner", wijkteam), Is("health", False))), kind, rows) == \
        {"daan_general"}
    assert both_forms(Any((Is("health", True), Is("owner", wijkteam))), kind, rows) == \
        {"mother_health", "daan_general"}
    rvt = cast.skeleton.regional["rvt"].pk
    same_role = Any((Labeled("a", Is("owner", wijkteam)), Labeled("b", In("owner", (rvt,)))))
    assert both_forms(same_role, kind, rows) == set(rows)  # one IN list in SQL
    assert same_role.bind(kind).branch(rows["lieke_rvt"], kind) == "b"
    nested = Any((Is("health", True), Any((Is("owner", rvt), Is("health", True)))))
    assert len(nested.bind(kind).children) == 3  # flattened, order kept
    assert both_forms(nested, kind, rows) == {"mother_health", "lieke_rvt"}
    # Consent 'delen_netwerk' in the cast: Sanne (own), Noor and Daan (by Sanne; Daan at
    # 14 also needs his own, which he did not give); Lieke none.
    assert both_forms(SubjectsConsent("delen_netwerk"), kind, rows, raw=False) == \
        {"mother_health"}
    ids = frozenset({cast.daan.pk})
    assert both_forms(SubjectsConsent("delen_netwerk", ids), kind, rows) == {"daan_general"}
    assert both_forms(SubjectsConsent("delen_netwerk", frozenset()), kind, rows) == set()


def test_constant_roles_fold_away_when_bound(cast):
    kind = kind_for(InstrumentResult)  # confidentiality is the constant NETWERK (10)
    assert Is("confidentiality", 10).bind(kind) is TRUE
    assert Is("confidentiality", 30).bind(kind) is FALSE
    assert All((Is("confidentiality", 30), Is("health", False))).bind(kind) is FALSE
    assert Any((Is("confidentiality", 10), Is("health", True))).bind(kind) is TRUE
    kept = All((Is("confidentiality", 10), Is("health", True))).bind(kind)
    assert isinstance(kept, In) and kept.role == "health"
    with pytest.raises(KeyError):
        Is("no_such_role", 1).bind(kind)


def test_branch_names_the_first_labelled_branch_that_held(cast):
    kind = kind_for(InstrumentResult)
    rows = _results(cast)
    wijkteam = cast.case.lead_organisation.pk
    rule = Any((Labeled("eigen_organisatie", Is("owner", wijkteam)),
                Labeled("zonder_gezondheid", Is("health", False)))).bind(kind)
    assert rule.branch(rows["daan_general"], kind) == "eigen_organisatie"
    assert rule.branch(rows["lieke_rvt"], kind) == "zonder_gezondheid"
    assert Labeled("x", Is("health", False)).bind(kind).branch(
        rows["mother_health"], kind) is None


def test_consent_without_the_members_ids_has_no_raw_sql(cast):
    kind = kind_for(InstrumentResult)
    with pytest.raises(ValueError):
        SubjectsConsent("delen_netwerk").bind(kind).sql(kind, "t")


# --- roles read from a version and its chain (decision 0021), on timeline entries ------

def _chain(cast):
    """The cast's entries, a few with chain values stricter than their own."""
    entries = cast.entries
    Entry.objects.filter(pk=entries["report"].pk).update(chain_confidentiality=20)
    Entry.objects.filter(pk=entries["conversation"].pk).update(
        chain_confidentiality=30, chain_secrecy_release="toestemming")
    Entry.objects.filter(pk=entries["father"].pk).update(
        chain_health_data=True, chain_confidential_for_member=cast.lieke)
    Entry.objects.filter(pk=entries["secrecy"].pk).update(secrecy_release="toestemming")
    return {k: Entry.objects.get(pk=e.pk) for k, e in entries.items()}


def test_stricter_roles_read_the_chain_in_every_form(cast):
    kind = kind_for(Entry)
    rows = _chain(cast)
    networked = {"ggz_shared", "lieke_confidential", "third_party", "criminal", "father"}
    assert both_forms(Is("confidentiality", 10), kind, rows) == networked
    assert both_forms(Is("confidentiality", 20), kind, rows) == {"report", "org_note"}
    assert both_forms(Is("confidentiality", 30), kind, rows) == {"conversation", "secrecy"}
    assert both_forms(In("confidentiality", (10, 20)), kind, rows) == \
        networked | {"report", "org_note"}
    assert both_forms(In("confidentiality", (10, 30)), kind, rows) == \
        networked | {"conversation", "secrecy"}
    assert both_forms(In("confidentiality", (10, 20, 30)), kind, rows) == set(rows)
    assert both_forms(Is("health", True), kind, rows) == {"ggz_shared", "father"}
    assert both_forms(Is("health", False), kind, rows) == set(rows) - {"ggz_shared", "father"}
    # Releases from the most open: own "" stays closed whatever the chain allows; own
    # conflict capped by the chain's toestemming is toestemming.
    assert both_forms(Is("secrecy_release", "toestemming"), kind, rows) == {"secrecy"}
    assert both_forms(Is("secrecy_release", "conflict_van_plichten"), kind, rows) == set()
    assert both_forms(Is("secrecy_release", ""), kind, rows) == set(rows) - {"secrecy"}


def test_both_role_must_admit_on_own_and_chain_and_never_merges(cast):
    kind = kind_for(Entry)
    rows = _chain(cast)
    lieke, mother = cast.lieke.pk, cast.mother.pk
    open_to_all = set(rows) - {"lieke_confidential", "father"}
    assert both_forms(Is("confidential_for", None), kind, rows) == open_to_all
    assert both_forms(In("confidential_for", (None, lieke)), kind, rows) == set(rows)
    assert both_forms(In("confidential_for", (None, mother)), kind, rows) == open_to_all
    # "both None" or "both Lieke" is not "each None or Lieke" (so these never merge into
    # one IN list): Lieke's entry names her only on its own, father's only in its chain.
    either = Any((Is("confidential_for", None), Is("confidential_for", lieke)))
    assert both_forms(either, kind, rows) == open_to_all


def test_phase_across_the_case_folds_to_case_ids_on_one_table(cast):
    kind = kind_for(Entry)
    rows = _chain(cast)
    phase = cast.case.phase
    assert both_forms(Is("phase", phase), kind, rows) == set(rows)
    assert both_forms(Is("phase", "no_such_phase"), kind, rows) == set()
    with pytest.raises(ValueError):
        Is("phase", phase).bind(kind).sql(kind, "dossier_entry")  # no related: no join


def test_some_subject_in_every_form(cast):
    kind = kind_for(Entry)
    rows = _chain(cast)
    assert both_forms(SomeSubject(frozenset({cast.daan.pk})), kind, rows) == \
        {"conversation", "father"}
    assert both_forms(SomeSubject(frozenset({cast.lieke.pk, cast.father.pk})), kind,
                      rows) == {"lieke_confidential", "conversation", "criminal", "father"}
    assert SomeSubject(frozenset()).bind(kind) is FALSE
    instruments = kind_for(InstrumentResult)  # one person field on the row
    results = _results(cast)
    assert both_forms(SomeSubject(frozenset({cast.daan.pk})), instruments, results) == \
        {"daan_general"}


def test_row_exists_in_every_form(cast):
    kind = kind_for(Entry)
    rows = _chain(cast)
    chosen = Entry.objects.filter(pk__in=[rows["report"].pk, rows["secrecy"].pk])
    assert both_forms(RowExists(chosen, "root_id", "root"), kind, rows) == \
        {"report", "secrecy"}
    none = Entry.objects.none()
    assert both_forms(RowExists(none, "root_id", "root"), kind, rows) == set()
    gated = All((Is("confidentiality", 30), RowExists(chosen, "root_id", "root")))
    assert both_forms(gated, kind, rows) == {"secrecy"}


def test_alike_branches_share_their_beginning_or_ending_in_sql(cast):
    """(a and t) or (b and t) compiles as (a or b) and t, (s and a) or (s and b) as
    s and (a or b); labels still name the branch."""
    kind = kind_for(Entry)
    rows = _chain(cast)
    wijkteam = cast.case.lead_organisation.pk
    ggz = rows["secrecy"].owner_organisation_id
    rule = Any((
        Labeled("a", All((All((Is("owner", wijkteam), Is("kind", "note"))),
                          Is("health", False)))),
        Labeled("b", All((All((Is("owner", ggz), Is("kind", "note"))),
                          Is("health", False)))),
        Labeled("c", All((All((Is("owner", ggz), Is("kind", "assessment"))),
                          Is("health", False)))))).bind(kind)
    text = rule.sql(kind, "dossier_entry").text
    assert text.count("health_data") == 2  # own and chain column, once
    assert text.count("owner_organisation_id") == 2  # GGZ once, for both its kinds
    # one list of kinds: IN (...) on SQLite, = ANY(array) on PostgreSQL (decision 0054)
    assert text.count('"kind" IN') + text.count('"kind" = ANY') == 1
    assert both_forms(rule, kind, rows) == {"third_party", "org_note", "secrecy"}
    assert rule.branch(rows["secrecy"], kind) == "c"
    assert rule.branch(rows["org_note"], kind) == "a"
