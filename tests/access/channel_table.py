"""The channel table of issue 10: where each information kind is shown, and what every
persona may read of it. Read by test_channel_table.py against the world of
channel_world.py.

SHOWN names, for every kind of the catalogue, the channels that show it: a web page, an
API list or detail, search, an export (the family's download), a portal page, a
notification. A kind no channel shows is in NOT_SHOWN with the reason. A new kind in
access/catalogue.py fails test_every_kind_is_declared until it has a row here.

READS is the expected answer: per persona, the kinds they may read (and the pages they
may open, as the pseudo-kinds "@team" for the pages of a team-type relation). The
answer for one cell follows from it (see expected() in the test):
- anonymous, or the wrong kind of login for the channel: the web and the portal
  redirect to their login, the API answers 401; but a professional asking a portal
  page about one object gets the logged 404 (portal/auth.py refuse_non_family);
- a page whose gate the persona may not read: 404 (and a logged refusal);
- otherwise the marker of the object is on the page when the kind is in READS, and
  absent when it is not.
EXCEPTIONS names the cells where that general form does not say it, each with why.
"""

from dataclasses import dataclass

WEB, API_LIST, API_DETAIL, SEARCH, EXPORT, PORTAL, NOTIFICATION = (
    "web", "api_list", "api_detail", "search", "export", "portal", "notification")
CHANNELS = (WEB, API_LIST, API_DETAIL, SEARCH, EXPORT, PORTAL, NOTIFICATION)
PROFESSIONAL_CHANNELS = (WEB, API_LIST, API_DETAIL, SEARCH, NOTIFICATION)
FAMILY_CHANNELS = (EXPORT, PORTAL)

VISIBLE, HIDDEN, NOT_FOUND, LOGIN, UNAUTHORISED = (
    "visible", "hidden", "404", "login", "401")


@dataclass(frozen=True)
class Show:
    channel: str
    url: str  # formatted with World.ids
    gate: str | None = None  # kind (or "@team") the persona must read to open the page
    marker: str | None = None  # formatted with World.ids; default: the kind's marker
    # What the persona must read to see the marker here, when not the kind itself: a
    # channel that shows one's own things only (a worklist, one's notifications).
    reads_as: str | None = None

    @property
    def api(self) -> bool:
        return self.url.startswith("/api/")


def _household_page(gate="@household", marker=None):
    return Show(WEB, "/huishoudens/{household}", gate, marker)


ENTRY_PAGES = (Show(WEB, "/aantekeningen/{entry}", "aantekening"),
               Show(API_DETAIL, "/api/v1/entries/{entry}", "aantekening"))
CASE_TABLE_PAGE = Show(WEB, "/huishoudens/{household}/casustafels", "@team")
MEETING = (Show(WEB, "/casustafels/{session}/verslag", "overleg"),
           Show(API_DETAIL, "/api/v1/case-tables/{session}/meeting", "overleg"))
PLAN = (Show(WEB, "/trajecten/{case}/veiligheidsplan", "veiligheidsplan"),
        Show(API_DETAIL, "/api/v1/cases/{case}/safety-plan", "veiligheidsplan"))
ANALYSIS = (Show(WEB, "/huishoudens/{household}/analyse", "huishouden"),
            Show(WEB, "/analyse/versies/{analyse}", "analyse"),
            Show(API_LIST, "/api/v1/households/{household}/analysis", "huishouden"),
            Show(API_DETAIL, "/api/v1/analysis-versions/{analyse}", "analyse"))
TEAM = (Show(WEB, "/trajecten/{case}/team", "traject"),
        Show(API_DETAIL, "/api/v1/cases/{case}/team", "traject"))
MEASURE = (Show(WEB, "/maatregelen/{maatregel}", "maatregel"),
           Show(API_DETAIL, "/api/v1/measures/{maatregel}", "maatregel"))
DOWNLOADS = (Show(EXPORT, "/portaal/mijn-gegevens.json"),
             Show(EXPORT, "/portaal/mijn-gegevens.pdf"))

