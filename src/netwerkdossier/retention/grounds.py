"""The destruction rules of rules/destruction.toml: the term for a request, the grounds
to refuse one, and the reasons for a legal hold (decision 0035). Checked at load, so a
typo fails at start and never at a destruction."""

from dataclasses import dataclass
from functools import cache

from dateutil.relativedelta import relativedelta

from netwerkdossier import rules as rule_files


@dataclass(frozen=True)
class Ground:
    key: str
    label: str
    source: str
    confirmed: bool
    family_text: str = ""
    note: str = ""


@cache
def _data() -> dict:
    data = rule_files.load("destruction")
    problems = []
    for section in ("refusal", "hold"):
        for record in data.get(section, []):
            missing = {"key", "label", "source", "confirmed"} - set(record)
            if missing:
                problems.append(f"{section} {record.get('key', '?')}: mist {sorted(missing)}")
            if record.get("confirmed") is False and not record.get("note"):
                problems.append(f"{section} {record.get('key')}: onbevestigd zonder toelichting")
            if section == "refusal" and not record.get("family_text"):
                problems.append(f"refusal {record.get('key')}: mist family_text")
    if not isinstance(data.get("request", {}).get("destroy_within_months"), int):
        problems.append("request: destroy_within_months ontbreekt")
    if problems:
        raise ValueError("destruction.toml: " + "; ".join(problems))
    return data


def _grounds(section: str) -> tuple[Ground, ...]:
    return tuple(Ground(**{k: v for k, v in r.items() if k in Ground.__dataclass_fields__})
                 for r in _data()[section])


def refusal_grounds() -> tuple[Ground, ...]:
    return _grounds("refusal")


def hold_reasons() -> tuple[Ground, ...]:
    return _grounds("hold")


def refusal(key: str) -> Ground | None:
    return next((g for g in refusal_grounds() if g.key == key), None)


def hold_reason(key: str) -> Ground | None:
    return next((g for g in hold_reasons() if g.key == key), None)


def request_term() -> relativedelta:
    """How long after receipt a granted request must be carried out."""
    return relativedelta(months=_data()["request"]["destroy_within_months"])


def request_source() -> str:
    return _data()["request"]["source"]
