"""Generate a plausible synthetic Dutch pilot region: professionals, households, cases, timelines.

Deterministic per (households, seed): one `random.Random(seed)` drives everything, UUIDs
come from it, Faker is seeded from it, and every date is relative to the fixed ANCHOR
date below (not to today), so two runs produce identical data.

Written for volume: households are generated in chunks and loaded with COPY on
PostgreSQL (see loader.py), so 100,000 households (~5 million entries) fit in memory
and in minutes. All names, BSNs and addresses are invented.
"""

import logging
import random
import sys
import time as _time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db import transaction
from faker import Faker
from tqdm import tqdm

from netwerkdossier.access import person_reach
from netwerkdossier.access.agreements import load_agreements
from netwerkdossier.access.api import event
from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.dossier.models import Confidentiality, Entry, EntrySubject
from netwerkdossier.households.bsn import make_bsn
from netwerkdossier.households.models import Gezag, Household, HouseholdMember, Person
from netwerkdossier.households.search_keys import fold
from netwerkdossier.organisations.models import Membership, Organisation

from . import texts
from .loader import Loader
from .region import MUNICIPALITIES, build_region

log = logging.getLogger(__name__)  # progress only; never names or other personal data

# All generated history lies before this fixed date; it is not "today", so output
# does not change from day to day. Open cases have deadlines around it.
ANCHOR = date(2026, 11, 1)
ANCHOR_DT = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)
USERNAME_PREFIX = "nv-"
CHUNK = 1000
# From this many households on, PostgreSQL loads drop and rebuild indexes and keys.
FAST_LOAD_FROM = 5000

MUNICIPALITY_WEIGHTS = [0.30, 0.25, 0.20, 0.15, 0.10]
K = Organisation.Kind


class R:  # plain strings: COPY must not see enum members
    PARENT, CAREGIVER, CHILD, PARTNER, OTHER_ADULT = (
        r.value for r in HouseholdMember.Relation.__members__.values())


class Role:
    CASUSREGISSEUR, VAST_GEZICHT, VAST_DUO, CONSULTANT = (
        r.value for r in TeamAssignment.Role.__members__.values())


OUDERLIJK, VOOGDIJ = Gezag.Kind.OUDERLIJK.value, Gezag.Kind.VOOGDIJ.value

# org key -> (username part, base head count, disciplines to draw from)
STAFF = {
    "rvt": ("rvt", 25, ["vt_medewerker", "vt_medewerker", "jeugdzorgwerker"]),
    "veilig_thuis": ("vt", 10, ["vt_medewerker"]),
    "rvdk": ("rvdk", 10, ["raadsonderzoeker"]),
    "gi": ("gi", 10, ["gezinsvoogd"]),
    "ggz": ("ggz", 10, ["gz_psycholoog", "gz_psycholoog", "psychiater"]),
    "politie": ("pol", 10, ["politie"]),
}
WIJKTEAM_DISCIPLINES = ["maatschappelijk_werker", "maatschappelijk_werker", "jeugdzorgwerker"]

