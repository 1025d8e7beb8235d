"""The catalogue of information kinds: every model that holds personal data, in one place.

Each kind says how to reach its household and the people it is about, which field holds
its owner organisation, its data category (general, health, criminal, third party,
reporter identity, address), its confidentiality, its version chain, and which rule of
the access module governs it. The access module derives its decisions and SQL filters
for household work and timeline entries from these declarations (access/work_rules.py,
access/entry_rules.py); the access matrix for the privacy officer (access/matrix.py) is
generated from them; and the system check below fails when a model of the project is
neither in the catalogue nor declared to hold no personal data of families — so a new
object kind cannot escape the access model by being forgotten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.core import checks
from django.utils.translation import gettext_lazy as _

from .conditions import Both, Const, Stricter

NETWERK = 10  # dossier.models.Confidentiality.NETWERK, without importing models here

# How a kind is governed. "household_work" kinds are decided by work_rules.py from their
# roles; the others have a rule module of their own, named here for the matrix.
HOUSEHOLD_WORK = "household_work"
# An object about the whole household (the integral analysis): everyone in it.
HOUSEHOLD_MEMBERS = "household_members"
SELF = "self"  # the object is a person
ENTRY_SUBJECTS = "entry_subjects"  # the people of the timeline entry it belongs to
# The people who live at the household's address today: an address shield protects them,
# and must never name the person the address is shielded from (households/shields.py).
RESIDENTS = "residents"
GOVERNED_BY = {
    "household": "access/relations.py",
    "person": "access/policy.py (_decide_person) en access/person_reach.py",
    "case": "access/policy.py (trajecten; geen casustafel)",
    "entry": "access/entry_rules.py",
    HOUSEHOLD_WORK: "access/work_rules.py",
    "case_table": "access/case_table_service.py en access/case_table_meetings.py",
    "own_account": "alleen de eigen gebruiker",
    "family_portal": "portal (eigen gegevens van het gezinslid)",
    "privacy_officer": "functionaris gegevensbescherming (audit)",
    "derived": "afgeleid; volgt de soort waarvan het is afgeleid",
    "reporter_feedback": "access/reporter_feedback.py (de melder aan wie het gericht is, en "
                         "de organisatie die de melding ontving)",
}


@dataclass(frozen=True)
class InformationKind:
    key: str
    model_label: str
    label: str
    governed_by: str
    household: str | None = None  # lookup path to the household ("plan__household")
    # role -> field path on the row, or Const for a role with one value for the kind.
    roles: dict = field(default_factory=dict)
    subjects: str | None = None  # "subjects" (through EntrySubject), a person FK, or None
    categories: tuple = ("algemeen",)
    versions: str = ""  # Dutch: how versions are kept
    writer_kinds: tuple = ()  # organisation kinds whose team members may create one
    shared_with_team: bool = False  # every team-type relation reads it (no sharing gate)
    log_name: str = ""  # object type in the access log, when not the model's name

    @property
    def log_type(self) -> str:
        """The object type of its access-log records ("analysis_version")."""
        name = self.model_label.split(".")[1]
        return self.log_name or re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def subjects_model(self):
        """(through model, its field, the row's field it matches) for many subjects, or
        (None, None, None) for one person field on the row."""
        if self.subjects == "subjects":
            from netwerkdossier.dossier.models import EntrySubject

            return EntrySubject, "entry_id", "pk"
        if self.subjects == HOUSEHOLD_MEMBERS:
            from netwerkdossier.households.models import HouseholdMember

            return HouseholdMember, "household_id", f"{self.household}_id"
        return None, None, None

    def subjects_of(self, obj) -> list:
        if self.subjects is None:
            return []
        if self.subjects == "subjects":
            return list(obj.subjects.all())
        if self.subjects == HOUSEHOLD_MEMBERS:
            from netwerkdossier.households.models import Person

            return list(Person.objects.filter(memberships__household_id=self.household_id_of(obj)))
        if self.subjects == SELF:
            return [obj]
        if self.subjects == RESIDENTS:
            from netwerkdossier.households.models import Person

            from .rules_common import active_on

            return list(Person.objects.filter(
                active_on("memberships__"), memberships__lives_in=True,
                memberships__household_id=self.household_id_of(obj)))
        if self.subjects == ENTRY_SUBJECTS:
            return list(obj.entry.subjects.all())
        person = getattr(obj, self.subjects)
        return [person] if person is not None else []

    def household_id_of(self, obj):
        from .conditions import resolve

        # The household kind itself has the empty path: the object is the household.
        return resolve(obj, f"{self.household}_id") if self.household else obj.pk


ALL_ORG = ("wijkteam", "rvt", "veilig_thuis", "gi")  # the organisations doing safety work
EVERY_KIND = ("wijkteam", "rvt", "veilig_thuis", "rvdk", "gi", "ggz", "politie", "om",
              "gemeente", "huisarts", "school", "other")

# Roles every household-work kind names. "kind" is the entry kind the sharing agreements
# use for it (rules/sharing_agreements.toml), so one agreement governs entries and work.
NETWORK_LEVEL, NEVER = Const(NETWERK), Const(False)


def _work(kind: str, owner: str, phase: str | None, *, confidentiality=NETWORK_LEVEL,
          health=NEVER, criminal=NEVER, author: str | None = None,
          discipline: str | None = None) -> dict:
    return {
        "owner": owner, "kind": Const(kind), "confidentiality": confidentiality,
        "health": health, "criminal": criminal, "third_party": NEVER,
        "phase": phase if phase else Const(None),
        "author": author or Const(None), "discipline": discipline or Const(""),
        "secrecy_release": Const(""),
    }


# Roles of a timeline entry (access/entry_rules.py). A version is as protected as its
# chain (decision 0021): level, categories and secrecy release are the stricter of the
# version's own value and its chain's, and both "vertrouwelijk voor" must admit a reader.
ENTRY_ROLES = {
    "owner": "owner_organisation_id", "kind": "kind", "phase": "case__phase",
    "author": "author_id", "discipline": "author_discipline", "root": "root_id",
    "current": "is_current",
    "confidentiality": Stricter("confidentiality", "chain_confidentiality", (10, 20, 30)),
    **{role: Stricter(column, f"chain_{column}", (False, True)) for role, column in (
        ("health", "health_data"), ("criminal", "criminal_data"),
        ("third_party", "third_party_data"))},
    # From the most open release to none (dossier.models.RELEASE_OPENNESS, reversed).
    "secrecy_release": Stricter("secrecy_release", "chain_secrecy_release",
                                ("conflict_van_plichten", "toestemming", "")),
    "confidential_for": Both("confidential_for_member_id",
                             "chain_confidential_for_member_id"),
}

KINDS: tuple[InformationKind, ...] = (
    InformationKind("huishouden", "households.Household", _("Huishouden en adres"), "household",
                    household="", subjects=HOUSEHOLD_MEMBERS, categories=("algemeen", "adres")),
    InformationKind("persoon", "households.Person", _("Persoon (naam, geboortedatum, BSN)"),
                    "person", subjects=SELF, categories=("algemeen", "bsn")),
    InformationKind("lidmaatschap", "households.HouseholdMember", _("Gezinslid en relatie"),
                    "household", household="household", subjects="person"),
    InformationKind("gezag", "households.Gezag", _("Gezag"), "person", subjects="child"),
    InformationKind("traject", "cases.Case", _("Traject en fase"), "case",
                    household="household"),
    InformationKind("teamtoewijzing", "cases.TeamAssignment", _("Team van een traject"),
                    "case", household="case__household"),
    InformationKind("aantekening", "dossier.Entry", _("Aantekening in de tijdlijn"), "entry",
                    household="household", subjects="subjects", roles=ENTRY_ROLES,
                    categories=("algemeen", "gezondheid", "strafrechtelijk", "derden",
                                "melder"),
                    versions=_("Correcties zijn nieuwe versies met dezelfde root.")),
    InformationKind("bijlage", "dossier.Attachment", _("Bijlage bij een aantekening"), "entry",
                    household="entry__household", subjects=ENTRY_SUBJECTS),
    InformationKind("aantekening_betrokkene", "dossier.EntrySubject",
                    _("Over wie een aantekening gaat"), "entry",
                    household="entry__household", subjects="person"),
    InformationKind("melder", "dossier.ReporterIdentity", _("Identiteit van de melder"),
                    "entry", categories=("melder",)),
    # Feedback to the reporter: like the reporter's identity, it names no household or
    # person in the log, so the family's "Wie keek er?" never shows the reporter.
    InformationKind("terugkoppeling_melder", "cases.ReporterFeedback",
                    _("Terugkoppeling aan de melder"), "reporter_feedback",
                    categories=("melder",)),
    InformationKind("mogelijke_match", "households.PossibleMatch",
                    _("Mogelijk dezelfde persoon (BSN bij registratie)"), "privacy_officer",
                    household="household", subjects="new_person", categories=("bsn",)),
    InformationKind("adresafscherming", "households.AddressShield",
                    _("Afscherming van een adres voor een persoon"), "household",
                    household="household", subjects=RESIDENTS, categories=("adres",)),
    InformationKind("toestemming", "access.Consent", _("Toestemming van een gezinslid"),
                    "person", subjects="person"),
    InformationKind("casustafel", "access.CaseTableSession", _("Casustafel"), "case_table",
                    household="household", log_name="case_table"),
    InformationKind("casustafel_deelnemer", "access.CaseTableParticipant",
                    _("Deelnemer aan een casustafel"), "case_table",
                    household="session__household"),
    InformationKind("casustafel_item", "access.CaseTableItem",
                    _("Gedeelde aantekening op een casustafel"), "case_table",
                    household="session__household", subjects=ENTRY_SUBJECTS),
    InformationKind("noodtoegang", "access.BreakGlass", _("Noodtoegang"), "privacy_officer",
                    household="household"),
    # Names no one but says a household's file is kept for a court case or complaint:
    # only the privacy officer of the organisation whose part it holds (web/views/retention).
    InformationKind("bewaarblokkade", "retention.LegalHold",
                    _("Blokkade van vernietiging (legal hold)"), "privacy_officer",
                    household="household"),
    InformationKind("bereik", "access.PersonReach", _("Afgeleid: wie een persoon vindt"),
                    "derived", household="household"),
    InformationKind("toegangslog", "audit.AccessLogRecord", _("Toegangslog (NEN 7513)"),
                    "privacy_officer", log_name="access_log"),
    InformationKind("melding_systeem", "accounts.Notification", _("Melding aan een gebruiker"),
                    "own_account"),
    InformationKind("api_token", "accounts.ApiToken", _("API-token"), "own_account"),
    InformationKind("inlogsleutel", "accounts.Passkey", _("Inlogsleutel (passkey)"),
                    "own_account"),
    InformationKind("gebruiker", "accounts.User", _("Gebruiker"), "own_account"),
    InformationKind("medewerker", "organisations.Membership",
                    _("Medewerker van een organisatie"),
                    "own_account"),
    InformationKind("eigen_verklaring", "portal.OwnStatement",
                    _("Eigen verklaring van een gezinslid"),
                    "family_portal", household="entry__household", subjects="person"),
    InformationKind("correctieverzoek", "portal.CorrectionRequest", _("Correctieverzoek"),
                    "family_portal", household="entry__household", subjects="person"),
    InformationKind("portal_inlog", "portal.PortalCredential", _("Inloggegevens gezinsportaal"),
                    "own_account"),
    InformationKind("overleg", "collaboration.Meeting", _("Verslag van een casustafel (MDA++)"),
                    "case_table", household="session__household",
                    log_name="case_table_meeting"),
    InformationKind("overleg_agendapunt", "collaboration.AgendaItem", _("Agendapunt"),
                    "case_table", household="meeting__session__household"),
    InformationKind("overleg_aanwezig", "collaboration.Attendance", _("Aanwezigen"),
                    "case_table", household="meeting__session__household"),
    InformationKind("overleg_besluit", "collaboration.MeetingDecision", _("Besluit van overleg"),
                    "case_table", household="meeting__session__household"),
    InformationKind("overleg_actie", "collaboration.FollowUpAction", _("Actie uit overleg"),
                    "case_table", household="meeting__session__household"),
    # --- household work: decided from these declarations by access/work_rules.py ---
    InformationKind("analyse", "analysis.AnalysisVersion", _("Integrale analyse"),
                    HOUSEHOLD_WORK, household="household",
                    # Health and criminal-law points are shown only where
                    # ANALYSIS_SPECIAL_POINTS holds (analysis/presentation.py hides them).
                    roles=_work("analysis", "owner_organisation_id", "case__phase",
                                author="created_by_id", discipline="author_discipline"),
                    subjects=HOUSEHOLD_MEMBERS,
                    categories=("algemeen",),
                    versions=_("Elke versie blijft; een nieuwe versie vervangt niets."),
                    writer_kinds=ALL_ORG),
    InformationKind("analyse_reactie", "analysis.FamilyResponse",
                    _("Reactie van het gezin op de analyse"), HOUSEHOLD_WORK,
                    household="household",
                    # Read like the version it answers (its special points stay hidden).
                    roles=_work("analysis", "version__owner_organisation_id",
                                "version__case__phase"),
                    subjects=HOUSEHOLD_MEMBERS, log_name="analysis_response",
                    writer_kinds=ALL_ORG),
    InformationKind("instrument", "analysis.InstrumentResult", _("Uitkomst van een instrument"),
                    HOUSEHOLD_WORK, household="household",
                    roles=_work("assessment", "owner_organisation_id", "case__phase",
                                health="health_data", author="recorded_by_id",
                                discipline="author_discipline"),
                    subjects="person", categories=("algemeen", "gezondheid"),
                    writer_kinds=(*ALL_ORG, "ggz", "rvdk")),
    InformationKind("veiligheidsplan", "safety.SafetyPlan", _("Veiligheidsplan"),
                    HOUSEHOLD_WORK, household="household", subjects=HOUSEHOLD_MEMBERS,
                    roles=_work("agreement", "owner_organisation_id", "case__phase"),
                    versions=_("Elke wijziging schrijft een planversie."),
                    writer_kinds=ALL_ORG),
    *(InformationKind(key, f"safety.{model}", label, HOUSEHOLD_WORK,
                      household="plan__household", subjects=subjects,
                      log_name="safety_plan_version" if model == "PlanVersion" else "",
                      roles=_work("agreement", "plan__owner_organisation_id",
                                  "plan__case__phase"), writer_kinds=ALL_ORG)
      for key, model, label, subjects in (
          # A part is about the whole household, as the plan is: consent of every
          # member opens it, as it opens the plan. A score too: one by a professional
          # names no member, one by a member is read in the plan beside the others'.
          # Only an agreement is about the one member it is made with.
          ("gevarenverklaring", "DangerStatement", _("Gevarenverklaring en veiligheidsdoel"),
           HOUSEHOLD_MEMBERS),
          ("veiligheidsafspraak", "Agreement", _("Veiligheidsafspraak"), "member"),
          ("netwerklid", "NetworkMember", _("Netwerk van het gezin"), HOUSEHOLD_MEMBERS),
          ("schaalvraag", "Scaling", _("Schaalvraag"), HOUSEHOLD_MEMBERS),
          ("planversie", "PlanVersion", _("Versie van het veiligheidsplan"),
           HOUSEHOLD_MEMBERS),
          ("kindversie", "ChildVersion",
           _("Het plan voor kinderen (woorden en tekeningen)"), HOUSEHOLD_MEMBERS))),
    InformationKind("afspraakstatus", "safety.AgreementStatusChange",
                    _("Status van een veiligheidsafspraak"), HOUSEHOLD_WORK,
                    household="agreement__plan__household",
                    roles=_work("agreement", "agreement__plan__owner_organisation_id",
                                "agreement__plan__case__phase"), writer_kinds=ALL_ORG),
    InformationKind("fasebesluit", "cases.PhaseTransition",
                    _("Besluit over fase of route (triage)"), HOUSEHOLD_WORK,
                    household="case__household",
                    roles=_work("decision", "case__lead_organisation_id", "case__phase"),
                    writer_kinds=ALL_ORG),
    # A phase decision waiting for the second pair of eyes: read like the decision.
    InformationKind("fasevoorstel", "cases.PhaseProposal",
                    _("Voorstel voor een fasebesluit (vier ogen)"), HOUSEHOLD_WORK,
                    household="case__household",
                    roles=_work("decision", "case__lead_organisation_id", "case__phase"),
                    writer_kinds=ALL_ORG),
    InformationKind("nacontrole", "cases.FollowUpCheck", _("Nacontrole na afsluiten"),
                    HOUSEHOLD_WORK, household="case__household",
                    roles=_work("decision", "case__lead_organisation_id", "case__phase"),
                    writer_kinds=ALL_ORG),
    InformationKind("teamwijziging", "collaboration.TeamChange",
                    _("Wijziging in het team (overdracht)"), HOUSEHOLD_WORK,
                    household="case__household",
                    roles=_work("team", "decided_by_organisation_id", "case__phase"),
                    writer_kinds=EVERY_KIND, shared_with_team=True),
    # A change to a household's registration (members, address, gezag) with its old and
    # new values (decision 0039): every team-type relation reads the history; the owner
    # organisation and the organisations doing the safety work write it (not police, GGZ
    # or the Raad). An address change is about the residents (households/registration.py).
    InformationKind("registratiewijziging", "households.RegistrationChange",
                    _("Wijziging van de registratie (leden, adres, gezag) met bron"),
                    HOUSEHOLD_WORK, household="household", subjects="person",
                    roles=_work("registration", "household__owner_organisation_id", None),
                    categories=("algemeen", "adres"),
                    versions=_("Elke wijziging blijft met de oude en nieuwe waarden."),
                    writer_kinds=ALL_ORG, shared_with_team=True),
    # Legal measures about one person (decision 0044): read like decisions under the
    # sharing agreements (entry kind "decision"), with the catalogue's categories - a
    # criminal-law measure is criminal data, a care measure (Wvggz, Wzd) health data -
    # so the gates treat them as they treat such entries. Written by the organisation
    # kinds rules/measure_recorders.toml names for the measure's law (the "law" role,
    # access/work_rules.py). Family members read their own, and a parent with gezag a
    # child's under 16 unless it is criminal (access/measure_family.py, the "subject"
    # role). A status and a condition are read like their measure.
    *(InformationKind(key, f"measures.{model}", label, HOUSEHOLD_WORK,
                      household=f"{via}household", subjects="person",
                      roles={**_work("decision", f"{via}owner_organisation_id",
                                     f"{via}case__phase", health=f"{via}health_data",
                                     criminal=f"{via}criminal_data"),
                             "law": f"{via}law", "subject": "person_id"},
                      categories=("algemeen", "gezondheid", "strafrechtelijk"),
                      versions=versions, writer_kinds=EVERY_KIND)
      for key, model, label, via, versions in (
          ("maatregel", "Measure", _("Maatregel over een gezinslid (civiel, bestuurlijk, "
                                     "strafrechtelijk of zorg)"), "",
           _("Elke status blijft als eigen record met een momentopname van de maatregel.")),
          ("maatregel_status", "MeasureStatus", _("Status van een maatregel, met bron"),
           "measure__", _("Wordt nooit gewijzigd.")),
          ("maatregel_voorwaarde", "MeasureCondition",
           _("Voorwaarde van een maatregel (contact- of gebiedsverbod)"), "measure__", ""))),
    # Decision records and requests for a measure (issue 14 points 5 and 6, decisions/):
    # read like decisions under the sharing agreements (entry kind "decision") of the
    # decision's owner organisation, in its case's phase; never by emergency access or a
    # case-table seat. Only the owner organisation writes the record, its facts, the
    # family's views it heard and the request; any team member may record dissent, and
    # the reviewer of another organisation the review (the services check who). The
    # family reads a draft shared with them: its person, and a parent with gezag over a
    # child under 16; a family view only its own member (access/decision_family.py).
    *(InformationKind(key, f"decisions.{model}", label, HOUSEHOLD_WORK,
                      household="household", subjects="person",
                      roles={**_work("decision", f"{via}owner_organisation_id",
                                     f"{via}case__phase"),
                             **({"family": f"{via}shared_with_family", "subject": "person_id"}
                                if family else {})},
                      versions=versions, writer_kinds=writers, log_name=log_name)
      for key, model, label, via, family, writers, log_name, versions in (
          ("besluitverslag", "DecisionRecord",
           _("Besluitverslag (feiten met bron, visie van het gezin, afwijkende meningen, "
             "bezwaar)"), "", True, (), "decision_record", ""),
          ("besluit_feit", "Fact", _("Feit onder een besluit, met bron"), "decision__",
           True, (), "decision_fact", ""),
          ("besluit_visie_gezin", "FamilyView",
           _("Visie van een gezinslid op een feit of een concept (hoor en wederhoor)"),
           "decision__", True, (), "decision_family_view",
           _("Elke visie blijft; de nieuwste per feit en gezinslid geldt.")),
          ("besluit_afwijkende_mening", "Dissent", _("Afwijkende mening in het team"),
           "decision__", False, EVERY_KIND, "decision_dissent", _("Wordt nooit gewijzigd.")),
          ("verzoekschrift", "MeasureRequest",
           _("Verzoek om een maatregel (verzoekschrift), met cliëntondersteuning"),
           "decision__", True, (), "measure_request", ""),
          ("verzoekschrift_toets", "Review",
           _("Onafhankelijke toets van een verzoekschrift"), "request__decision__", False,
           EVERY_KIND, "measure_request_review",
           _("Een beantwoorde toets wordt nooit gewijzigd.")))),
)

# The health and criminal-law points of an analysis version: not a model of their own
# but a part of one, decided with the version's real category flags and for the team
# relation only (docs/decisions/0014).
ANALYSIS_SPECIAL_POINTS = InformationKind(
    "analyse_bijzondere_punten", "analysis.AnalysisVersion",
    _("Integrale analyse: punten over gezondheid en justitie"), HOUSEHOLD_WORK,
    household="household", subjects=HOUSEHOLD_MEMBERS,
    roles=_work("analysis", "owner_organisation_id", "case__phase", health="health_data",
                criminal="criminal_data", author="created_by_id",
                discipline="author_discipline"),
    categories=("gezondheid", "strafrechtelijk"))

# Models that hold no personal data of families, each with the reason.
NOT_PERSONAL = {
    "organisations.Region": "regio: geen persoonsgegevens",
    "organisations.Organisation": "organisatie: geen persoonsgegevens",
    "access.SharingAgreement": "samenwerkingsafspraak: regels, geen persoonsgegevens",
    "access.SharingRule": "regel van een afspraak: geen persoonsgegevens",
    "audit.ChainHead": "kop van de hashketen: alleen een hash en een volgnummer",
    "audit.UnchainedRecord": "wachtrij van de hashketen: volgnummers en hashes van logregels",
    "audit.ChainLink": "schakel van de hashketen: een volgnummer en hashes van een logregel",
    "portal.LoginThrottle": "tellers tegen raden van wachtwoorden: alleen een hash",
    "portal.QuestionnaireResponse": "ervaringsvragenlijst: anoniem per organisatie",
    # Monitoring (docs/decisions/0045): no names, BSN or free text; a household or case
    # only as a keyed pseudonym whose key is not in the database. Pseudonymous data is
    # still personal data (AVG, overweging 26): no page, API or export reads an event;
    # only the aggregation does, and the dashboards show suppressed counts, and the
    # research export (monitoring/exchange/research.py: four eyes, research pseudonyms,
    # generalised dates, refused below k = 5, logged by access/monitoring_exchange.py).
    "monitoring.Event": "monitoringsgebeurtenis: codes, datums en aantallen, gezin en "
                        "traject alleen als pseudoniem met een sleutel buiten de database",
    "monitoring.Area": "gemeente van een regio: geen persoonsgegevens",
    "monitoring.Aggregate": "indicatorcijfer per periode en gebied: alleen aantallen",
    "monitoring.RefreshState": "stand van de verversing: een volgnummer en een tijd",
    "monitoring.QuestionnaireAnswer": "antwoord van een proeftuinregio op de vragenlijst: "
                                      "een getal of keuze over de regio, geen gezin",
    "monitoring.ContextFigure": "CBS-contextcijfer per gemeente en jaar: openbare aantallen",
    "monitoring_exchange.ImportedRegion": "ingelezen regio-export: welke regio, perioden, "
                                          "sleutel en moment, geen gezin",
    "monitoring_exchange.ImportedCell": "cijfer van een ingelezen regio: door de regio "
                                        "afgeschermde aantallen",
    "monitoring_exchange.ResearchRequest": "aanvraag van een onderzoeksexport: project, "
                                           "kolommen, aantallen en wie; geen rij van de export",
}

_BY_LABEL = {k.model_label: k for k in KINDS}


def kind_for(model) -> InformationKind | None:
    return _BY_LABEL.get(model._meta.label)


def work_kind_for(model) -> InformationKind | None:
    kind = kind_for(model)
    return kind if kind is not None and kind.governed_by == HOUSEHOLD_WORK else None


def unclassified_models() -> list[str]:
    """Models of the project that are neither an information kind nor declared to hold
    no personal data of families."""
    return sorted(
        m._meta.label for m in apps.get_models()
        if m.__module__.startswith("netwerkdossier.")
        and m._meta.label not in _BY_LABEL and m._meta.label not in NOT_PERSONAL)


@checks.register()
def catalogue_is_complete(app_configs=None, **kwargs):
    errors = [checks.Error(
        f"{label} is not in the catalogue of information kinds",
        hint="Add it to access/catalogue.py KINDS with how it is reached and governed, or "
             "to NOT_PERSONAL with the reason it holds no personal data of families.",
        id="netwerkdossier.E101") for label in unclassified_models()]
    for kind in KINDS:
        if kind.model_label not in {m._meta.label for m in apps.get_models()}:
            errors.append(checks.Error(f"catalogue names unknown model {kind.model_label}",
                                       id="netwerkdossier.E102"))
        if kind.governed_by == HOUSEHOLD_WORK:
            missing = {"owner", "kind", "confidentiality", "health", "criminal", "phase"} \
                - set(kind.roles)
            if missing or not kind.household:
                errors.append(checks.Error(
                    f"{kind.key} lacks {sorted(missing) or 'household'}",
                    id="netwerkdossier.E103"))
    return errors
