"""One household with one object of every information kind, each carrying a marker, and
the personas of issue 10, for the channel table (test_channel_table.py).

Built on the persona cast (synthetic/personas.py, Gezin Jansen: case led by wijkteam
Noorderveld in phase directe_veiligheid; consent 'delen_netwerk' by Sanne for herself,
Noor and Daan, not by Daan himself). Added here:
- Sem (12), a child with Sanne's gezag, so the family rows have a child of 12;
- team members of Veilig Thuis, the Raad, the police and the GI beside the cast's
  wijkteam (Lotte), RVT (Ruben) and GGZ (Gert);
- a registrar (Reza, wijkteam Noorderveld, not in the team) who registered the household;
- a case-table seat during a running session (Stella, Veilig Thuis) and one whose
  session has ended (Sybren, GI);
- an emergency-access grant (Eva, wijkteam Zuiderhaven).
Every marker is a text no other object carries, so "marker in the answer" means "this
object was shown".
"""

import dataclasses
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

MARK = "MK"  # prefix of every marker text


def marker(kind: str) -> str:
    return f"{MARK}-{kind}-x"


@dataclass
class World:
    cast: object
    objects: dict  # kind key -> the object
    users: dict  # user key -> User (None for anonymous)
    markers: dict = field(default_factory=dict)  # kind key -> marker text
    ids: dict = field(default_factory=dict)  # names in the URLs of channel_table.py


def _professional(username, first, last, organisation, role="professional",
                  discipline="maatschappelijk_werker"):
    from netwerkdossier.accounts.models import User
    from netwerkdossier.organisations.models import Membership

    user = User.objects.create(username=username, first_name=first, last_name=last)
    Membership.objects.create(user=user, organisation=organisation, role=role,
                              discipline=discipline,
                              valid_from=timezone.localdate() - timedelta(days=400))
    return user


def _in_team(case, user, role="consultant"):
    from netwerkdossier.cases.models import TeamAssignment

    TeamAssignment.objects.create(case=case, user=user, role=role,
                                  organisation=user.memberships.first().organisation,
                                  valid_from=case.opened_on)


def _family_login(user_model, person, username):
    user = user_model(username=username, kind=user_model.Kind.GEZINSLID, person=person,
                      first_name=person.given_names, last_name=person.family_name)
    user.set_unusable_password()
    user.save()
    return user


