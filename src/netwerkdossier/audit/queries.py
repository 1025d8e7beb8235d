"""The privacy officer's questions to the access log (NEN 7513): filtered record lists and
"opvallende patronen" (unusual patterns).

subject_ids and object_ids are JSON lists of id strings. Membership is tested in SQL on
both databases: PostgreSQL uses jsonb containment (`@>`) on the columns cast to jsonb
(they are stored as `json`, text kept as written, decision 0047); SQLite has no JSON
containment in Django, so it matches the quoted id in the JSON text (`LIKE '%"<id>"%'`).
For lists of UUID strings that is exact: a quoted 36-character UUID can only match a
whole element (ids are written lowercase, as str(uuid); SQLite's LIKE would also match
an uppercase copy, PostgreSQL's @> would not). Both scan the rows left after the
indexed period / user filters; a GIN index on subject_ids would make the PostgreSQL form
indexable (not added yet).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection, models
from django.db.models import Count, Q
from django.db.models.fields.json import DataContains
from django.db.models.functions import Cast
from django.utils import timezone

from netwerkdossier import rules
from netwerkdossier.access.relation_rules import RELATIONS

from .models import AccessLogRecord

SEARCH_EVENTS_SUFFIX = ".search"  # result lists: a household shown in a list is not opened


def json_list_has(field_name: str, value) -> Q:
    """Rows whose JSON list `field_name` holds the string `value`; same result on both
    databases (see the module docstring)."""
    value = str(value).lower()
    if connection.features.supports_json_field_contains:
        return Q(_JsonbContains(Cast(field_name, models.JSONField()), [value]))
    return Q(**{f"{field_name}__icontains": f'"{value}"'})


class _JsonbContains(DataContains):
    """`lhs @> rhs` as a boolean expression usable in Q() (the lhs a jsonb cast)."""

    conditional = True


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the site's time zone (Europe/Amsterdam)."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class LogFilter:
    person_ids: list = field(default_factory=list)  # any of these in subject_ids
    username: str = ""
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    break_glass_only: bool = False
    result: str = ""

    def queryset(self):
        records = AccessLogRecord.objects.all()
        if self.date_from:
            records = records.filter(occurred_at__gte=day_start(self.date_from))
        if self.date_to:
            records = records.filter(occurred_at__lt=day_start(self.date_to + timedelta(days=1)))
        if self.username:
            records = records.filter(username=self.username)
        if self.break_glass_only:
            records = records.filter(break_glass=True)
        if self.result:
            records = records.filter(result=self.result)
        if self.person_ids:
            condition = Q(pk__in=[])
            for person_id in self.person_ids:
                condition |= json_list_has("subject_ids", person_id)
            records = records.filter(condition)
        return records.order_by("-occurred_at", "-id")


def break_glass_activity(glass) -> dict:
    """What was logged under one emergency access: all records in its window, and how
    often the household itself was opened."""
    records = AccessLogRecord.objects.filter(
        user_id=str(glass.user.uuid), break_glass=True, result=AccessLogRecord.Result.GRANTED,
        occurred_at__gte=glass.started_at, occurred_at__lte=glass.expires_at,
    ).exclude(event_code="break_glass.start")
    # One query per grant: both counts in one aggregate.
    return records.aggregate(
        records=Count("id"),
        household_reads=Count("id", filter=Q(object_type="household", action="R")
                              & json_list_has("object_ids", glass.household_id)),
    )


# --- opvallende patronen ---------------------------------------------------------------

@dataclass
class Pattern:
    kind: str  # "outside_team", "refusals", "break_glass_unreviewed"
    user_id: str
    username: str
    organisation_id: str
    count: int
    filters: dict = field(default_factory=dict)  # query string for the filtered log
    since: datetime | None = None


# The rule of a granted household read is the relation that allowed it (access/
# relation_rules.py). The team-type relations (team, registrar, and manager for a team
# manager within their own organisation) and a family member's own household are
# ordinary work; the relations marked outside_team are the ways in from outside.
OUTSIDE_TEAM_RULES = tuple(r.name for r in RELATIONS if r.outside_team)


def thresholds() -> dict:
    data = rules.load("break_glass")
    return {"households": int(data["unusual_households_outside_team"]),
            "refusals": int(data["unusual_refusals"])}


def _outside_team(since, until, threshold) -> list[Pattern]:
    """Professionals who opened more than `threshold` distinct households through a
    relation outside their own work (OUTSIDE_TEAM_RULES: emergency access or a case-table
    seat). Filtered in SQL, households counted in Python (a record's object_ids is a
    JSON list): linear in the matching records of the period."""
    records = (AccessLogRecord.objects
               .filter(occurred_at__gte=since, occurred_at__lt=until, action="R",
                       result=AccessLogRecord.Result.GRANTED, object_type="household",
                       rule__in=OUTSIDE_TEAM_RULES)
               .exclude(event_code__endswith=SEARCH_EVENTS_SUFFIX)
               .values_list("user_id", "username", "organisation_id", "object_ids"))
    households = defaultdict(set)
    who = {}
    for user_id, username, organisation_id, object_ids in records.iterator(chunk_size=2000):
        households[user_id].update(object_ids)
        who[user_id] = (username, organisation_id)
    return [Pattern("outside_team", user_id, who[user_id][0], who[user_id][1], len(ids),
                    {"professional": who[user_id][0], "resultaat": "granted"})
            for user_id, ids in households.items() if len(ids) > threshold]


def _refusals(since, until, threshold) -> list[Pattern]:
    rows = (AccessLogRecord.objects
            .filter(occurred_at__gte=since, occurred_at__lt=until,
                    result=AccessLogRecord.Result.REFUSED)
            .values("user_id", "username", "organisation_id")
            .annotate(n=Count("id")).filter(n__gt=threshold).order_by("-n"))
    return [Pattern("refusals", r["user_id"], r["username"], r["organisation_id"], r["n"],
                    {"professional": r["username"], "resultaat": "refused"}) for r in rows]


def _unreviewed_break_glass(until) -> list[Pattern]:
    from netwerkdossier.access.models import BreakGlass

    uses = (BreakGlass.objects.filter(reviewed_at__isnull=True, started_at__lt=until)
            .select_related("user").order_by("started_at"))
    return [Pattern("break_glass_unreviewed", str(g.user.uuid), g.user.username,
                    str(g.organisation_id), 1,
                    {"professional": g.user.username, "btg": "1"}, since=g.started_at)
            for g in uses]


def unusual_patterns(since: datetime, until: datetime, threshold: int | None = None,
                     refusal_threshold: int | None = None) -> list[Pattern]:
    """Unusual patterns in [since, until): many households outside the team, many
    refusals, and every emergency access not yet reviewed (whenever it started)."""
    limits = thresholds()
    threshold = limits["households"] if threshold is None else threshold
    refusal_threshold = limits["refusals"] if refusal_threshold is None else refusal_threshold
    found = sorted(_outside_team(since, until, threshold), key=lambda p: -p.count)
    found += _refusals(since, until, refusal_threshold)
    found += _unreviewed_break_glass(until)
    return found
