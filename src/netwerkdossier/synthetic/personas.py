"""The fixed cast of the demo and the tests (see ARCHITECTURE.md "Personas").

Every access test has an insider and an outsider from this cast. Ages are computed
from today, so the child of 9 stays 9. All names are invented.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from netwerkdossier.access import person_reach
from netwerkdossier.access.agreements import load_agreements
from netwerkdossier.access.models import Consent
from netwerkdossier.accounts.models import User
from netwerkdossier.cases.models import Case, Phase, TeamAssignment
from netwerkdossier.dossier.models import Confidentiality, Entry, EntryKind, ReporterIdentity
from netwerkdossier.households.models import Gezag, Household, HouseholdMember, Person
from netwerkdossier.organisations.models import Membership

from .region import build_region

DEMO_PASSWORD = "demo-wachtwoord"  # noqa: S105 - synthetic demo only; printed by `make demo`

Role = Membership.Role
PROFESSIONALS = [
    # username, first, last, organisation key, role, discipline, description
    ("lotte", "Lotte", "Visser", "wijkteam:Noorderveld", Role.PROFESSIONAL,
     "maatschappelijk_werker", "wijkteam Noorderveld, casusregisseur en vast gezicht"),
    ("ruben", "Ruben", "Bakker", "rvt", Role.PROFESSIONAL, "vt_medewerker",
     "regionaal veiligheidsteam, vast duo met Lotte"),
    ("gert", "Gert", "Mulder", "ggz", Role.PROFESSIONAL, "gz_psycholoog",
     "GGZ, beroepsgeheim, consulent in het team"),
    ("olga", "Olga", "Smit", "wijkteam:Zuiderhaven", Role.PROFESSIONAL,
     "maatschappelijk_werker", "wijkteam Zuiderhaven, niet betrokken (buitenstaander)"),
    ("tamara", "Tamara", "Meijer", "wijkteam:Noorderveld", Role.TEAMMANAGER, "beleid",
     "teammanager wijkteam Noorderveld"),
    ("priya", "Priya", "Hoekstra", "wijkteam:Noorderveld", Role.PRIVACY_OFFICER, "privacy",
     "functionaris gegevensbescherming"),
]


# Family logins for the portal (/portaal/inloggen): username, person attribute on Cast,
# synthetic TOTP secret (base32). Noor (9) has no login: under 12 her parent with gezag
# acts for her. Password: DEMO_PASSWORD; code: the TOTP of the secret (any
# authenticator app, or `pyotp.TOTP(secret).now()`).
FAMILY_LOGINS = [
    ("sanne", "mother", "SANNEJANSENDEMOSECRETAAAAAAAAAAA"),
    ("mark", "father", "MARKDEBOERDEMOSECRETAAAAAAAAAAAA"),
    ("daan", "daan", "DAANJANSENDEMOSECRETAAAAAAAAAAAA"),
    ("lieke", "lieke", "LIEKEJANSENDEMOSECRETAAAAAAAAAAA"),
]


def professional_totp_secret(username: str) -> str:
    """The synthetic authenticator-app key (base32) of a demo professional, printed by
    `make demo` like the families' (web/second_factor.py)."""
    return f"{username.upper()}DEMOSECRET".ljust(32, "A")[:32]