KINDS_BY_ORG: dict[str, list[str]] = {
    K.WIJKTEAM.value: ["conversation"] * 4 + ["note"] * 3 + ["agreement", "analysis", "document"],
    K.RVT.value: ["conversation", "assessment", "assessment", "analysis", "note", "decision"],
    K.VEILIG_THUIS.value: ["report", "report", "assessment", "conversation", "note"],
    K.RVDK.value: ["analysis", "report", "conversation", "document"],
    K.GI.value: ["decision", "conversation", "conversation", "agreement", "note", "document"],
    K.GGZ.value: ["assessment", "conversation", "note", "note"],
    K.POLITIE.value: ["report", "report", "note"],
}
BASES_BY_ORG: dict[str, list[str]] = {
    K.WIJKTEAM.value: ["jeugdwet_taak"] * 4 + ["samenwerkingsverband", "toestemming"],
    K.RVT.value: ["wmo_vt", "wmo_vt", "samenwerkingsverband"],
    K.VEILIG_THUIS.value: ["wmo_vt"],
    K.RVDK.value: ["bw_kinderbescherming"],
    K.GI.value: ["bw_kinderbescherming", "bw_kinderbescherming", "jeugdwet_taak"],
    K.GGZ.value: ["toestemming", "toestemming", "conflict_van_plichten"],
    K.POLITIE.value: ["meldrecht", "samenwerkingsverband"],
}
TITLES = [
    "Zorgen om veiligheid thuis", "Huiselijk geweld na scheiding", "Vechtscheiding",
    "Vermoeden van kindermishandeling", "Zorgen om verwaarlozing", "Opvoedondersteuning",
    "Psychische problemen ouder", "Verslaving ouder en zorg om de kinderen",
    "Schoolverzuim en spanningen thuis", "Melding na politie-inzet",
    "Tijdelijk huisverbod", "Ondertoezichtstelling", "Schulden en huisvesting",
]
OPEN_PHASES = [Phase.MELDING, Phase.VEILIGHEIDSBEOORDELING, Phase.ROUTEBEPALING,
               Phase.DIRECTE_VEILIGHEID, Phase.DIRECTE_VEILIGHEID,
               Phase.DUURZAME_VEILIGHEID, Phase.DUURZAME_VEILIGHEID, Phase.HERSTEL]
DEADLINE_LABELS = {
    Phase.MELDING: ["Triage afronden (5 werkdagen)", "Eerste contact met het gezin"],
    Phase.VEILIGHEIDSBEOORDELING: ["Veiligheidsbeoordeling afronden",
                                   "Gesprek met alle gezinsleden"],
    Phase.ROUTEBEPALING: ["Routebepaling in het MDO", "Besluit over vervolgroute"],
    Phase.DIRECTE_VEILIGHEID: ["Voortgang in de fase bespreken", "Evaluatie directe veiligheid"],
    Phase.DUURZAME_VEILIGHEID: ["Evaluatie plan van aanpak", "Netwerkberaad",
                                "Verzoek verlenging OTS"],
    Phase.HERSTEL: ["Evaluatie herstelfase", "Afsluitend gesprek voorbereiden"],
}
TUSSENVOEGSELS = ("van der", "van den", "van de", "in 't", "op de", "van", "de", "den", "der",
                  "het", "ter", "ten", "te", "'t")

ENTRY_COLUMNS = ("id", "household_id", "case_id", "kind", "text", "occurred_at", "recorded_at",
                 "author_id", "author_discipline", "owner_organisation_id", "confidentiality",
                 "legal_basis", "version", "root_id", "replaces_id", "correction_reason",
                 "is_current")
TABLES = {
    Household: ("id", "name", "street", "postcode", "municipality", "region_id",
                "owner_organisation_id", "created_by_id", "created_at"),
    Person: ("id", "given_names", "tussenvoegsel", "family_name", "birth_date", "bsn", "phone",
             "email", "family_key", "given_key", "recorded_by_organisation_id", "created_at"),
    HouseholdMember: ("household_id", "person_id", "relation", "lives_in", "valid_from",
                      "valid_to"),
    Gezag: ("holder_id", "child_id", "kind", "valid_from", "valid_to", "source"),
    Case: ("id", "household_id", "region_id", "lead_organisation_id", "title", "phase",
           "opened_on", "closed_on", "next_deadline", "next_deadline_label"),
    TeamAssignment: ("case_id", "user_id", "organisation_id", "role", "valid_from", "valid_to"),
    Entry: ENTRY_COLUMNS,
    EntrySubject: ("entry_id", "person_id"),
}


class AlreadySeeded(Exception):
    """The database already holds a generated region; seeding twice would duplicate it."""


@dataclass
class Pro:
    user_id: int
    discipline: str
    org_id: uuid.UUID
    org_kind: str


@dataclass
class SeedResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per step