def build() -> World:  # noqa: PLR0915 - one object of each kind, in order
    from netwerkdossier.access import person_reach
    from netwerkdossier.access.api import context_for
    from netwerkdossier.access.break_glass import start_break_glass
    from netwerkdossier.access.case_table_service import create_session
    from netwerkdossier.access.models import (
        CaseTableParticipant,
        CaseTableSession,
        Consent,
    )
    from netwerkdossier.accounts.models import User
    from netwerkdossier.accounts.notifications import Notification
    from netwerkdossier.accounts.passkeys import Passkey
    from netwerkdossier.accounts.tokens import ApiToken
    from netwerkdossier.audit.models import AccessLogRecord
    from netwerkdossier.cases.models import (
        FollowUpCheck,
        PhaseProposal,
        PhaseTransition,
        ReporterFeedback,
        TeamAssignment,
    )
    from netwerkdossier.collaboration import meetings
    from netwerkdossier.collaboration.models import TeamChange
    from netwerkdossier.dossier.models import Attachment, EntrySubject, ReporterIdentity
    from netwerkdossier.households.models import (
        AddressShield,
        Gezag,
        HouseholdMember,
        Person,
        PossibleMatch,
        RegistrationChange,
    )
    from netwerkdossier.organisations.models import Membership
    from netwerkdossier.portal.models import CorrectionRequest, OwnStatement, PortalCredential
    from netwerkdossier.portal.services import deadline_for
    from netwerkdossier.retention.models import LegalHold
    from netwerkdossier.safety.models import (
        Agreement,
        AgreementStatusChange,
        ChildVersion,
        DangerStatement,
        NetworkMember,
        PlanVersion,
        SafetyPlan,
        Scaling,
    )
    from netwerkdossier.synthetic.personas import add_family_logins, build_cast

    cast = build_cast()
    regional, wijkteams = cast.skeleton.regional, cast.skeleton.wijkteams
    case, home, today, now = cast.case, cast.household, timezone.localdate(), timezone.now()
    users = dict(cast.users)
    # Team members of the other organisation kinds.
    for username, first, key, discipline in (
            ("vera", "Vera", "veilig_thuis", "vt_medewerker"),
            ("rianne", "Rianne", "rvdk", "raadsonderzoeker"),
            ("piet", "Piet", "politie", "politie"),
            ("gijs", "Gijs", "gi", "jeugdbeschermer")):
        users[username] = _professional(username, first, "Teamlid", regional[key],
                                        discipline=discipline)
        _in_team(case, users[username])
    # The registrar: registered the household, has no place in the team.
    users["reza"] = _professional("reza", "Reza", "Registreerder", wijkteams["Noorderveld"])
    home.created_by = users["reza"]
    home.save(update_fields=["created_by"])
    # Sem (12): a child with his mother's gezag; no consent of his own.
    sem = Person.objects.create(given_names="Sem", family_name="Jansen",
                                birth_date=_born(12), bsn="100000034")
    HouseholdMember.objects.create(household=home, person=sem, relation="child",
                                   valid_from=today - timedelta(days=1000))
    Gezag.objects.create(holder=cast.mother, child=sem, valid_from=sem.birth_date,
                         source="Gezagsregister (synthetisch)")
    objects, markers = {}, {}

    def put(kind, obj, mark):
        objects[kind], markers[kind] = obj, mark
        return obj

    put("huishouden", home, home.street)
    # A person only the household's pages name: a former member.
    former = Person.objects.create(given_names="Pieternella", family_name=marker("persoon"),
                                   birth_date=_born(40))
    put("persoon", former, former.family_name)
    put("lidmaatschap", HouseholdMember.objects.create(
        household=home, person=former, relation="other_adult", lives_in=False,
        valid_from=today - timedelta(days=2000), valid_to=today - timedelta(days=1500)),
        (today - timedelta(days=2000)).strftime("%d-%m-%Y"))
    # Noor had a guardian for her first month: the only gezag of this kind.
    put("gezag", Gezag.objects.create(holder=former, child=cast.noor,
                                      kind="voogdij", valid_from=cast.noor.birth_date,
                                      valid_to=cast.noor.birth_date + timedelta(days=30),
                                      source=marker("gezag")), "voogdij")
    put("traject", case, case.title)
    put("teamtoewijzing", TeamAssignment.objects.get(case=case, user=users["gijs"]),
        "Gijs Teamlid")
    entry = cast.entries["conversation"]
    put("aantekening", entry, entry.text)
    attachment = Attachment(entry=entry, original_name=f"{marker('bijlage')}.pdf",
                            content_type="application/pdf", size=10, sha256="0" * 64)
    attachment.file.save("bijlage.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
    attachment.save()
    put("bijlage", attachment, attachment.original_name)
    put("aantekening_betrokkene", EntrySubject.objects.get(entry=entry, person=cast.noor),
        cast.noor.full_name)
    put("melder", ReporterIdentity.objects.get(entry=cast.entries["report"]), "Marieke Dekker")
    double = Person.objects.create(given_names="Mark", family_name=marker("mogelijke_match"),
                                   birth_date=cast.father.birth_date)
    put("mogelijke_match", PossibleMatch.objects.create(
        new_person=double, existing_person=cast.father, household=home,
        requested_by=users["lotte"],
        requested_by_organisation=wijkteams["Noorderveld"]), marker("mogelijke_match"))
    put("adresafscherming", AddressShield.objects.create(
        household=home, shielded_from=cast.father, reason=marker("adresafscherming"),
        set_by=users["lotte"], set_by_organisation=wijkteams["Noorderveld"]),
        marker("adresafscherming"))
    put("toestemming", Consent.objects.create(
        person=cast.lieke, scope=Consent.Scope.DELEN_NETWERK,
        decision=Consent.Decision.REFUSED, given_by=cast.lieke, recorded_by=users["lotte"],
        note=marker("toestemming")), marker("toestemming"))
    # Case tables: one running (Stella's seat), one ended (Sybren's seat).
    users["stella"] = _professional("stella", "Stella", "Tafelgast", regional["veilig_thuis"],
                                    discipline="vt_medewerker")
    users["sybren"] = _professional("sybren", "Sybren", "Oudgast", regional["gi"],
                                    discipline="jeugdbeschermer")
    running = create_session(context_for(users["lotte"]), home, title=marker("casustafel"),
                             starts_at=now - timedelta(minutes=30),
                             ends_at=now + timedelta(hours=1), usernames=["stella"],
                             entry_ids=[cast.entries["conversation"].pk],
                             basis="mda-veiligheid")
    put("casustafel", running, running.title)
    put("casustafel_deelnemer", CaseTableParticipant.objects.get(session=running,
                                                                 user=users["stella"]),
        "Stella Tafelgast")
    put("casustafel_item", running.items.get(), entry.text)
    ended = CaseTableSession.objects.create(
        household=home, title="Eerdere tafel", agreement=running.agreement,
        basis=running.basis, purpose=running.purpose, legal_basis=running.legal_basis,
        seat_kinds=running.seat_kinds, starts_at=now - timedelta(days=3, hours=2),
        ends_at=now - timedelta(days=3), chair=users["lotte"])
    CaseTableParticipant.objects.create(session=ended, user=users["sybren"])
    ended.items.create(entry=cast.entries["conversation"])
    # Emergency access by Eva of another local team.
    users["eva"] = _professional("eva", "Eva", "Nood", wijkteams["Zuiderhaven"])
    glass = start_break_glass(context_for(users["eva"], purpose="hulpverlening"), home,
                              reason=f"{marker('noodtoegang')}: spoed, gezin onbekend bij mij",
                              purpose="hulpverlening")
    put("noodtoegang", glass, marker("noodtoegang"))
    person_reach.refresh([home.pk])
    put("bereik", person_reach.PersonReach.objects.filter(household=home).first(), None)
    put("melding_systeem", Notification.objects.create(
        recipient=users["lotte"], kind="test", text=marker("melding_systeem")),
        marker("melding_systeem"))
    token = ApiToken.issue(users["lotte"])
    put("api_token", ApiToken.objects.get(user=users["lotte"]), token)
    put("inlogsleutel", Passkey.objects.create(user=users["lotte"], name="Telefoon",
                                               credential_id="Y3JlZA", public_key=b"k"), None)
    put("gebruiker", users["lotte"], None)
    put("medewerker", Membership.objects.get(user=users["lotte"]), None)
    family = add_family_logins(cast)
    family["sem"] = _family_login(User, sem, "sem")
    family["noor"] = _family_login(User, cast.noor, "noor")
    put("portal_inlog", PortalCredential.objects.get(user=family["sanne"]), None)
    put("eigen_verklaring", OwnStatement.objects.create(
        entry=entry, person=cast.mother, written_by=family["sanne"],
        text=marker("eigen_verklaring")), marker("eigen_verklaring"))
    put("correctieverzoek", CorrectionRequest.objects.create(
        entry=entry, owner_organisation_id=entry.owner_organisation_id, kind="correctie",
        reason=marker("correctieverzoek"), person=cast.mother, requested_by=family["sanne"],
        received_at=now, deadline=deadline_for(now)), marker("correctieverzoek"))
    lotte = context_for(users["lotte"], purpose="hulpverlening")
    put("overleg_agendapunt", meetings.add_agenda_item(lotte, running,
                                                       text=marker("overleg_agendapunt")),
        marker("overleg_agendapunt"))
    put("overleg", meetings.meeting_of(running), None)
    put("overleg_aanwezig", meetings.set_attendance(lotte, running,
                                                    usernames=["lotte", "stella"])[1],
        "Stella Tafelgast")
    put("overleg_besluit", meetings.add_decision(lotte, running,
                                                 text=marker("overleg_besluit")),
        marker("overleg_besluit"))
    put("overleg_actie", meetings.add_action(lotte, running,
                                             description=marker("overleg_actie"),
                                             owner="lotte", due_on=today + timedelta(days=7)),
        marker("overleg_actie"))
    # Household work, all of it the local team's.
    org = wijkteams["Noorderveld"]
    from netwerkdossier.analysis import instruments as engine
    from netwerkdossier.analysis.services import administer, respond, save_version

    instrument = dataclasses.replace(engine.get("veiligheidsscan"), title=marker("instrument"))
    result = administer(lotte, home, instrument, cast.daan,
                        {"geweld_volwassenen": 0, "kind_geraakt": 0, "kind_bang": 0,
                         "vertrouwde_volwassene": 1, "afspraken": 2}, today, case=case)
    put("instrument", result, marker("instrument"))
    version = put("analyse", save_version(lotte, home, based_on=None, items=[
        {"domain": "veiligheid", "person": str(cast.noor.pk), "kind": "zorg",
         "text": marker("analyse")}], hypotheses=[], instrument_results=[str(result.pk)],
        case=case), marker("analyse"))
    put("analyse_reactie", respond(lotte, version, cast.mother, False,
                                   marker("analyse_reactie")), marker("analyse_reactie"))
    plan = put("veiligheidsplan", SafetyPlan.objects.create(
        case=case, household=home, updated_by=users["lotte"], owner_organisation=org,
        next_check_on=today + timedelta(days=11)), None)
    # The family's words are written: the portal shows them, never the statement itself.
    put("gevarenverklaring", DangerStatement.objects.create(
        plan=plan, worried_by="School", statement=marker("gevarenverklaring"),
        safety_goal="Veilig", family_statement="Er is ruzie thuis.",
        family_goal="Het is rustig thuis.", created_by=users["lotte"]),
        marker("gevarenverklaring"))
    put("kindversie", ChildVersion.objects.create(
        plan=plan, worries=marker("kindversie"), safe_plan="Bel oma.", helpers="Oma.",
        pictograms=["huis"], updated_by=users["lotte"]), marker("kindversie"))
    agreement = put("veiligheidsafspraak", Agreement.objects.create(
        plan=plan, member=cast.mother, action=marker("veiligheidsafspraak"), owner="Sanne",
        due_on=today, created_by=users["lotte"]), marker("veiligheidsafspraak"))
    put("afspraakstatus", AgreementStatusChange.objects.create(
        agreement=agreement, status="open", note=marker("afspraakstatus"),
        changed_by=users["lotte"]), marker("afspraakstatus"))
    put("netwerklid", NetworkMember.objects.create(plan=plan, name=marker("netwerklid"),
                                                   role="opvang"), marker("netwerklid"))
    put("schaalvraag", Scaling.objects.create(plan=plan, scored_on=today, score=7,
                                              scorer_user=users["lotte"],
                                              recorded_by=users["lotte"]), None)
    put("planversie", PlanVersion.objects.create(
        plan=plan, number=1, created_by=users["lotte"], change=marker("planversie"),
        snapshot={}), marker("planversie"))
    put("fasebesluit", PhaseTransition.objects.create(
        case=case, from_phase="melding", to_phase="directe_veiligheid",
        decided_by=users["lotte"], rationale=marker("fasebesluit")), marker("fasebesluit"))
    put("fasevoorstel", PhaseProposal.objects.create(
        case=case, from_phase=case.phase, to_phase="duurzame_veiligheid",
        rationale=marker("fasevoorstel"), family_agrees="ja", proposed_by=users["lotte"],
        proposed_role="casusregisseur", proposed_organisation=org), marker("fasevoorstel"))
    put("bewaarblokkade", LegalHold.objects.create(
        household=home, organisation=wijkteams["Noorderveld"], reason="klacht",
        explanation=marker("bewaarblokkade"), until=today + timedelta(days=30),
        set_by=users["priya"]), marker("bewaarblokkade"))
    put("nacontrole", FollowUpCheck.objects.create(case=case, months=3, due_on=today,
                                                   outcome=marker("nacontrole")),
        marker("nacontrole"))
    put("teamwijziging", TeamChange.objects.create(
        case=case, kind="toewijzing", role="vast_duo", decided_by=users["lotte"],
        decided_by_organisation=org, effective_on=today, reason=marker("teamwijziging")),
        marker("teamwijziging"))
    put("registratiewijziging", RegistrationChange.objects.create(
        household=home, target="gezag", target_id=str(objects["gezag"].pk), version=2,
        what="gezag_changed", person=cast.noor, before={}, after={},
        source_kind="beschikking", reason=marker("registratiewijziging"),
        changed_by=users["lotte"], changed_by_organisation=org),
        marker("registratiewijziging"))
    # Feedback to the reporter by the organisation that received the report (a letter).
    report = cast.entries["report"]
    put("terugkoppeling_melder", ReporterFeedback.objects.create(
        case=case, report_id=report.root_id, moment="na_veiligheidsbeoordeling",
        follow_up_started=True, follow_up_by=[marker("terugkoppeling_melder")],
        reporter_has_role=False, channel=ReporterFeedback.Channel.LETTER,
        given_by=users["ruben"], given_by_organisation=report.owner_organisation),
        marker("terugkoppeling_melder"))
    # A legal measure about Daan (14), recorded by the GI (civil): its case number, its
    # status's source and its area ban carry the markers.
    from netwerkdossier.measures import services as measures
    from netwerkdossier.measures.services import ConditionIn, StatusIn

    granted = today - timedelta(days=10)
    measure = put("maatregel", measures.register(
        context_for(users["gijs"], purpose="hulpverlening"), home, person_id=cast.daan.pk,
        measure_key="ots", authority_kind="Kinderrechter", authority_name="Rechtbank",
        case_number=marker("maatregel"),
        first=StatusIn(status="toegewezen", status_on=granted, starts_on=granted,
                       source_reference=marker("maatregel_status")),
        conditions=[ConditionIn(kind="gebiedsverbod", area=marker("maatregel_voorwaarde"))]),
        marker("maatregel"))
    put("maatregel_status", measure.history.get(), marker("maatregel_status"))
    put("maatregel_voorwaarde", measure.conditions.get(), marker("maatregel_voorwaarde"))
    # Someone looked: Lars read the household, about everyone but the father.
    users["lars"] = _professional("lars", "Lars", "Kijker", wijkteams["Noorderveld"])
    from netwerkdossier.access.api import record

    record(context_for(users["lars"], purpose="hulpverlening"), "household.read", [home],
           known_subjects=[cast.mother, cast.noor, cast.daan, cast.lieke, sem])
    put("toegangslog", AccessLogRecord.objects.order_by("pk").last(), "Lars Kijker")
    users.update({f"fam_{name}": user for name, user in family.items()})
    users["anonymous"] = None
    ids = {"household": home.pk, "case": case.pk, "entry": entry.pk,
           "report": cast.entries["report"].pk, "lieke": cast.lieke.pk,
           "former": former.pk, "given": former.given_names,
           "bijlage": attachment.pk, "session": running.pk, "analyse": version.pk,
           "instrument": result.pk, "planversie": objects["planversie"].pk,
           "request": objects["correctieverzoek"].pk, "match_person": double.pk,
           "plan": plan.pk,
           "schaalvraag": objects["schaalvraag"].pk, "nacontrole": objects["nacontrole"].pk,
           "terugkoppeling": objects["terugkoppeling_melder"].pk,
           "maatregel": objects["maatregel"].pk}
    return World(cast=cast, objects=objects, users=users, markers=markers,
                 ids={k: str(v) for k, v in ids.items()})


def _born(years: int):
    from netwerkdossier.synthetic.personas import _born as born

    return born(years)
