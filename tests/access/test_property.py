"""Property: decide() and visible() agree on generated worlds.

Hypothesis builds households (members over time, gezag, ages 0-20 for children), cases
with teams (some ended), entries with every level, category, confidential member and
secrecy release, corrected into new versions that change any of these (the chain's
protection written into the older versions as a correction does), consents by the
person or a parent, case tables and break-the-glass grants (running or over), and checks
for professionals of every organisation kind, every purpose and for family members that
the one-object decision and the SQL filter give the same answer for every entry,
household, case and person, and that every derived form of the relations agrees.
"""

import os
from datetime import timedelta

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from netwerkdossier.access import case_table_bases as bases
from netwerkdossier.access import relations
from netwerkdossier.access.agreements import load_agreements
from netwerkdossier.access.api import (
    CORRECT,
    KNOW_EXISTS,
    READ,
    context_for,
    decide,
    visible,
    visible_in_household,
    visible_in_households,
)
from netwerkdossier.access.context import PURPOSES
from netwerkdossier.access.models import (
    BreakGlass,
    CaseTableItem,
    CaseTableParticipant,
    CaseTableSession,
    Consent,
)
from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.dossier.models import (
    RELEASE_OPENNESS,
    SENSITIVE_CATEGORIES,
    Confidentiality,
    Entry,
    EntryKind,
)
from netwerkdossier.dossier.services import chain_after, protect_older_versions
from netwerkdossier.households.models import Gezag, Household, HouseholdMember, Person
from netwerkdossier.organisations.models import Membership
from netwerkdossier.synthetic.region import build_region

EXAMPLES = int(os.environ.get("ACCESS_PROPERTY_EXAMPLES", "60"))

# (username, organisation key, role, discipline)
STAFF = [
    ("wt_a", "wt_a", "professional", "maatschappelijk_werker"),
    ("wt_a2", "wt_a", "professional", "jeugdzorgwerker"),
    ("wt_a_mgr", "wt_a", "teammanager", "beleid"),
    ("wt_b", "wt_b", "professional", "maatschappelijk_werker"),
    ("rvt", "rvt", "professional", "vt_medewerker"),
    ("vt", "veilig_thuis", "professional", "vt_medewerker"),
    ("ggz", "ggz", "professional", "gz_psycholoog"),
    ("ggz2", "ggz", "professional", "psychiater"),
    ("pol", "politie", "professional", "politie"),
    ("raad", "rvdk", "professional", "raadsonderzoeker"),
    ("gi", "gi", "professional", "gezinsvoogd"),
    ("fg", "wt_a", "privacy_officer", "privacy"),
]

today = timezone.localdate


def _days(n):
    return today() + timedelta(days=n)


