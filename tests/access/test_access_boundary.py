"""The access module is the only way to personal data, checked on the source.

1. No module outside access/ and audit/ builds access-log events: the access module
   writes them (access/reads.py), with subjects from the catalogue.
2. Views, endpoints, exports and tasks (the *surface*) reach catalogued models only
   through the access module: a `Model.objects` query of an information kind must be
   handed to visible()/fetch() (directly or through a variable), or be listed below
   with the reason it needs no filter.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps

from netwerkdossier.access.catalogue import KINDS

SRC = Path(__file__).resolve().parents[2] / "src" / "netwerkdossier"
LOGGING_NAMES = {"LogEvent", "append", "access_event", "log_access", "log_accesses"}
# Calls that filter or decide: a catalogued queryset handed to one of these is read
# through the access module.
ACCESS_CALLS = {
    "visible", "visible_in_household", "visible_in_households", "fetch", "fetch_work",
    "fetch_session_work", "visible_session_work", "decide", "decide_session_work",
}

# Surface modules: what answers a request, builds an export or runs as a task.
SURFACE_GLOBS = (
    "web/views/*.py", "web/timeline*.py", "api/*.py", "*/views.py", "*/api.py",
    "*/plan_views.py", "*/views_*.py", "portal/sections.py", "portal/plan_words.py",
    "portal/export.py",
    "portal/access_document.py", "portal/staff.py", "portal/analysis_view.py",
    "*/management/commands/*.py",
)

# path -> {model name: why the query needs no access filter}
ALLOWED_QUERIES: dict[str, dict[str, str]] = {
    # --- web/, households/, dossier/, synthetic/ ---
    "web/views/address_shield.py": {
        "AddressShield": "shields of the household fetch(action=UPDATE) just decided (a "
                         "team-type relation); visible() has no rule of its own for them",
    },
    "api/registration.py": {
        "HouseholdMember": "whether a member id belongs to the household _for_edit() just "
                           "decided (fetch UPDATE and the registration write gate)",
    },
    "web/views/registration_edit.py": {
        "HouseholdMember": "a member of the household household_for_edit() just decided "
                           "(fetch UPDATE and the registration write gate)",
    },
    "web/views/break_glass.py": {
        "Household": "looked up only to start emergency access after validate_request(); "
                     "start_break_glass() records it, an unknown id is the logged 404, and "
                     "nothing of the household is shown",
    },
    "web/views/case_tables.py": {
        "CaseTableSession": "sessions of the household fetch_household(UPDATE) just "
                            "decided: a team-type relation plans and sees all of them",
        "Membership": "the users of the places chosen in the staff picker (running "
                      "content-role memberships, collaboration/staff.py): colleagues' work "
                      "identity, no family data",
    },
    "measures/views.py": {
        "HouseholdMember": "members of the household fetch() just decided with UPDATE and "
                           "the measure kind's write gate (may_register), to choose whom a "
                           "measure is about",
    },
    "web/views/entries.py": {
        "HouseholdMember": "members of the household fetch() just decided with ADD_ENTRY or "
                           "CORRECT (a team-type relation); shown only with it",
        "ReporterIdentity": "the fetched entry's reporter, shown only when "
                            "may_see_reporter() allows (access/reporter.py)",
        "Person": "Prefetch of the subjects of the versions visible() returned",
        "Attachment": "Prefetch of the attachments of the versions visible() returned",
    },
    "web/views/household.py": {
        "HouseholdMember": "members of the household fetch() just decided, beyond a case-"
                           "table seat (a seat gets minimal_picture.members())",
        "Gezag": "gezag of the children of the household fetch() just decided; not on a "
                 "seat's minimal page",
        "TeamAssignment": "Prefetch of the active team of the open cases listed with it",
        "Case": "open cases of the household fetch() just decided; not on a seat's minimal "
                "page, and with any other relation visible() allows all of them",
    },
    "web/views/possible_matches.py": {
        "PossibleMatch": "the privacy officer's own queue, checked by _officer()",
    },
    "web/views/access_log_export.py": {
        "User": "a username the privacy officer typed in the log filter, turned into that "
                "user's id for the export's own log record (no typed text in the log); "
                "reached only from privacy.access_log after _officer()",
    },
    "retention/views_due.py": {
        "Household": "names of the due households on the page, of the privacy officer's own "
                     "organisation (_officer checked the role), logged with record(); and "
                     "the household a hold is set on, after _own_household found a part of "
                     "the organisation in it",
        "Entry": "does the officer's organisation own a part of this household? (existence "
                 "only, nothing of an entry is read)",
        "LegalHold": "the holds of the officer's own organisation",
    },
    "retention/views_requests.py": {
        "CorrectionRequest": "destruction requests of the privacy officer's own organisation "
                             "(_officer checked the role), logged with record(); the entry's "
                             "content is never shown",
    },
    "retention/management/commands/retention.py": {
        "Entry": "owner organisation ids only, to know whose privacy officers to tell",
        "Membership": "the privacy officers to notify",
        "Notification": "the command's own notices to the privacy officers",
    },
    "web/views/privacy.py": {
        "BreakGlass": "the privacy officer's review queue, checked by _officer()",
        "Person": "a BSN turned into person ids for the officer's log search, checked by "
                  "_officer(); only the ids are used, and the search names the person",
        "AccessLogRecord": "an empty queryset: reads nothing",
    },
    "web/views/search.py": {
        "HouseholdMember": "a subquery of the household search condition (the households "
                           "pass visible()), and the memberships shown with a found person, "
                           "of households visible() returns beyond a seat",
        "Person": "a subquery of the household search condition; the households pass "
                  "visible() and the persons shown are visible(Person) themselves",
    },
    "web/timeline.py": {
        "Case": "subquery for the organisation filter options of a household decided "
                "beyond a seat (a seat gets none); only organisation names are shown",
        "TeamAssignment": "subquery for the same organisation filter options",
        "Attachment": "name and size of the attachments of the rows visible_in_household() "
                      "returned",
        "EntrySubject": "who the rows visible_in_household() returned are about",
        "Person": "names of people the shown rows are about who are not (or no longer) "
                  "members",
    },
    "synthetic/management/commands/demo.py": {
        "User": "whether the demo cast is loaded (exists() on its usernames); shows nothing",
    },

    # --- api/, analysis/, cases/ ---
    "api/address_shields.py": {
        "AddressShield": "_shields(): the shields of the household that list_shields and "
                         "create_shield fetched with UPDATE just before (team-type relation)",
    },
    "api/auth.py": {
        "ApiToken": "the bearer token being authenticated, found by the digest of the "
                    "presented secret; only its last_used_at is written, nothing is shown",
    },
    "api/entries.py": {
        "ReporterIdentity": "the reporter of the entry fetch() just decided; its details are "
                            "shown only when may_see_reporter() allows, else only 'redacted'",
    },
    "api/households.py": {
        "Gezag": "household_detail(): gezag of the current children of the household fetch() "
                 "just decided (or the caller just registered); a case-table seat gets "
                 "household_minimal() instead, without gezag",
    },
    "api/queries.py": {
        "Case": "cases_with_team(): a base queryset; every caller hands it to visible() or "
                "fetch()",
        "TeamAssignment": "the current team, prefetched only for the cases visible() or "
                          "fetch() let through",
        "Entry": "entries_full(): a base queryset handed to visible() or fetch(), or (entries."
                 "_created) re-reading the entry add_entry/correct_entry just wrote for ctx",
    },

    "decisions/views.py": {
        "HouseholdMember": "the members of the household whose record fetch() just decided, "
                           "to choose whose view is recorded (as the household page lists them)",
        "DecisionRecord": "whether the open proposal visible() returned already has its one "
                          "decision record (a one-to-one link), before making it",
    },
    # --- portal/, safety/, collaboration/, accounts/ ---
    # Family members: the access module opens the household to them (relation "member");
    # what of the household's work and words they then see is narrowed by the family
    # rules in access/family_rules.py (acts_for, words_q, may_read_words: self, and
    # children under 16 they have current gezag over), which household work's read gate
    # (work_rules.READERS) does not express.
    "portal/views.py": {
        "Notification": "the signed-in member's own notifications (recipient=ctx.user)",
        "OwnStatement": "family rule words_q (access/family_rules.py): own statements and "
                        "those of children under 16 with gezag, beside the entry fetch() "
                        "just decided",
        "CorrectionRequest": "family rule words_q beside the entry fetch() just decided; "
                             "on 'Mijn verzoeken' the member's own (requested_by=ctx.user)",
        "Person": "the subjects of the entries visible() returned (family gate: about the "
                  "member or a child under 16 with gezag), prefetched with them",
    },
    "portal/views_data.py": {
        "Consent": "whether the member themself (given_by=ctx.person_id) gave consent for "
                   "a person may_decide_for() lets them decide for; only an exists()",
    },
    "portal/views_login.py": {
        "User": "the login being completed: the account whose password was just checked "
                "(session) or the family login of the person DigiD identified",
        "Person": "the person with the BSN DigiD just verified: the one logging in",
        "HouseholdMember": "only whether the person logging in is in a household "
                           "(exists(); nothing shown)",
    },
    "portal/sections.py": {
        "SafetyPlan": "the open plans of the household decide() opened to the member "
                      "(rule 'member' checked above); only title and dates are shown",
        "Agreement": "family rule acts_for (access/family_rules.py): only agreements "
                     "about the member and children under 16 with gezag, of the plans "
                     "above",
    },
    "portal/plan_words.py": {
        "DangerStatement": "family rule plan_reading (access/family_rules.py: children of "
                           "the household, parents with gezag), of the plans sections."
                           "safety_plan_rows() opened (rule 'member'); only the family's "
                           "words are loaded (.only), never the professional wording",
        "ChildVersion": "family rule plan_reading (children 12-17 of the household, "
                        "parents with gezag), of the plans safety_plan_rows() opened",
    },
    "portal/access_document.py": {
        "OwnStatement": "family rule words_q, beside entries visible() returned; for a "
                        "professional also beside entries visible() returns them",
        "CorrectionRequest": "family rule words_q: one's own requests, a child's only "
                             "beside entries visible() returned",
        "Consent": "family rule words_q on who gave it, about the persons acts_for() "
                   "names",
        "Person": "the subjects of the entries visible() returned, prefetched with them; "
                  "for a professional the persons acts_for() names, narrowed by "
                  "visible()",
    },
    "portal/analysis_view.py": {
        "HouseholdMember": "the member's own memberships (does the member live there?)",
        "AnalysisVersion": "the household's analysis decide() opened to the member (rule "
                           "'member'); its points are narrowed to the member, the "
                           "children acts_for() names (no health or justice points) and, "
                           "for those who live there, the household (decision 0014)",
        "FamilyResponse": "the member's own response, and others' by family rule words_q",
        "Person": "authors of disagreement rows, each shown only by family rule "
                  "may_read_words",
    },
    # Professionals.
    "portal/staff.py": {
        "CorrectionRequest": "the own organisation's requests (owner_organisation) about "
                             "entries visible() or decide() lets ctx read; one request is "
                             "shown only after decide() on its entry and the owner check",
        "OwnStatement": "the family's statements beside an entry the caller read through "
                        "the access module (hoor en wederhoor: the team reads them)",
    },
    # Operator commands on the server.
    "accounts/management/commands/createtoken.py": {
        "User": "the operator names the professional account to issue a token for",
    },
    "accounts/management/commands/tokens.py": {
        "ApiToken": "operator list and revocation of API tokens: prefix, owner's username, "
                    "scope and dates; no secret, no family data",
    },
    "accounts/management/commands/users.py": {
        "User": "operator list of accounts: username, organisation, role, active; no "
                "names, e-mail addresses or BSNs",
        "Membership": "operator list of accounts: organisation and role of each",
    },
    "web/views/passkeys.py": {
        "Passkey": "the signed-in user's own passkeys only (user=request.user): names and "
                   "dates of one's own credentials; someone else's is a logged 404",
    },
    "accounts/management/commands/secondfactor.py": {
        "User": "the operator names the professional whose second factor to show or reset",
    },

}


def _py_files():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def _rel(path: Path) -> str:
    return str(path.relative_to(SRC))


def test_no_log_events_are_built_outside_the_access_module():
    offenders = []
    for path in _py_files():
        if _rel(path).split("/")[0] in ("access", "audit"):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and (
                    node.module == "netwerkdossier.audit.log"
                    or any(a.name in LOGGING_NAMES for a in node.names)
                    and node.module.startswith("netwerkdossier.access")):
                offenders.append(f"{_rel(path)}:{node.lineno}")
    assert not offenders, (
        "Build no access-log events here; use access.api record()/event() or "
        f"fetch(..., log=True): {offenders}")


def _catalogued_names() -> set[str]:
    return {apps.get_model(k.model_label).__name__ for k in KINDS}


def _surface_files():
    seen = set()
    for pattern in SURFACE_GLOBS:
        for path in sorted(SRC.glob(pattern)):
            if path not in seen and "migrations" not in path.parts:
                seen.add(path)
                yield path


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


class _Finder(ast.NodeVisitor):
    """Finds `Model.objects` of catalogued models per function that do not flow into an
    access call (as an argument, or through a name assigned from them)."""

    def __init__(self, models):
        self.models = models
        self.found = []

    def visit_FunctionDef(self, fn):
        uses = []  # (model, lineno, enclosing assignment target names, ancestor calls)
        handed = set()  # names passed to access calls
        parents = {}
        for parent in ast.walk(fn):
            for child in ast.iter_child_nodes(parent):
                parents[child] = parent
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and _call_name(node) in ACCESS_CALLS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    for sub in ast.walk(arg):
                        if isinstance(sub, ast.Name):
                            handed.add(sub.id)
            if (isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager")
                    and isinstance(node.value, ast.Name) and node.value.id in self.models):
                chain, up, targets = [], parents.get(node), set()
                while up is not None and up is not fn:
                    if isinstance(up, ast.Call):
                        chain.append(_call_name(up))
                    if isinstance(up, ast.Assign | ast.AnnAssign | ast.NamedExpr):
                        tgts = up.targets if isinstance(up, ast.Assign) else [up.target]
                        targets |= {t.id for t in tgts if isinstance(t, ast.Name)}
                    up = parents.get(up)
                uses.append((node.value.id, node.lineno, targets, chain))
        for model, line, targets, chain in uses:
            if ACCESS_CALLS & set(chain) or targets & handed:
                continue
            self.found.append((model, line))
        self.generic_visit(fn)

    visit_AsyncFunctionDef = visit_FunctionDef


def _unfiltered_reads():
    models = _catalogued_names()
    for path in _surface_files():
        finder = _Finder(models)
        finder.visit(ast.parse(path.read_text()))
        for model, line in finder.found:
            yield _rel(path), model, line


def test_surface_reads_catalogued_models_only_through_the_access_module():
    offenders = [f"{path}:{line} {model}" for path, model, line in _unfiltered_reads()
                 if model not in ALLOWED_QUERIES.get(path, {})]
    assert not offenders, (
        "Pass these querysets to visible()/fetch(), or list them in ALLOWED_QUERIES with "
        f"the reason they need no filter: {offenders}")


def test_every_allowance_is_still_needed():
    found = {(path, model) for path, model, _line in _unfiltered_reads()}
    stale = [(p, m) for p, models in ALLOWED_QUERIES.items() for m in models
             if (p, m) not in found]
    assert not stale, f"remove these allowances, the code no longer needs them: {stale}"


@pytest.mark.parametrize("source, expected", [
    ("def f(ctx):\n    return Entry.objects.all()\n", ["Entry"]),
    ("def f(ctx):\n    return visible(ctx, 'read', Entry.objects.all())\n", []),
    ("def f(ctx):\n    qs = Entry.objects.filter(x=1)\n    return visible(ctx, 'r', qs)\n", []),
    ("def f(ctx):\n    return Region.objects.all()\n", []),
])
def test_the_finder_sees_unfiltered_reads(source, expected):
    finder = _Finder({"Entry"})
    finder.visit(ast.parse(source))
    assert [m for m, _ in finder.found] == expected
