"""'Wie keek er?' on a phone: the family's access log grouped by day (the local date,
Europe/Amsterdam) and, within a day, by organisation; a fixed number of groups a page.

All queries start from looked.records_about() (the same rules as before: which persons'
log the member reads, granted accesses by professionals, the address-shield exception)
narrowed by the filters. One page reads:

1. the number of (day, organisation) groups: SELECT COUNT(*) FROM (SELECT … GROUP BY
   day, organisation_id);
2. this page's groups: the same GROUP BY with per-group counts, LIMIT/OFFSET;
3. the records of exactly those groups: one OR of (occurred_at in that day, that
   organisation) per group — no record of another page is read;
4. the names of the professionals and organisations of those records (looked.rows()).
The organisation filter's choices are one more SELECT DISTINCT organisation_id.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netwerkdossier.audit.queries import day_start

from . import looked

GROUPS_PER_PAGE = 6
NAMES_SHOWN = 3  # in the one-line summary; the rest are in the details
WHAT_SHOWN = 3
# Only the columns the page shows: not the chain fields or the JSON lists.
FIELDS = ("id", "occurred_at", "user_id", "organisation_id", "role", "responsible_user_id",
          "purpose", "object_type", "event_code", "action", "rule", "break_glass")


@dataclass
class Access:
    """Identical accesses of one group (same person, what, why), with their times."""
    row: looked.LookedRow
    times: list = field(default_factory=list)


@dataclass
class Group:
    day: date
    organisation_id: str
    count: int
    emergency: int
    organisation: str = ""
    people: list = field(default_factory=list)  # "Ruben Bakker (hulpverlener)", by count
    what: list = field(default_factory=list)  # (words, count), most often first
    accesses: list = field(default_factory=list)

    @property
    def who_line(self) -> str:
        """"Ruben Bakker (hulpverlener), Lotte Visser (hulpverlener) en nog 2 anderen"."""
        more = len(self.people) - NAMES_SHOWN
        rest = ngettext("nog %(n)s ander", "nog %(n)s anderen", more) % {"n": more}
        return join_words(self.people[:NAMES_SHOWN], rest if more > 0 else "")

    @property
    def what_line(self) -> str:
        """"bekeek een aantekening (8 keer) en veranderde het veiligheidsplan"."""
        more = len(self.what) - WHAT_SHOWN
        if len(self.what) == 1:  # how often is said already
            return self.what[0][0]
        shown = [_("%(what)s (%(n)s keer)") % {"what": words, "n": n} if n > 1 else words
                 for words, n in self.what[:WHAT_SHOWN]]
        rest = ngettext("nog %(n)s ander ding", "nog %(n)s andere dingen", more) % {"n": more}
        return join_words(shown, rest if more > 0 else "")


def join_words(items: list, last: str = "") -> str:
    """A Dutch list: "a, b en c"."""
    items = [str(i) for i in items] + ([last] if last else [])
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s en %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


@dataclass
class Day:
    day: date
    groups: list


def filtered(records, filters):
    if filters.organisation_id:
        records = records.filter(organisation_id=filters.organisation_id)
    if filters.emergency_only:
        records = records.filter(break_glass=True)
    return records


def grouped(records):
    """(day, organisation) groups of these records, newest day first; within a day the
    organisation that looked most recently first."""
    tz = timezone.get_current_timezone()
    return (records.order_by()
            .annotate(day=TruncDate("occurred_at", tzinfo=tz))
            .values("day", "organisation_id")
            .annotate(n=Count("id"), newest=Max("occurred_at"),
                      emergency=Count("id", filter=Q(break_glass=True)))
            .order_by("-day", "-newest", "organisation_id"))


def _local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def page_of(records, number: int):
    """The paginator page of groups, and the records of its groups (newest first)."""
    page = Paginator(grouped(records), GROUPS_PER_PAGE).get_page(number)
    groups = [Group(g["day"], g["organisation_id"], g["n"], g["emergency"])
              for g in page.object_list]
    if not groups:
        return page, groups, []
    condition = Q(pk__in=[])
    for g in groups:
        condition |= Q(occurred_at__gte=day_start(g.day),
                       occurred_at__lt=day_start(g.day + timedelta(days=1)),
                       organisation_id=g.organisation_id)
    return page, groups, list(records.filter(condition).only(*FIELDS))


def fill(groups: list[Group], records) -> list[Day]:
    """Put the records (in plain words) into their groups; the groups into days."""
    by_key = {(g.day, g.organisation_id): g for g in groups}
    people: dict = {key: Counter() for key in by_key}
    what: dict = {key: Counter() for key in by_key}
    same: dict = {key: {} for key in by_key}
    for record, row in zip(records, looked.rows(records), strict=True):
        key = (_local_day(record.occurred_at), record.organisation_id)
        if key not in by_key:  # cannot happen: the query read these groups only
            continue
        by_key[key].organisation = row.organisation
        people[key][f"{row.who} ({row.role})" if row.role else row.who] += 1
        what[key][str(row.what)] += 1
        facts = (row.who, row.role, row.responsible, str(row.what), row.purpose,
                 str(row.why), row.break_glass)
        access = same[key].setdefault(facts, Access(row))
        access.times.append(row.occurred_at)
    days: list[Day] = []
    for g in groups:
        key = (g.day, g.organisation_id)
        g.people = [name for name, _n in people[key].most_common()]
        g.what = what[key].most_common()
        g.accesses = list(same[key].values())
        if days and days[-1].day == g.day:
            days[-1].groups.append(g)
        else:
            days.append(Day(g.day, [g]))
    return days