person_st = st.fixed_dictionaries({
    "age": st.integers(0, 20),
    "ended": st.booleans(),
    "lives_in": st.booleans(),
})
entry_st = st.fixed_dictionaries({
    "author": st.integers(0, len(STAFF) - 2),  # never the privacy officer
    "kind": st.sampled_from(EntryKind.values),
    "level": st.sampled_from(Confidentiality.values),
    "health": st.booleans(), "criminal": st.booleans(), "third": st.booleans(),
    "cfm": st.one_of(st.none(), st.integers(0, 5)),
    "release": st.sampled_from(["", "", "toestemming", "conflict_van_plichten"]),
    "case": st.one_of(st.none(), st.integers(0, 1)),
    "subjects": st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True),
    # Later versions; any field may go up or down (the service refuses some of these,
    # the rules must agree on them all the same).
    "corrections": st.lists(st.fixed_dictionaries({
        "author": st.integers(0, len(STAFF) - 2),
        "kind": st.sampled_from(EntryKind.values),
        "level": st.sampled_from(Confidentiality.values),
        "health": st.booleans(), "criminal": st.booleans(), "third": st.booleans(),
        "cfm": st.one_of(st.none(), st.integers(0, 5)),
        "release": st.sampled_from(["", "toestemming", "conflict_van_plichten"]),
        "subjects": st.lists(st.integers(0, 5), min_size=1, max_size=3, unique=True),
    }), max_size=2),
})
case_st = st.fixed_dictionaries({
    "lead": st.sampled_from(["wt_a", "wt_b", "rvt", "gi"]),
    "phase": st.sampled_from(Phase.values),
    "closed": st.booleans(),
    "team": st.lists(st.tuples(st.integers(0, len(STAFF) - 1), st.booleans()),
                     max_size=4),
})
household_st = st.fixed_dictionaries({
    "owner": st.sampled_from(["wt_a", "wt_b"]),
    "registrar": st.one_of(st.none(), st.integers(0, len(STAFF) - 1)),
    "adults": st.lists(person_st, min_size=1, max_size=2),
    "children": st.lists(person_st, max_size=3),
    "gezag": st.lists(st.tuples(st.integers(0, 1), st.integers(0, 2), st.booleans()),
                      max_size=4),
    "cases": st.lists(case_st, max_size=2),
    "entries": st.lists(entry_st, max_size=8),
    "consents": st.lists(st.tuples(st.integers(0, 5), st.sampled_from(
        ["delen_netwerk", "beroepsgeheim"]), st.sampled_from(["given", "refused"]),
        st.integers(0, 5)), max_size=6),
    "case_table": st.one_of(st.none(), st.tuples(
        st.lists(st.integers(0, len(STAFF) - 1), min_size=1, max_size=2, unique=True),
        st.booleans(), st.lists(st.integers(0, 7), max_size=3, unique=True))),
    "break_glass": st.one_of(st.none(), st.tuples(st.integers(0, len(STAFF) - 1),
                                                  st.booleans())),
})
world_st = st.fixed_dictionaries({
    "households": st.lists(household_st, min_size=1, max_size=3),
    "purposes": st.lists(st.sampled_from(sorted(PURPOSES)), min_size=1, max_size=2,
                         unique=True),
})


