"""What has passed its retention period: an organisation's part of each household's file
(parts.py: its entries and household work), computed again from the facts of today
(decision 0035). The part is found by the entries the organisation owns, and its period
computed for the information kind "aantekening" (every kind of a part falls under the
same rule of the organisation's kind in rules/retention.toml today).

The facts of a part, read from the household (documented choices, for the reviewer):
- help ended: the day the household's last case closed, unknown while any case is open
  or none exists;
- the children: the birth dates of the household's members with the relation child; the
  young person of the file: the youngest child (the later date: never destroyed early);
- criminal only: every entry of the part is marked criminal-law information;
- last change: the newest entry of the part;
- OTS / voogdij, gezag ended or adoption: unknown until measures are recorded (issue 14),
  so rules that need them give "not yet known", never a date.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q
from django.utils import timezone

from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.models import Entry
from netwerkdossier.households.models import Household, HouseholdMember
from netwerkdossier.uuids import parse_uuid

from .facts import Facts
from .holds import held_households
from .outcome import RetentionOutcome, Status
from .periods import destroy_from

INFO_KIND = "aantekening"
CHUNK = 5000


@dataclass
class Part:
    household_id: object
    household_name: str
    entries: int  # entries (all versions counted once)
    outcome: RetentionOutcome
    held: bool
    today: date

    @property
    def due(self) -> bool:
        return (self.outcome.status is Status.KNOWN and not self.held
                and self.outcome.destroy_from <= self.today)

    @property
    def legal_basis(self) -> str:
        """The tombstone's rule: the retention rule that decided."""
        return f"bewaartermijn:{self.outcome.decided_by.key}"


def _chunks(items: list):
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _facts(household_ids: list) -> dict:
    ended: dict = {}
    for row in (Case.objects.filter(household_id__in=household_ids).values("household_id")
                .annotate(open=Count("id", filter=Q(closed_on__isnull=True)),
                          last=Max("closed_on"))):
        ended[row["household_id"]] = None if row["open"] else row["last"]
    children: dict = defaultdict(list)
    for household_id, born in HouseholdMember.objects.filter(
            household_id__in=household_ids, relation=HouseholdMember.Relation.CHILD
    ).values_list("household_id", "person__birth_date"):
        children[household_id].append(born)
    return {"ended": ended, "children": children}


def parts(organisation, today: date | None = None, households=None) -> list[Part]:
    """Every part this organisation owns (or only those in `households`), with its
    outcome for today."""
    today = today or timezone.localdate()
    owned = Entry.objects.filter(owner_organisation=organisation)
    if households is not None:
        owned = owned.filter(household_id__in=list(households))
    rows = list(owned.values("household_id")
                .annotate(n=Count("root_id", distinct=True), last=Max("recorded_at"),
                          not_criminal=Count("id", filter=Q(criminal_data=False)))
                .order_by())
    found: list[Part] = []
    for chunk in _chunks(rows):
        ids = [r["household_id"] for r in chunk]
        facts = _facts(ids)
        names = dict(Household.objects.filter(pk__in=ids).values_list("pk", "name"))
        held = held_households(organisation.pk, ids, today)
        for r in chunk:
            hid = r["household_id"]
            kids = tuple(sorted(facts["children"].get(hid, ())))
            part_facts = Facts(
                help_ended=facts["ended"].get(hid), children_birth_dates=kids,
                person_birth_date=kids[-1] if kids else None,
                last_change=timezone.localtime(r["last"]).date(),
                criminal_only=r["not_criminal"] == 0)
            found.append(Part(hid, names.get(hid, ""), r["n"],
                              destroy_from(organisation.kind, INFO_KIND, part_facts),
                              hid in held, today))
    return found


def due_parts(organisation, today: date | None = None, *, of=None) -> list[Part]:
    """The parts whose period has passed and that no legal hold stops, oldest first
    (`of`: from these parts, already computed)."""
    found = parts(organisation, today) if of is None else of
    return sorted((p for p in found if p.due),
                  key=lambda p: (p.outcome.destroy_from, p.household_name))


def destroy_due(ctx, organisation, household_ids, today: date | None = None) -> dict:
    """Destroy the parts of these households that are due today, each in a transaction
    of its own (one failure stops nothing else). Computed again here: a part that is
    not due (any more), or held, is skipped and reported, never destroyed.
    The caller has checked that ctx is the organisation's privacy officer."""
    from .parts import destroy_part

    wanted = {str(h) for h in household_ids}
    valid = [h for h in wanted if parse_uuid(h)]
    by_id = {str(p.household_id): p for p in parts(organisation, today, valid)}
    done, skipped = [], sorted(wanted - set(by_id))
    for hid, part in by_id.items():
        if not part.due:
            skipped.append(hid)
            continue
        destroy_part(ctx, organisation.pk, part.household_id, legal_basis=part.legal_basis)
        done.append(hid)
    return {"destroyed": done, "skipped": skipped}