def is_seeded() -> bool:
    return User.objects.filter(username__startswith=USERNAME_PREFIX).exists()


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _years_before(day: date, years: int, rng: random.Random) -> date:
    return day - timedelta(days=years * 365 + years // 4 + rng.randrange(365))


def _siblings(rng: random.Random, wanted: int, youngest_age: int, oldest_age: int) -> list[date]:
    """Birth dates of up to `wanted` siblings, oldest first, one to four years apart."""
    if not wanted:
        return []
    born = [_years_before(ANCHOR, youngest_age, rng)]
    limit = ANCHOR - timedelta(days=(oldest_age + 1) * 365 + (oldest_age + 1) // 4)
    while len(born) < wanted:
        gap = 0 if rng.random() < 0.03 else 420 + rng.randrange(1100)  # now and then twins
        older = born[-1] - timedelta(days=gap)
        if older <= limit:
            break
        born.append(older)
    return born[::-1]


def _adult_birthday(day: date) -> date:
    try:
        return day.replace(year=day.year + 18)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 18, day=28)


class _Names:
    """Pools of Dutch names and streets from a seeded Faker, drawn from with the rng."""

    def __init__(self, rng: random.Random):
        fake = Faker("nl_NL")
        fake.seed_instance(rng.getrandbits(32))
        family = set()
        while len(family) < 900:
            name = fake.last_name()
            if "," in name or len(name.split()) > 3 or " und " in name:
                continue
            family.add(self._split(name))
        self.family = sorted(family)
        self.female = sorted({fake.first_name_female() for _ in range(2000)})
        self.male = sorted({fake.first_name_male() for _ in range(2000)})
        self.streets = sorted({fake.street_name() for _ in range(3000)})

    @staticmethod
    def _split(name: str) -> tuple[str, str]:
        for prefix in TUSSENVOEGSELS:
            if name.startswith(prefix + " "):
                return prefix, name[len(prefix) + 1:]
        return "", name


class Generator:
    def __init__(self, households: int, seed: int, progress: bool = True,
                 fast_load: bool | None = None):
        self.n = households
        self.rng = random.Random(seed)
        self.progress = progress
        self.fast_load = (households >= FAST_LOAD_FROM) if fast_load is None else fast_load
        self.bsns: set[str] = set()
        self.counts = {"households": 0, "persons": 0, "household_members": 0, "gezag": 0,
                       "cases": 0, "team_assignments": 0, "entries": 0, "entry_subjects": 0}

    # -- professionals ---------------------------------------------------------------
    def _staff(self, skeleton) -> None:
        rng = self.rng
        org_plan = []
        for municipality, weight in zip(MUNICIPALITIES, MUNICIPALITY_WEIGHTS, strict=True):
            count = 15 + int(self.n * weight) // 100
            org_plan.append((skeleton.wijkteams[municipality], f"wt-{fold(municipality)}",
                             count, WIJKTEAM_DISCIPLINES))
        for key, (part, base, disciplines) in STAFF.items():
            divisor = 1000 if key == "rvt" else 2000
            org_plan.append((skeleton.regional[key], part, base + self.n // divisor,
                             disciplines))
        users, memberships, self.staff = [], [], {}
        for org, part, count, disciplines in org_plan:
            pool = []
            for i in range(1, count + 1):
                female = rng.random() < 0.7
                first = rng.choice(self.names.female if female else self.names.male)
                tussen, last = rng.choice(self.names.family)
                username = f"{USERNAME_PREFIX}{part}-{i:03d}"
                user = User(username=username, first_name=first,
                            last_name=f"{tussen} {last}".strip(),
                            email=f"{username}@example.org", uuid=_uuid(rng),
                            kind=User.Kind.PROFESSIONAL)
                user.set_unusable_password()
                manager = i == 1
                discipline = "beleid" if manager else rng.choice(disciplines)
                users.append(user)
                memberships.append((user, org, manager, discipline,
                                    ANCHOR - timedelta(days=rng.randint(200, 3000))))
                if not manager:
                    pool.append((user, discipline))
            self.staff[org.pk] = (org, pool)
        User.objects.bulk_create(users, batch_size=500)
        if any(u.pk is None for u in users):  # backends that do not return ids
            ids = dict(User.objects.filter(username__startswith=USERNAME_PREFIX)
                       .values_list("username", "id"))
            for u in users:
                u.pk = u.id = ids[u.username]
        Membership.objects.bulk_create([
            Membership(user=u, organisation=org, discipline=discipline, valid_from=since,
                       role=Membership.Role.TEAMMANAGER if manager
                       else Membership.Role.PROFESSIONAL)
            for u, org, manager, discipline, since in memberships
        ], batch_size=500)
        self.pros = {
            org_id: [Pro(u.pk, d, org.pk, str(org.kind)) for u, d in pool]
            for org_id, (org, pool) in self.staff.items()
        }
        self.professionals = len(users)

    # -- households ---------------------------------------------------------------------
    def _bsn(self) -> str:
        while True:
            bsn = make_bsn(self.rng)
            if bsn not in self.bsns:
                self.bsns.add(bsn)
                return bsn

    def _person(self, buf, org_id, given, family, born, tussen="") -> uuid.UUID:
        rng = self.rng
        pid = _uuid(rng)
        phone = f"06-{rng.randrange(10_000_000, 100_000_000)}" if rng.random() < 0.5 else ""
        buf[Person].append((
            pid, given, tussen, family, born, self._bsn(), phone, "", fold(family),
            fold(given), org_id,
            ANCHOR_DT - timedelta(days=rng.randrange(30, 2000), seconds=rng.randrange(86400)),
        ))
        return pid

    def _household(self, buf) -> None:  # noqa: C901 - one readable recipe
        rng, names = self.rng, self.names
        municipality = rng.choices(MUNICIPALITIES, MUNICIPALITY_WEIGHTS)[0]
        wijkteam = self.wijkteams[municipality]
        hid = _uuid(rng)
        kind = rng.choices(["single", "two", "blended", "adults"], [30, 35, 18, 17])[0]
        if kind == "adults":
            wanted = rng.choices([0, 1, 2], [70, 20, 10])[0]
            youngest_age, oldest_age = rng.randint(18, 22), 25
        else:
            wanted = rng.choices([1, 2, 3, 4, 5], [30, 35, 20, 10, 5])[0]
            youngest_age, oldest_age = rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14)), 17
        children_born = _siblings(rng, wanted, youngest_age, oldest_age)
        n_children = len(children_born)
        oldest = children_born[0] if children_born else None

        def adult_born(min_age=20):
            if oldest is None:
                return _years_before(ANCHOR, rng.randint(19, 80), rng)
            return _years_before(oldest, rng.randint(min_age, 38), rng)

        tussen_a, fam_a = rng.choice(names.family)
        tussen_b, fam_b = rng.choice(names.family)
        mother_born, father_born = adult_born(), adult_born()
        since = (oldest or ANCHOR) - timedelta(days=rng.randint(0, 3 * 365))
        if kind == "adults" and not oldest:
            since = ANCHOR - timedelta(days=rng.randint(200, 15 * 365))
        members, gezag = buf[HouseholdMember], buf[Gezag]
        people = []  # person ids, for entry subjects

        mother = self._person(buf, wijkteam, rng.choice(names.female), fam_a, mother_born,
                              tussen_a)
        people.append(mother)
        father = None
        separated = None
        if kind in ("two", "adults") and (kind == "two" or rng.random() < 0.6):
            father = self._person(buf, wijkteam, rng.choice(names.male), fam_b, father_born,
                                  tussen_b)
            people.append(father)
            members.append((hid, mother, R.PARENT if n_children else R.PARTNER, True, since,
                            None))
            members.append((hid, father, R.PARENT if n_children else R.PARTNER, True, since,
                            None))
        else:
            members.append((hid, mother, R.PARENT if n_children else R.OTHER_ADULT, True,
                            since, None))
            if kind in ("single", "blended"):
                # The other parent: moved out at some point, maybe still involved.
                father = self._person(buf, wijkteam, rng.choice(names.male), fam_b,
                                      father_born, tussen_b)
                people.append(father)
                youngest = children_born[-1]
                span = max(30, (ANCHOR - youngest).days - 60)
                separated = youngest + timedelta(days=30 + rng.randrange(span))
                separated = max(since, min(separated, ANCHOR - timedelta(days=1)))
                members.append((hid, father, R.PARENT, True, since, separated))
                if rng.random() < 0.6:
                    members.append((hid, father, R.PARENT, False,
                                    separated + timedelta(days=1), None))
        if kind == "blended":
            step_born = _years_before(ANCHOR, rng.randint(25, 55), rng)
            t_s, f_s = rng.choice(names.family)
            step = self._person(buf, wijkteam, rng.choice(names.male), f_s, step_born, t_s)
            people.append(step)
            step_since = separated + timedelta(days=rng.randint(60, 700))
            step_since = max(separated, min(step_since, ANCHOR - timedelta(days=30)))
            members.append((hid, step, rng.choice([R.CAREGIVER, R.PARTNER]), True,
                            step_since, None))
        else:
            step = None

        child_family = (tussen_b, fam_b) if father and kind != "adults" else (tussen_a, fam_a)
        for born in children_born:
            given = rng.choice(names.female if rng.random() < 0.5 else names.male)
            child = self._person(buf, wijkteam, given, child_family[1], born, child_family[0])
            people.append(child)
            members.append((hid, child, R.CHILD, True, max(since, born), None))
            adult_on = _adult_birthday(born)
            end = adult_on - timedelta(days=1) if adult_on <= ANCHOR else None
            gezag.append((mother, child, OUDERLIJK, born, end,
                          "Gezagsregister (synthetisch)"))
            if father is not None:
                father_end = end
                if separated and rng.random() < 0.2:
                    ended = separated + timedelta(days=rng.randint(90, 900))
                    if ended < ANCHOR and (end is None or ended < end):
                        father_end = ended
                gezag.append((father, child, OUDERLIJK, born, father_end,
                              "Gezagsregister (synthetisch)" if father_end == end
                              else "Beschikking rechtbank (synthetisch)"))
            if step is not None and end is None and rng.random() < 0.15:
                # Joint gezag of a parent and a non-parent is voogdij (art. 1:253t BW).
                start = min(step_since + timedelta(days=rng.randint(180, 900)), ANCHOR)
                gezag.append((step, child, VOOGDIJ, start, None,
                              "Beschikking rechtbank, art. 1:253t BW (synthetisch)"))

        tussen_h, fam_h = child_family if n_children else (tussen_a, fam_a)
        surname = f"{tussen_h.capitalize()} {fam_h}".strip()
        label = "Gezin" if n_children and kind != "adults" else "Huishouden"
        street = f"{rng.choice(names.streets)} {rng.randint(1, 250)}"
        postcode = (f"{rng.randint(1000, 9999)} "
                    f"{chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}")
        creator = rng.choice(self.pros[wijkteam])
        buf[Household].append((hid, f"{label} {surname}", street, postcode, municipality,
                               self.region.pk, wijkteam, creator.user_id,
                               datetime.combine(since, time(9), tzinfo=UTC)))
        self._cases(buf, hid, wijkteam, people, bool(n_children and children_born[-1] >
                                                       _years_before(ANCHOR, 18, rng)))

    # -- cases and timelines -------------------------------------------------------------
    def _entry_budget(self) -> int:
        rng = self.rng
        self.index += 1
        if self.index % 97 == 13:  # a steady trickle of very long timelines
            return rng.randint(300, 450)
        return min(1500, int(rng.lognormvariate(3.5, 1.0)))

    def _cases(self, buf, hid, wijkteam, people, has_minors) -> None:
        rng = self.rng
        budget = self._entry_budget()
        roll = rng.random()
        n_cases = 0 if roll < 0.12 else (1 if roll < 0.8 else 2)
        cases = []
        # An older closed case first, then the current one.
        for i in range(n_cases):
            last = i == n_cases - 1
            closed = not last or rng.random() < 0.35
            if closed:
                opened = ANCHOR - timedelta(days=rng.randint(200, 900) if last
                                             else rng.randint(900, 5 * 365))
                closed_on = min(opened + timedelta(days=rng.randint(45, 540)),
                                ANCHOR - timedelta(days=rng.randint(1, 60)))
                if closed_on < opened:
                    closed_on = opened
                phase, deadline, label = Phase.AFGESLOTEN, None, ""
            else:
                opened = ANCHOR - timedelta(days=rng.randint(3, 800))
                closed_on = None
                phase = rng.choice(OPEN_PHASES)
                deadline = ANCHOR + timedelta(days=rng.randint(-25, 90))
                label = rng.choice(DEADLINE_LABELS[phase])
            lead_roll = rng.random()
            if has_minors and lead_roll < 0.1:
                lead_key = "gi"
            elif lead_roll < 0.25:
                lead_key = "rvt"
            else:
                lead_key = None
            lead = self.regional[lead_key] if lead_key else wijkteam
            cid = _uuid(rng)
            buf[Case].append((cid, hid, self.region.pk, lead, rng.choice(TITLES), phase.value,
                              opened, closed_on, deadline, label))
            team = [(rng.choice(self.pros[lead]), Role.CASUSREGISSEUR)]
            if lead != wijkteam:
                team.append((rng.choice(self.pros[wijkteam]), Role.VAST_GEZICHT))
            if rng.random() < 0.4 and lead_key != "rvt":
                team.append((rng.choice(self.pros[self.regional["rvt"]]), Role.VAST_DUO))
            if rng.random() < 0.3:
                team.append((rng.choice(self.pros[self.regional["ggz"]]), Role.CONSULTANT))
            if rng.random() < 0.25:
                team.append((rng.choice(self.pros[self.regional["veilig_thuis"]]),
                             Role.CONSULTANT))
            if rng.random() < 0.1:
                team.append((rng.choice(self.pros[self.regional["politie"]]), Role.CONSULTANT))
            if has_minors and rng.random() < 0.08:
                team.append((rng.choice(self.pros[self.regional["rvdk"]]), Role.CONSULTANT))
            seen = set()
            for pro, role in team:
                if pro.user_id in seen:
                    continue
                seen.add(pro.user_id)
                buf[TeamAssignment].append((cid, pro.user_id, pro.org_id, role, opened,
                                            closed_on))
            cases.append((cid, opened, closed_on, [p for p, _ in team]))
        if not cases:
            # A household without a case: a few registrations by the local team.
            budget = rng.randint(0, 2)
            since = ANCHOR - timedelta(days=rng.randint(30, 700))
            cases_or_none = [(None, since, None, [rng.choice(self.pros[wijkteam])])]
        else:
            cases_or_none = cases
        self._timeline(buf, hid, cases_or_none, people, budget)

    def _timeline(self, buf, hid, cases, people, budget) -> None:
        rng = self.rng
        rand, randrange, choice = rng.random, rng.randrange, rng.choice
        entries, subjects, pools = buf[Entry], buf[EntrySubject], self.pools
        spans = [((closed or ANCHOR) - opened).days + 1 for _c, opened, closed, _t in cases]
        total = sum(spans)
        for (cid, opened, _closed, team), span in zip(cases, spans, strict=True):
            count = max(1 if cid else 0, round(budget * span / total))
            base = datetime.combine(opened, time(7), tzinfo=UTC)
            lead = team[0]
            for i in range(count):
                author = lead if (i == 0 or rand() < 0.5) else choice(team)
                if i == 0 and cid is not None:
                    kind, occurred = "report", base + timedelta(seconds=randrange(36000))
                else:
                    kind = choice(KINDS_BY_ORG[author.org_kind])
                    occurred = base + timedelta(days=randrange(span), seconds=randrange(36000))
                recorded = occurred + timedelta(seconds=300 + randrange(3 * 86400))
                if recorded > ANCHOR_DT:
                    recorded = max(occurred, ANCHOR_DT)
                level = Confidentiality.NETWERK
                roll = rand()
                if author.org_kind == K.GGZ:
                    if roll < 0.35:
                        level = Confidentiality.BEROEPSGEHEIM
                    elif roll < 0.55:
                        level = Confidentiality.ORGANISATIE
                elif roll < 0.1:
                    level = Confidentiality.ORGANISATIE
                eid = _uuid(rng)
                text = choice(pools[kind])
                basis = choice(BASES_BY_ORG[author.org_kind])
                about = rng.sample(people, min(len(people), choice((1, 1, 2, 2, 3))))
                corrected = rand() < 0.005
                entries.append((eid, hid, cid, kind, text, occurred, recorded, author.user_id,
                                author.discipline, author.org_id, int(level), basis, 1, eid,
                                None, "", not corrected))
                for pid in about:
                    subjects.append((eid, pid))
                if corrected:
                    v2 = _uuid(rng)
                    fixed = recorded + timedelta(days=1 + randrange(30))
                    fixed = max(recorded, min(ANCHOR_DT, fixed))
                    entries.append((v2, hid, cid, kind, choice(pools[kind]), occurred, fixed,
                                    author.user_id, author.discipline, author.org_id,
                                    int(level), basis, 2, eid, eid,
                                    choice(texts.CORRECTION_REASONS), True))
                    for pid in about:
                        subjects.append((v2, pid))

    # -- orchestration ---------------------------------------------------------------------
    def run(self) -> SeedResult:
        started = _time.monotonic()
        if is_seeded():
            raise AlreadySeeded("Er staat al een synthetische regio in deze database.")
        skeleton = build_region()
        load_agreements()  # the region's sharing agreements, so access rules apply at once
        self.region = skeleton.region
        self.wijkteams = {m: org.pk for m, org in skeleton.wijkteams.items()}
        self.regional = {k: org.pk for k, org in skeleton.regional.items()}
        self.names = _Names(self.rng)
        self.pools = texts.build_pools(random.Random(self.rng.getrandbits(64)))
        self.index = 0
        self.bsns.update(b for b in Person.objects.exclude(bsn=None)
                         .values_list("bsn", flat=True))
        self._staff(skeleton)
        loader = Loader(list(TABLES), fast=self.fast_load)
        bar = tqdm(total=self.n, unit=" huishoudens", desc="Huishoudens", file=sys.stderr,
                   disable=not self.progress, smoothing=0.1)
        loader.prepare()
        load_started = _time.monotonic()
        done = 0
        while done < self.n:
            size = min(CHUNK, self.n - done)
            buf = {model: [] for model in TABLES}
            for _ in range(size):
                self._household(buf)
            for model, columns in TABLES.items():
                loader.write(model, columns, buf[model])
            done += size
            bar.update(size)
        bar.close()
        rebuild_started = _time.monotonic()

        def step(name):
            if self.progress:
                log.info("opnieuw opbouwen: %s", name)

        if self.progress and loader.fast:
            log.info("Indexen en sleutels opnieuw opbouwen ...")
        loader.finish(on_step=step if loader.fast else None)
        reach_started = _time.monotonic()
        step("bereik van personen")
        person_reach.rebuild()  # COPY and bulk_create send no signals
        phases = {"setup": load_started - started,
                  "generate_and_load": rebuild_started - load_started,
                  "rebuild_and_analyze": reach_started - rebuild_started,
                  "person_reach": _time.monotonic() - reach_started}
        event(None, "synthetic.seed", "C", object_type="region",
              object_ids=[self.region.code])
        written = loader.rows_written
        self.counts = {
            "organisations": Organisation.objects.filter(region=self.region).count(),
            "professionals": self.professionals,
            "households": written.get(Household._meta.db_table, 0),
            "persons": written.get(Person._meta.db_table, 0),
            "household_members": written.get(HouseholdMember._meta.db_table, 0),
            "gezag": written.get(Gezag._meta.db_table, 0),
            "cases": written.get(Case._meta.db_table, 0),
            "team_assignments": written.get(TeamAssignment._meta.db_table, 0),
            "entries": written.get(Entry._meta.db_table, 0),
            "entry_subjects": written.get(EntrySubject._meta.db_table, 0),
        }
        return SeedResult(counts=self.counts, seconds=_time.monotonic() - started,
                          phases=phases)


def generate_region(households: int, seed: int, progress: bool = True,
                    fast_load: bool | None = None) -> SeedResult:
    """Create a synthetic region with `households` households, identical for equal seeds.

    Runs in one transaction. `fast_load` (PostgreSQL only) drops and rebuilds indexes and
    keys of the big tables around the load; by default from FAST_LOAD_FROM households on.
    """
    with transaction.atomic():
        return Generator(households, seed, progress=progress, fast_load=fast_load).run()
