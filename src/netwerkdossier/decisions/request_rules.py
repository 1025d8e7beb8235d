"""The rules of a request for a measure as data (rules/measure_requests.toml): who drafts
it for which catalogue requester, the family's response period, the independent review
and client support - loaded and checked once, every problem named in Dutch."""

from dataclasses import dataclass
from datetime import date
from functools import cache

from netwerkdossier import rules
from netwerkdossier.measures.catalogue import UNITS, Period


class RequestRulesError(ValueError):
    pass


@dataclass(frozen=True)
class RequestRules:
    requesters: dict  # organisation kind -> catalogue requester name
    response: Period
    response_source: str
    response_confirmed: bool
    response_note: str
    other_organisation: bool
    review_source: str
    support_source: str

    def respond_by(self, shared_on: date) -> date:
        return self.response.after(shared_on)

    def requester_for(self, organisation_kind: str) -> str | None:
        return self.requesters.get(organisation_kind)


@cache
def request_rules() -> RequestRules:
    data = rules.load("measure_requests")
    problems, requesters = [], {}
    for row in data.get("requester", []):
        if not row.get("name") or not row.get("kinds") or not row.get("source"):
            problems.append(f"verzoeker {row!r}: naam, soorten en bron zijn verplicht")
            continue
        for kind in row["kinds"]:
            requesters[kind] = row["name"]
    response = data.get("response", {})
    period = response.get("period") or {}
    if len(period) != 1 or next(iter(period), "") not in UNITS:
        problems.append("response.period: één periode in years, months, weeks of days")
    for section in ("response", "review", "support"):
        if not data.get(section, {}).get("source"):
            problems.append(f"{section}: bron ontbreekt")
        if data.get(section, {}).get("confirmed") is False and \
                not data[section].get("note"):
            problems.append(f"{section}: onbevestigd zonder toelichting")
    if problems:
        raise RequestRulesError("measure_requests.toml: " + "; ".join(problems))
    (unit, amount), = period.items()
    return RequestRules(
        requesters=requesters, response=Period(int(amount), unit),
        response_source=response["source"],
        response_confirmed=bool(response.get("confirmed", False)),
        response_note=response.get("note", ""),
        other_organisation=bool(data["review"].get("other_organisation", True)),
        review_source=data["review"]["source"], support_source=data["support"]["source"])
