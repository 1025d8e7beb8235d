"""Life domains of the integral analysis, from rules/life_domains.toml."""

from dataclasses import dataclass
from functools import cache

from netwerkdossier import rules


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    health: bool
    criminal: bool
    source: str

    @property
    def sensitive(self) -> bool:
        """AVG art. 9 or 10 data: shown only to the household's team."""
        return self.health or self.criminal


@cache
def domains() -> dict[str, Domain]:
    return {d["key"]: Domain(d["key"], d["label"], bool(d.get("health")),
                             bool(d.get("criminal")), d["source"])
            for d in rules.load("life_domains")["domain"]}


def sensitive_keys() -> frozenset[str]:
    return frozenset(k for k, d in domains().items() if d.sensitive)


def choices() -> list[tuple[str, str]]:
    return [(d.key, d.label) for d in domains().values()]