class DecideMatchesVisible(TestCase):
    @classmethod
    def setUpTestData(cls):
        skeleton = build_region()
        load_agreements()
        orgs = {"wt_a": skeleton.wijkteams["Noorderveld"],
                "wt_b": skeleton.wijkteams["Zuiderhaven"], **skeleton.regional}
        cls.orgs = orgs
        cls.staff = []
        for username, org, role, discipline in STAFF:
            user = User.objects.create(username=username)
            Membership.objects.create(user=user, organisation=orgs[org], role=role,
                                      discipline=discipline, valid_from=_days(-400))
            cls.staff.append(user)

    def build(self, world):
        households = []
        for spec in world["households"]:
            hh = Household.objects.create(
                name="Gezin", municipality="Noorderveld", region=self.orgs["wt_a"].region,
                owner_organisation=self.orgs[spec["owner"]],
                created_by=None if spec["registrar"] is None else
                self.staff[spec["registrar"]])
            people = []
            for i, p in enumerate(spec["adults"] + spec["children"]):
                adult = i < len(spec["adults"])
                age = 30 + p["age"] if adult else p["age"]
                person = Person.objects.create(given_names=f"P{i}", family_name="X",
                                               birth_date=_days(-365 * age - 100))
                HouseholdMember.objects.create(
                    household=hh, person=person, relation="parent" if adult else "child",
                    lives_in=p["lives_in"], valid_from=_days(-300),
                    valid_to=_days(-10) if p["ended"] else None)
                people.append(person)
            adults, children = people[:len(spec["adults"])], people[len(spec["adults"]):]
            for a, c, ended in spec["gezag"]:
                if a < len(adults) and c < len(children):
                    Gezag.objects.create(holder=adults[a], child=children[c],
                                         valid_from=_days(-300),
                                         valid_to=_days(-5) if ended else None)
            cases = []
            for c in spec["cases"]:
                case = Case.objects.create(
                    household=hh, region=hh.region, lead_organisation=self.orgs[c["lead"]],
                    title="T", phase=c["phase"], closed_on=_days(-1) if c["closed"] else None)
                for member, ended in c["team"]:
                    user = self.staff[member]
                    TeamAssignment.objects.create(
                        case=case, user=user, role="vast_gezicht",
                        organisation=user.memberships.get().organisation,
                        valid_from=_days(-200), valid_to=_days(-2) if ended else None)
                cases.append(case)
            entries = []
            for e in spec["entries"]:
                author = self.staff[e["author"]]
                membership = author.memberships.get()
                subjects = [people[s % len(people)] for s in e["subjects"]]
                entry = Entry(
                    household=hh, kind=e["kind"], text="t", occurred_at=timezone.now(),
                    author=author, author_discipline=membership.discipline,
                    owner_organisation=membership.organisation, confidentiality=e["level"],
                    legal_basis="jeugdwet_taak", health_data=e["health"],
                    criminal_data=e["criminal"], third_party_data=e["third"],
                    confidential_for_member=None if e["cfm"] is None else
                    people[e["cfm"] % len(people)],
                    secrecy_release=e["release"],
                    case=None if e["case"] is None or not cases else
                    cases[e["case"] % len(cases)])
                entry.root_id = entry.id
                entry.save()
                entry.subjects.set(subjects)
                entries.append(entry)
                for c in e["corrections"]:
                    entry = self.correct(entry, c, people)
                    entries.append(entry)
            for who, scope, decision, giver in spec["consents"]:
                person, given_by = people[who % len(people)], people[giver % len(people)]
                Consent.objects.filter(person=person, scope=scope, given_by=given_by,
                                       is_current=True).update(is_current=False)
                Consent.objects.create(person=person, scope=scope, decision=decision,
                                       given_by=given_by)
            if spec["case_table"] and entries:
                participants, running, items = spec["case_table"]
                start = timezone.now() - timedelta(hours=1 if running else 5)
                # Vary the basis (what it allows of health and criminal data) with the
                # generated items; a table without a basis opens nothing.
                choice = ([*bases.all_bases(), None])[sum(items) % 4]
                session = CaseTableSession.objects.create(
                    household=hh, title="MDA++", starts_at=start,
                    ends_at=start + timedelta(hours=2), chair=self.staff[0],
                    **(bases.session_fields(choice, hh) if choice else {}))
                for p in participants:
                    CaseTableParticipant.objects.create(session=session, user=self.staff[p])
                for i in items:
                    CaseTableItem.objects.get_or_create(session=session,
                                                        entry=entries[i % len(entries)])
            if spec["break_glass"]:
                who, running = spec["break_glass"]
                user = self.staff[who]
                now = timezone.now()
                BreakGlass.objects.create(
                    user=user, organisation=user.memberships.get().organisation,
                    household=hh, reason="Acute zorgen", purpose="hulpverlening",
                    started_at=now - timedelta(hours=5 if not running else 1),
                    expires_at=now + (timedelta(hours=3) if running else -timedelta(hours=1)))
            households.append((hh, people))
        return households

    def correct(self, old, c, people):
        """A new version of `old` as dossier.services.correct_entry stores it, without
        its checks, so also versions the service would refuse."""
        author = self.staff[c["author"]]
        membership = author.memberships.get()
        Entry.objects.filter(pk=old.pk).update(is_current=False)
        new = Entry(
            household_id=old.household_id, case_id=old.case_id, kind=c["kind"], text="v",
            occurred_at=old.occurred_at, author=author,
            author_discipline=membership.discipline,
            owner_organisation_id=old.owner_organisation_id, confidentiality=c["level"],
            legal_basis=old.legal_basis, version=old.version + 1, root_id=old.root_id,
            replaces=old, health_data=c["health"], criminal_data=c["criminal"],
            third_party_data=c["third"],
            confidential_for_member=None if c["cfm"] is None else
            people[c["cfm"] % len(people)],
            secrecy_release=c["release"], **chain_after(old))
        new.save()
        new.subjects.set([people[s % len(people)] for s in c["subjects"]])
        protect_older_versions(new)
        return new

    @staticmethod
    def assert_chains_protected(entries):
        """No version is less protected than a later version of its chain says."""
        for older in entries:
            for later in entries:
                if later.root_id != older.root_id or later.version <= older.version:
                    continue
                assert older.level_in_chain >= later.confidentiality
                for name in SENSITIVE_CATEGORIES:
                    assert older.category_in_chain(name) or not getattr(later, name)
                if later.confidential_for_member_id is not None:
                    assert older.confidential_members
                assert RELEASE_OPENNESS[older.release_in_chain] <= \
                    RELEASE_OPENNESS[later.secrecy_release]

    def contexts(self, world, households):
        for user in self.staff:
            for purpose in world["purposes"]:
                yield context_for(user, purpose=purpose)
        for _hh, people in households:
            for person in people:
                user = User.objects.create(username=f"gezin-{person.pk}",
                                           kind=User.Kind.GEZINSLID, person=person)
                yield context_for(user)

    @staticmethod
    def assert_relation_forms_agree(ctx, households):
        """The relations declared in relation_rules.py say the same in each derived
        form: one household's statement, the Django condition, and the listed ids."""
        names = relations.holdable(ctx)
        listed = relations.households_by_relation(ctx)
        for hh in households:
            one = set(relations._relations_of_one(ctx, hh.pk))
            by_q = {name for name, condition in relations.relation_sql(ctx, "pk", "").items()
                    if Household.objects.filter(condition, pk=hh.pk).exists()}
            assert one == by_q, (ctx.user.username, hh.pk, one ^ by_q)
            assert one <= set(names)
            if listed is not None:
                by_list = {name for name, ids in listed.items() if hh.pk in ids}
                assert one == by_list, (ctx.user.username, hh.pk, one ^ by_list)

    @settings(max_examples=EXAMPLES, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(world=world_st)
    def test_decide_matches_visible(self, world):
        households = self.build(world)
        entries = list(Entry.objects.select_related("case", "household"))
        self.assert_chains_protected(entries)
        others = [(m, list(m.objects.all())) for m in (Household, Case, Person)]
        for ctx in self.contexts(world, households):
            self.assert_relation_forms_agree(ctx, [hh for hh, _people in households])
            for action in (READ, CORRECT, KNOW_EXISTS):
                listed = set(visible(ctx, action, Entry.objects.all())
                             .values_list("pk", flat=True))
                decided = {e.pk for e in entries if decide(ctx, action, e).allowed}
                assert listed == decided, (ctx.user.username, ctx.purpose, action,
                                           listed ^ decided)
                # The one-household form used by the timeline gives the same answer.
                for hh, _people in households:
                    within = set(visible_in_household(ctx, action, hh.pk)
                                 .values_list("pk", flat=True))
                    in_hh = {e.pk for e in entries if e.household_id == hh.pk}
                    assert within == decided & in_hh, (ctx.user.username, action,
                                                       within ^ (decided & in_hh))
                # The several-households form used by the worklist's signals too.
                some = [hh.pk for hh, _people in households]
                together = set(visible_in_households(ctx, action, some)
                               .values_list("pk", flat=True))
                assert together == decided, (ctx.user.username, action,
                                             together ^ decided)
            for model, objects in others:
                listed = set(visible(ctx, READ, model.objects.all())
                             .values_list("pk", flat=True))
                decided = {o.pk for o in objects if decide(ctx, READ, o).allowed}
                assert listed == decided, (ctx.user.username, model.__name__)
