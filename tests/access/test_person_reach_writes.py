"""No application code changes what person reach is derived from behind its back.

The person-reach table (decision 0019) is kept in step by model signals. QuerySet
update(), bulk_create() and bulk_update() send none, so the application may use them on
the source models only for fields the table does not depend on, or in a function that
calls person_reach.refresh()/rebuild() itself. This reads the source (ast) and names
every call that breaks the rule.
"""

import ast
from pathlib import Path

import netwerkdossier

# Source model -> the fields person reach is derived from.
DERIVED_FROM = {
    "TeamAssignment": {"user", "user_id", "case", "case_id", "valid_from", "valid_to"},
    "HouseholdMember": {"household", "household_id", "person", "person_id"},
    "Household": {"created_by", "created_by_id"},
    "Case": {"household", "household_id"},
    "BreakGlass": {"user", "user_id", "household", "household_id", "started_at",
                   "expires_at"},
}
BULK = {"bulk_create", "bulk_update"}
SOURCE = Path(netwerkdossier.__file__).parent


def _root_model(node) -> str | None:
    """The model name a call chain such as Model.objects.filter(...).update starts at."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.attr == "objects":
                return node.value.id
            node = node.value
        else:
            return None


def _refreshes(function) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
               and n.func.attr in {"refresh", "rebuild"} for n in ast.walk(function))


def violations(tree, name) -> list[str]:
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    for function in functions:
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
                continue
            method, model = call.func.attr, _root_model(call.func.value)
            if model not in DERIVED_FROM:
                continue
            if _refreshes(function):
                continue
            if method == "update":
                touched = {k.arg for k in call.keywords}
                if None in touched or touched & DERIVED_FROM[model]:  # None: **kwargs
                    found.append(f"{name}:{call.lineno} {model} update")
            elif method in BULK:
                found.append(f"{name}:{call.lineno} {model} {method}")
    return found


def test_no_write_around_the_person_reach_signals():
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found += violations(ast.parse(path.read_text()), str(path.relative_to(SOURCE)))
    assert found == []


def test_the_check_sees_a_write_around_the_signals():
    code = '''
def end_all(user):
    TeamAssignment.objects.filter(user=user).update(valid_to=today)

def note_deadline(case):
    Case.objects.filter(pk=case.pk).update(next_deadline=None)

def load(rows):
    HouseholdMember.objects.bulk_create(rows)

def load_and_refresh(rows, household):
    HouseholdMember.objects.bulk_create(rows)
    person_reach.refresh([household.pk])

def end_and_refresh(assignment, case):
    TeamAssignment.objects.filter(pk=assignment.pk).update(valid_to=today)
    person_reach.refresh([case.household_id])
'''
    assert violations(ast.parse(code), "x.py") == [
        "x.py:3 TeamAssignment update", "x.py:9 HouseholdMember bulk_create"]