SHOWN = {
    "huishouden": (
        _household_page(),
        Show(API_DETAIL, "/api/v1/households/{household}", "@household"),
        Show(API_LIST, "/api/v1/households", marker="Gezin Jansen"),
        Show(SEARCH, "/zoeken?q=Jansen", marker="Gezin Jansen"),
        Show(PORTAL, "/portaal/"), *DOWNLOADS),
    "persoon": (
        _household_page(),
        Show(API_DETAIL, "/api/v1/persons/{former}", "persoon"),
        Show(API_LIST, "/api/v1/persons?q={given}"),
        Show(SEARCH, "/zoeken?q={given}"),
        Show(SEARCH, "/api/v1/search?q={given}")),
    "lidmaatschap": (
        _household_page(),
        # The API lists current members only; the former one is on the web page.
        Show(API_DETAIL, "/api/v1/households/{household}", "@household",
             marker='"relation": "child"')),
    "gezag": (_household_page(),
              Show(API_DETAIL, "/api/v1/households/{household}", "@household")),
    "traject": (
        _household_page(), Show(WEB, "/trajecten/{case}", "traject"),
        Show(API_LIST, "/api/v1/cases?household={household}"),
        Show(API_DETAIL, "/api/v1/cases/{case}", "traject"),
        Show(PORTAL, "/portaal/"), *DOWNLOADS,
        Show(WEB, "/", marker="Zorgen om veiligheid thuis", reads_as="@own_case")),
    "teamtoewijzing": (
        _household_page(), *TEAM, Show(API_DETAIL, "/api/v1/cases/{case}", "traject"),
        Show(PORTAL, "/portaal/"), *DOWNLOADS),
    "aantekening": (
        _household_page(), *ENTRY_PAGES,
        Show(API_LIST, "/api/v1/entries?household={household}", "@household"),
        Show(PORTAL, "/portaal/aantekeningen"),
        Show(PORTAL, "/portaal/aantekeningen/{entry}", "aantekening"), *DOWNLOADS),
    "bijlage": (*ENTRY_PAGES, Show(WEB, "/bijlagen/{bijlage}", "bijlage")),
    "aantekening_betrokkene": ENTRY_PAGES,  # the names of whom the entry is about
    "melder": (Show(WEB, "/aantekeningen/{report}", "@report"),
               Show(API_DETAIL, "/api/v1/entries/{report}", "@report")),
    "mogelijke_match": (Show(WEB, "/privacy/mogelijke-matches", "@privacy",
                             marker="{match_person}"),),
    "adresafscherming": (
        _household_page(),
        Show(WEB, "/huishoudens/{household}/adresafscherming", "@team"),
        Show(API_LIST, "/api/v1/households/{household}/address-shields", "@team")),
    "toestemming": (
        Show(WEB, "/personen/{lieke}/toestemming", "@team"),
        Show(API_LIST, "/api/v1/persons/{lieke}/consents", "@team")),
    "casustafel": (CASE_TABLE_PAGE, *MEETING),
    "casustafel_deelnemer": (CASE_TABLE_PAGE, *MEETING),
    "casustafel_item": MEETING,
    "noodtoegang": (Show(WEB, "/privacy/noodtoegang", "@privacy"),
                    Show(NOTIFICATION, "/meldingen", marker="Noodtoegang gebruikt door Eva",
                         reads_as="@told_of_break_glass")),
    "toegangslog": (Show(WEB, "/privacy/toegangslog", "@privacy", marker="lars"),
                    Show(PORTAL, "/portaal/wie-keek")),
    "melding_systeem": (Show(NOTIFICATION, "/meldingen"),),
    "eigen_verklaring": (
        Show(WEB, "/aantekeningen/{entry}", "aantekening"),
        Show(WEB, "/correctieverzoeken/{request}", "@corrections"),
        Show(PORTAL, "/portaal/aantekeningen/{entry}", "aantekening"), *DOWNLOADS),
    "correctieverzoek": (
        Show(WEB, "/correctieverzoeken", marker="{request}"),
        Show(WEB, "/correctieverzoeken/{request}", "@corrections"),
        Show(PORTAL, "/portaal/verzoeken"), *DOWNLOADS),
    "overleg_agendapunt": MEETING,
    "overleg_aanwezig": MEETING,
    "overleg_besluit": MEETING,
    "overleg_actie": (*MEETING, Show(WEB, "/", reads_as="@own_action")),
    "analyse": (*ANALYSIS, Show(PORTAL, "/portaal/analyse")),
    "analyse_reactie": (*ANALYSIS, Show(PORTAL, "/portaal/analyse")),
    "instrument": (
        Show(WEB, "/huishoudens/{household}/instrumenten", "huishouden"),
        Show(WEB, "/instrumentuitkomsten/{instrument}", "instrument"),
        Show(API_LIST, "/api/v1/households/{household}/instrument-results", "huishouden"),
        Show(API_DETAIL, "/api/v1/instrument-results/{instrument}", "instrument")),
    "veiligheidsplan": (Show(WEB, PLAN[0].url, "veiligheidsplan", "Volgende controle"),
                        Show(API_DETAIL, PLAN[1].url, "veiligheidsplan", "{plan}")),
    # The portal shows only the family's words of a danger statement, never the
    # statement (tests/portal/test_family_plan.py; docs/decisions/0042).
    "gevarenverklaring": PLAN,
    "kindversie": (PLAN[0],
                   Show(WEB, "/trajecten/{case}/veiligheidsplan/kindversie/afdrukken",
                        "kindversie"),
                   Show(PORTAL, "/portaal/plan-voor-kinderen")),
    "veiligheidsafspraak": (*PLAN, Show(WEB, "/trajecten/{case}", "traject"),
                            Show(API_DETAIL, "/api/v1/cases/{case}/lifecycle", "traject"),
                            Show(PORTAL, "/portaal/")),
    "netwerklid": PLAN,
    "schaalvraag": (Show(API_DETAIL, "/api/v1/cases/{case}/safety-plan", "veiligheidsplan",
                         "{schaalvraag}"),),
    "afspraakstatus": (PLAN[0],),
    "planversie": (Show(WEB, "/trajecten/{case}/veiligheidsplan/versies", "veiligheidsplan"),
                   Show(WEB, "/planversies/{planversie}", "planversie")),
    "fasebesluit": (Show(WEB, "/trajecten/{case}", "traject"),
                    Show(API_DETAIL, "/api/v1/cases/{case}/lifecycle", "traject")),
    "fasevoorstel": (Show(WEB, "/trajecten/{case}", "traject"),),
    "bewaarblokkade": (Show(WEB, "/privacy/bewaartermijnen", "@privacy"),),
    "nacontrole": (Show(API_DETAIL, "/api/v1/cases/{case}/lifecycle", "traject",
                        "{nacontrole}"),),
    "teamwijziging": TEAM,
    "registratiewijziging": (Show(WEB, "/huishoudens/{household}/registratie/geschiedenis",
                                  "registratiewijziging"),),
    # Legal measures (decision 0044): the household page, the measure's page, the API and
    # the portal's decisions page (the family gate: access/measure_family.py).
    "maatregel": (_household_page(), *MEASURE,
                  Show(API_LIST, "/api/v1/households/{household}/measures", "@household"),
                  Show(PORTAL, "/portaal/besluiten")),
    "maatregel_status": (*MEASURE, Show(PORTAL, "/portaal/besluiten")),
    "maatregel_voorwaarde": (_household_page(), *MEASURE,
                             Show(PORTAL, "/portaal/besluiten")),
    "terugkoppeling_melder": (Show(WEB, "/terugkoppelingen/{terugkoppeling}",
                                   "terugkoppeling_melder"),
                              Show(WEB, "/terugkoppelingen/{terugkoppeling}/brief",
                                   "terugkoppeling_melder")),
}

