"""Turn a version's stored content into what a reader may see, for pages and the API.

Health and criminal-law points (and hypotheses that use them) are left out for a reader
outside the team; the reader is told how many were left out (see docs/decisions/0014).
"""

from dataclasses import dataclass, field

from . import domains as dom
from .models import ItemKind
from .services import is_sensitive_item, sensitive_hypothesis


@dataclass
class Shown:
    items: list = field(default_factory=list)  # dicts with labels added
    by_domain: list = field(default_factory=list)  # [(Domain, [item, ...])]
    hypotheses: list = field(default_factory=list)
    family_view: str = ""
    disagreements: list = field(default_factory=list)
    instrument_results: list = field(default_factory=list)  # ids
    hidden_items: int = 0
    hidden_hypotheses: int = 0
    person_ids: set = field(default_factory=set)


def present(content: dict, persons: dict, sees_sensitive: bool) -> Shown:
    """``persons``: {str(person id): Person} of the household."""
    kinds = dict(ItemKind.choices)
    domains = dom.domains()
    all_items = content.get("items", [])
    by_n = {i["n"]: i for i in all_items}
    shown = Shown(family_view=content.get("family_view", ""),
                  disagreements=content.get("disagreements", []),
                  instrument_results=content.get("instrument_results", []))
    visible_n = set()
    for item in all_items:
        if is_sensitive_item(item) and not sees_sensitive:
            shown.hidden_items += 1
            continue
        person = persons.get(item.get("person") or "")
        if person is not None:
            shown.person_ids.add(person.pk)
        domain = domains.get(item["domain"])
        shown.items.append({**item, "kind_label": kinds.get(item["kind"], item["kind"]),
                            "domain_label": domain.label if domain else item["domain"],
                            "person_name": person.full_name if person else "",
                            "sensitive": is_sensitive_item(item)})
        visible_n.add(item["n"])
    for domain in domains.values():
        rows = [i for i in shown.items if i["domain"] == domain.key]
        if rows:
            shown.by_domain.append((domain, rows))
    for hypothesis in content.get("hypotheses", []):
        if sensitive_hypothesis(hypothesis, by_n) and not sees_sensitive:
            shown.hidden_hypotheses += 1
            continue
        shown.hypotheses.append({
            **hypothesis,
            "factor_items": [i for i in shown.items if i["n"] in hypothesis["factors"]],
            "worry_items": [i for i in shown.items if i["n"] in hypothesis["worries"]],
        })
    return shown


def persons_by_id(persons) -> dict:
    return {str(p.pk): p for p in persons}
