"""Make the OpenAPI document say what the API does (issue 11, point 7).

ninja documents every answer as application/json. Here, after ninja built the document:
every error answer is application/problem+json with the Problem schema (as errors.py
answers), and every operation lists the errors every request can meet: 400 (bad query
characters, X-Purpose), 401, 413/415 for writes, 403 for a write with a read-only token,
404 where the path names an object, 422 where input is validated, 500. The X-Purpose
header is documented on every operation.
"""

from .errors import TITLES

PROBLEM_TYPE = "application/problem+json"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
WRITES = frozenset({"post", "put", "patch", "delete"})
PURPOSE_HEADER = {
    "name": "X-Purpose", "in": "header", "required": False,
    "schema": {"type": "string", "examples": ["hulpverlening", "advies_rechter"]},
    "description": ("Doel van uw werk. Verplicht als uw organisatie voor meer dan één doel "
                    "werkt; anders geldt het enige mogelijke doel."),
}


def _problem(status: int) -> dict:
    return {"description": TITLES.get(status, "Fout"),
            "content": {PROBLEM_TYPE: {"schema": PROBLEM_REF}}}


def _errors_of(path: str, method: str, operation: dict) -> set[int]:
    codes = {400, 401, 500}
    if "{" in path:
        codes.add(404)
    if method in WRITES:
        codes |= {403, 413, 415, 422}
    if operation.get("parameters"):
        codes.add(422)
    return codes


def honest(document: dict) -> dict:
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in _errors_of(path, method, operation):
                responses.setdefault(status, _problem(status))
            for status, answer in list(responses.items()):
                if int(status) >= 400:
                    schema = (answer.get("content") or {}).get("application/json", {}).get(
                        "schema", PROBLEM_REF)
                    answer["content"] = {PROBLEM_TYPE: {"schema": schema}}
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name") == "X-Purpose" for p in parameters):
                parameters.append(PURPOSE_HEADER)
    return document