NOT_SHOWN = {
    "overleg": "the report of a case table has no text of its own: its agenda items, "
               "attendance, decisions and actions are its content, each with rows here",
    "bereik": "derived table (who finds a person); never shown, only used by visible()",
    "api_token": "only its prefix is shown once, by the command that creates it",
    "inlogsleutel": "a public key and a name: the name is shown only to its own user on "
                    "/inloggen/sleutels (tests/web/test_passkeys.py), to nobody else",
    "gebruiker": "accounts are not listed; a user's name is shown only as part of a team "
                 "assignment, a participant or an author, which have rows here",
    "medewerker": "memberships are not shown on any page; the organisation of a team "
                  "member is part of the team assignment row",
    "portal_inlog": "a password hash and a TOTP secret: never shown anywhere",
    # Decision records and requests for a measure (issue 14 points 5 and 6): their pages,
    # portal pages and notifications have their own per-persona table in
    # tests/decisions/test_pages.py and test_portal.py; their read rule is in the
    # household-work table (tests/access/test_work_kind_table.py).
    **{key: "shown on /besluitverslagen, /verzoekschriften and /portaal/verzoekschriften; "
            "every persona in tests/decisions/test_pages.py and test_portal.py"
       for key in ("besluitverslag", "besluit_feit", "besluit_visie_gezin",
                   "besluit_afwijkende_mening", "verzoekschrift", "verzoekschrift_toets")},
}