def give_demo_app(user) -> None:
    """A confirmed authenticator app with the user's synthetic key."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = b32decode(professional_totp_secret(user.username)).hex()
    TOTPDevice.objects.update_or_create(user=user, name="app",
                                        defaults={"key": key, "confirmed": True})


def family_totp_secret(username: str) -> str:
    return next(secret for name, _attr, secret in FAMILY_LOGINS if name == username)


@dataclass
class Cast:
    skeleton: object
    users: dict
    household: Household
    case: Case
    mother: Person  # parent with gezag
    father: Person  # parent without gezag, lives elsewhere
    noor: Person  # 9
    daan: Person  # 14
    lieke: Person  # 17
    entries: dict
    family_users: dict = field(default_factory=dict)  # portal logins by username


def _born(years: int, extra_days: int = 40) -> date:
    today = timezone.localdate()
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - timedelta(days=extra_days)


def _org(skeleton, key: str):
    if key.startswith("wijkteam:"):
        return skeleton.wijkteams[key.split(":", 1)[1]]
    return skeleton.regional[key]


def _users(skeleton) -> dict:
    users = {}
    start = timezone.localdate() - timedelta(days=800)
    for username, first, last, org_key, role, discipline, _desc in PROFESSIONALS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@example.org"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            Membership.objects.create(user=user, organisation=_org(skeleton, org_key), role=role,
                                      discipline=discipline, valid_from=start)
        give_demo_app(user)
        users[username] = user
    return users


def _person(given, family, born, bsn, tussenvoegsel="") -> Person:
    return Person.objects.create(given_names=given, family_name=family, birth_date=born,
                                 bsn=bsn, tussenvoegsel=tussenvoegsel)


def build_cast() -> Cast:
    skeleton = build_region()
    load_agreements()
    users = _users(skeleton)
    wijkteam = skeleton.wijkteams["Noorderveld"]
    today = timezone.localdate()
    household = Household.objects.create(
        name="Gezin Jansen", street="Lindelaan 12", postcode="1741 AB",
        municipality="Noorderveld", region=skeleton.region, owner_organisation=wijkteam,
        created_by=users["lotte"],
    )
    # Synthetic BSNs that pass the 11-proef; they belong to nobody.
    mother = _person("Sanne", "Jansen", _born(38), "111222333")
    father = _person("Mark", "Boer", _born(41), "123456782", tussenvoegsel="de")
    noor = _person("Noor", "Jansen", _born(9), "100000009")
    daan = _person("Daan", "Jansen", _born(14), "100000010")
    lieke = _person("Lieke", "Jansen", _born(17), "100000022")
    since = today - timedelta(days=3 * 365)
    HouseholdMember.objects.bulk_create([
        HouseholdMember(household=household, person=mother, relation="parent",
                        valid_from=since),
        HouseholdMember(household=household, person=father, relation="parent",
                        lives_in=False, valid_from=since),
        HouseholdMember(household=household, person=noor, relation="child", valid_from=since),
        HouseholdMember(household=household, person=daan, relation="child", valid_from=since),
        HouseholdMember(household=household, person=lieke, relation="child", valid_from=since),
    ])
    person_reach.refresh([household.pk])  # bulk_create sends no signals
    for child in (noor, daan, lieke):
        Gezag.objects.create(holder=mother, child=child, valid_from=child.birth_date,
                             source="Gezagsregister (synthetisch)")
        # The father had joint gezag until the court ended it last year.
        Gezag.objects.create(holder=father, child=child, valid_from=child.birth_date,
                             valid_to=today - timedelta(days=300),
                             source="Beschikking rechtbank (synthetisch)")
    case = Case.objects.create(
        household=household, region=skeleton.region, lead_organisation=wijkteam,
        title="Zorgen om veiligheid thuis", phase=Phase.DIRECTE_VEILIGHEID,
        opened_on=today - timedelta(days=60), next_deadline=today + timedelta(days=4),
        next_deadline_label="Voortgang in de fase bespreken",  # the case's own (lifecycle)
    )
    for username, role in (("lotte", "casusregisseur"), ("ruben", "vast_duo"),
                           ("gert", "consultant")):
        user = users[username]
        TeamAssignment.objects.create(case=case, user=user, role=role,
                                      organisation=user.memberships.first().organisation,
                                      valid_from=case.opened_on)
    entries = _entries(household, case, users, (mother, father, noor, daan, lieke))
    ReporterIdentity.objects.create(
        entry=entries["report"], name="Marieke Dekker", contact="groep 6, De Vlinder",
        relation="leerkracht van Noor", is_professional=True)
    # Sanne consents to sharing with the network, for herself and for Noor (under 12).
    # Daan (14) has not consented himself, so his parent's consent is not enough.
    for person in (mother, noor, daan):
        Consent.objects.create(person=person, scope=Consent.Scope.DELEN_NETWERK,
                               decision=Consent.Decision.GIVEN, given_by=mother,
                               recorded_by=users["lotte"])
    return Cast(skeleton, users, household, case, mother, father, noor, daan, lieke, entries)


def add_family_logins(cast) -> dict:
    """Portal logins (kind gezinslid) for the cast's family (FAMILY_LOGINS), with an
    unusable Django password: they can only log in at /portaal/, with DEMO_PASSWORD
    and a TOTP code (portal/auth.py). Separate from build_cast() so tests that make
    their own family users for the cast keep working; the demo calls both."""
    from netwerkdossier.portal.auth import set_credential

    if cast.family_users:
        return cast.family_users
    logins = {}
    for username, attr, secret in FAMILY_LOGINS:
        person = getattr(cast, attr)
        user = User(username=username, kind=User.Kind.GEZINSLID, person=person,
                    first_name=person.given_names,
                    last_name=" ".join(p for p in (person.tussenvoegsel, person.family_name)
                                       if p))
        user.set_unusable_password()
        user.save()
        set_credential(user, DEMO_PASSWORD, secret)
        logins[username] = user
    cast.family_users = logins
    return logins


def _entries(household, case, users, people) -> dict:
    mother, father, noor, daan, lieke = people
    base = timezone.make_aware(datetime.combine(case.opened_on, time(10, 0)))
    # key: (author, kind, level, basis, day, text, subjects, extra fields)
    rows = {
        "report": ("ruben", EntryKind.REPORT, Confidentiality.NETWERK, "wmo_vt", 0,
                   "Melding van school: Noor vertelt over ruzie thuis en is bang.",
                   [mother, noor]),
        "ggz_shared": ("gert", EntryKind.ASSESSMENT, Confidentiality.NETWERK, "toestemming",
                       10, "GGZ: moeder start behandeling; afspraken over bereikbaarheid.",
                       [mother], {"health_data": True}),
        "lieke_confidential": ("lotte", EntryKind.CONVERSATION, Confidentiality.NETWERK,
                               "jeugdwet_taak", 14,
                               "Lieke vertelt in vertrouwen over haar plannen om uit huis "
                               "te gaan.", [lieke], {"confidential_for_member": lieke}),
        "third_party": ("lotte", EntryKind.NOTE, Confidentiality.NETWERK, "jeugdwet_taak", 15,
                        "Buurvrouw vertelt dat zij 's avonds vaak geschreeuw hoort.",
                        [mother], {"third_party_data": True}),
        "criminal": ("ruben", EntryKind.DECISION, Confidentiality.NETWERK, "samenwerkingsverband",
                     16, "Bekend bij politie: eerdere aangifte huiselijk geweld tegen vader.",
                     [father], {"criminal_data": True}),
        "conversation": ("lotte", EntryKind.CONVERSATION, Confidentiality.NETWERK,
                         "jeugdwet_taak", 3,
                         "Huisbezoek met moeder en de kinderen. Afspraken over rust in huis.",
                         [mother, noor, daan, lieke]),
        "org_note": ("lotte", EntryKind.NOTE, Confidentiality.ORGANISATIE, "jeugdwet_taak", 5,
                     "Intern overleg wijkteam over inzet van extra ondersteuning.",
                     [mother]),
        "secrecy": ("gert", EntryKind.ASSESSMENT, Confidentiality.BEROEPSGEHEIM,
                    "toestemming", 9,
                    "Behandelnotitie GGZ over moeder (beroepsgeheim).", [mother]),
        "father": ("ruben", EntryKind.CONVERSATION, Confidentiality.NETWERK, "wmo_vt", 12,
                   "Gesprek met vader over contact met de kinderen.", [father, daan]),
    }
    created = {}
    for key, (author, kind, level, basis, day, text, subjects, *extra) in rows.items():
        user = users[author]
        membership = user.memberships.first()
        entry = Entry(
            household=household, case=case, kind=kind, text=text,
            occurred_at=base + timedelta(days=day), author=user,
            author_discipline=membership.discipline,
            owner_organisation=membership.organisation, confidentiality=level,
            legal_basis=basis, **(extra[0] if extra else {}),
        )
        entry.root_id = entry.id  # the first version is its own root
        entry.save()
        entry.subjects.set(subjects)
        created[key] = entry
    return created