# --- the expected answer -----------------------------------------------------------------

CASE_KINDS = {"huishouden", "persoon", "lidmaatschap", "gezag", "traject", "teamtoewijzing",
              "adresafscherming", "teamwijziging", "registratiewijziging"}
TEAM_PAGES = {"@team", "toestemming", "casustafel", "casustafel_deelnemer"}
MEETING_KINDS = {"overleg", "overleg_agendapunt", "overleg_aanwezig", "overleg_besluit",
                 "overleg_actie"}
ENTRY = {"aantekening", "bijlage", "aantekening_betrokkene", "eigen_verklaring",
         "casustafel_item"}
# The measure is the GI's (civil, about Daan): read by whoever reads the work, as the
# agreements share the GI's decisions; GGZ lacks Daan's consent, the police get only
# VT/RVT decisions.
MEASURES = {"maatregel", "maatregel_status", "maatregel_voorwaarde"}
WORK = {"analyse", "analyse_reactie", "instrument", "veiligheidsplan", "gevarenverklaring",
        "veiligheidsafspraak", "afspraakstatus", "netwerklid", "schaalvraag", "planversie",
        "fasebesluit", "fasevoorstel", "nacontrole", "kindversie"} | MEASURES
# Pages: "@household" the household page (full or minimal), "@team" the pages of a
# team-type relation, "@report" the report entry (another organisation's), "@privacy" the
# privacy officer's pages, "@corrections" the correction requests of one's organisation;
# "@own_case" the case on one's worklist (team members), "@own_action" an action one
# owns, "@told_of_break_glass" the notice of emergency access (the case director and
# the privacy officer, access/break_glass.py _recipients).
TEAM_MEMBER = CASE_KINDS | TEAM_PAGES | MEETING_KINDS | {"@household", "@report", "@own_case"}
OWN_ORGANISATION = {"@corrections", "correctieverzoek"}  # wijkteam Noorderveld owns the entry

# Persona -> (user key in World.users, purpose stated, kinds read, who).
PERSONAS = {
    "wijkteam": ("lotte", "hulpverlening",
                 TEAM_MEMBER | ENTRY | WORK | OWN_ORGANISATION
                 | {"melding_systeem", "@own_action", "@told_of_break_glass"},
                 "wijkteam, casusregisseur; owns the entry and the work"),
    "rvt": ("ruben", "hulpverlening",
            TEAM_MEMBER | ENTRY | WORK | {"melder", "terugkoppeling_melder"},
            "regional safety team; made the report, so reads its reporter and the "
            "feedback it gave"),
    "veilig_thuis": ("vera", "hulpverlening", TEAM_MEMBER | ENTRY | WORK,
                     "Veilig Thuis in the team"),
    "gi": ("gijs", "hulpverlening", TEAM_MEMBER | ENTRY | WORK, "GI in the team"),
    "ggz": ("gert", "hulpverlening", TEAM_MEMBER | {"veiligheidsafspraak"},
            "GGZ: 'team-naar-ggz' needs everyone's consent (Daan gave none); only the "
            "agreement about Sanne, who consented, is shared; reads the report entry"),
    "politie": ("piet", "veiligheidsbeoordeling", TEAM_MEMBER - MEETING_KINDS - {"casustafel"},
                "police: shares only decisions of VT/RVT; this case is led by the local "
                "team, so no work and no entry of the team; the table's basis "
                "(mda-veiligheid) gives the police no seat, so no meeting record and not "
                "the table's title, only that it met and who sat at it"),
    "rvdk": ("rianne", "advies_rechter",
             TEAM_MEMBER - MEETING_KINDS - {"casustafel"} | WORK,
             "Raad: 'raad-onderzoek' shares the work, not the team's conversation; no "
             "seat at an mda-veiligheid table, so no meeting record and not the table's "
             "title"),
    "registrar": ("reza", "hulpverlening",
                  TEAM_MEMBER - {"@own_case"} | ENTRY | WORK | OWN_ORGANISATION,
                  "registered the household; same organisation as the entry"),
    "teammanager": ("tamara", "hulpverlening",
                    TEAM_MEMBER - {"@own_case"} | ENTRY | WORK | OWN_ORGANISATION,
                    "team manager of the lead organisation"),
    "seat_during": ("stella", "veiligheidsbeoordeling",
                    {"aantekening", "bijlage", "aantekening_betrokkene", "eigen_verklaring",
                     "casustafel_item", "casustafel", "casustafel_deelnemer", "@household"}
                    | MEETING_KINDS,
                    "case-table seat while the table runs: the shared entry and the "
                    "meeting, nothing else (decision 0018)"),
    "seat_after": ("sybren", "veiligheidsbeoordeling", set(),
                   "seat of a table that has ended: nothing"),
    "emergency": ("eva", "hulpverlening",
                  (CASE_KINDS | ENTRY | WORK | MEETING_KINDS
                   | {"@household", "@report", "casustafel", "casustafel_deelnemer"}),
                  "emergency access: network-level entries and work, no team pages "
                  "(consent, case tables, shields)"),
    "privacy_officer": ("priya", "hulpverlening",
                        {"@privacy", "noodtoegang", "toegangslog", "mogelijke_match",
                         "@told_of_break_glass", "bewaarblokkade"},
                        "logs and review queues, never a dossier"),
    "outsider": ("olga", "hulpverlening", set(), "wijkteam Zuiderhaven, not involved"),
    "anonymous": ("anonymous", None, set(), "not logged in"),
    # Family members, in the portal and their download (the professional channels are
    # not theirs: login / 401).
    "parent_gezag": ("fam_sanne", None,
                     {"huishouden", "traject", "teamtoewijzing", "aantekening",
                      "eigen_verklaring", "correctieverzoek", "analyse", "analyse_reactie",
                      "veiligheidsafspraak", "toegangslog", "kindversie"} | MEASURES,
                     "Sanne: her entries and Noor's; her own words; the agreement about "
                     "her; the analysis point about Noor (9, her gezag); the plan for "
                     "children (gezag over children of the household); Daan's measure "
                     "(14, her gezag)"),
    "parent_elsewhere": ("fam_mark", None, {"traject", "teamtoewijzing"},
                         "Mark: no gezag, lives elsewhere, the address is shielded from "
                         "him; the entry is not about him"),
    "child_12": ("fam_sem", None, {"huishouden", "traject", "teamtoewijzing", "toegangslog",
                                   "kindversie"},
                 "Sem (12): the entry is not about him; the plan for children"),
    "child_14": ("fam_daan", None,
                 {"huishouden", "traject", "teamtoewijzing", "aantekening", "toegangslog",
                  "kindversie"} | MEASURES,
                 "Daan (14): the entry about him, not his mother's words; the plan for "
                 "children; his own measure"),
    "child_17": ("fam_lieke", None,
                 {"huishouden", "traject", "teamtoewijzing", "aantekening", "toegangslog",
                  "kindversie"},
                 "Lieke (17): the entry about her, not her mother's words; the plan for "
                 "children"),
    "child_9": ("fam_noor", None, set(), "Noor (9): no login of her own"),
}

# (kind, persona, url) -> (expected answer, why): where the general form does not hold.
EXCEPTIONS = {
    ("kindversie", "parent_elsewhere", "/portaal/plan-voor-kinderen"):
        (NOT_FOUND, "a parent without gezag may not read the plan for children: the "
                    "page is the logged 404 (access/family_rules.plan_reading)"),
    ("lidmaatschap", "seat_during", "/api/v1/households/{household}"):
        (VISIBLE, "the minimal picture names the current members with age and relation"),
    ("huishouden", "seat_during", "/huishoudens/{household}"):
        (HIDDEN, "the minimal picture: the household's name, not its address"),
    ("huishouden", "seat_during", "/api/v1/households/{household}"):
        (HIDDEN, "the minimal picture: the household's name, not its address"),
    ("huishouden", "seat_during", "/zoeken?q=Jansen"):
        (VISIBLE, "a seat finds the household by a current member's name (0018)"),
    ("huishouden", "seat_during", "/api/v1/households"):
        (VISIBLE, "the household of a running seat is listed (by name only)"),
}
