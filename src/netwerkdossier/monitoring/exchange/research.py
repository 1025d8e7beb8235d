"""The research export (issue 15, point 7; docs/decisions/0049): one row per case from the
monitoring event table, with research pseudonyms, generalised dates and chosen
quasi-identifiers; refused unless k-anonymity holds: every combination of the
quasi-identifiers occurs for at least 5 families (kanon.py), counted over this export
together with the project's earlier exports, which the same pseudonyms would let a
researcher join. Asked for by the programme team, approved and run by a privacy officer;
every step logged with who, the columns, the rows and the k."""

import csv
import hashlib
import hmac
import io
import re
import uuid
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access import monitoring_exchange as gate
from netwerkdossier.access.reads import event
from netwerkdossier.web.exports import safe_cell

from ..models import Area, Event
from . import kanon
from .models import ResearchRequest
from .research_columns import ALWAYS, BY_KEY, COLUMNS, quasi_identifiers

MIN_KEY_BYTES = 32
PROJECT = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")


@dataclass
class CaseFacts:
    household: str = ""
    case: str = ""
    region: str = ""
    municipality: str = ""
    report_kind: str = ""
    reported_on: date | None = None
    closed_on: date | None = None
    route: str = ""
    members: int | None = None
    children: int | None = None
    triage_days: int | None = None
    measures: int = 0
    seen: set = field(default_factory=set)


def research_pseudonym(key: bytes, project: str, kind: str, monitoring_key) -> str:
    """A pseudonym for one project: HMAC-SHA256 of the monitoring pseudonym with the
    research key. Without the research key it cannot be linked to the event table; two
    projects get unlinkable pseudonyms."""
    digest = hmac.new(key, f"{project}:{kind}:{monitoring_key}".encode(),
                      hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16]))


def check_key(key: bytes) -> bytes:
    key = key.strip()
    monitoring = getattr(settings, "MONITORING_KEY", "").encode()
    if len(key) < MIN_KEY_BYTES:
        raise gate.ExchangeRefused(_("De onderzoekssleutel is te kort: gebruik minstens "
                                     "%(n)s tekens.") % {"n": MIN_KEY_BYTES})
    if monitoring and hmac.compare_digest(key, monitoring.strip()):
        raise gate.ExchangeRefused(_("De onderzoekssleutel moet een andere sleutel zijn dan "
                                     "de monitoringsleutel."))
    return key


def case_facts() -> list[CaseFacts]:
    """The facts of every case with a report, from the event table."""
    regions = dict(Event.objects.values_list("region_id", "region__code").distinct())
    municipalities = dict(Area.objects.values_list("pk", "municipality"))
    cases: dict = {}
    columns = ("kind", "code", "occurred_on", "region_id", "area_id", "household_key",
               "case_key", "members", "children", "value")
    for kind, code, on, region, area, household, case, members, children, value in (
            Event.objects.filter(case_key__isnull=False).order_by("occurred_on", "pk")
            .values_list(*columns).iterator(chunk_size=20_000)):
        facts = cases.setdefault(case, CaseFacts(household=household, case=case))
        if kind == Event.Kind.REPORT and facts.reported_on is None:
            facts.reported_on, facts.report_kind = on, code
            facts.members, facts.children = members, children
            facts.region = regions.get(region, "")
            facts.municipality = municipalities.get(area, "")
        elif kind == Event.Kind.TRIAGE and facts.triage_days is None:
            facts.triage_days = value
        elif kind == Event.Kind.ROUTE:
            facts.route = code
        elif kind == Event.Kind.CLOSED:
            facts.closed_on = on
        elif kind == Event.Kind.MEASURE:
            facts.measures += 1
    return [f for f in cases.values() if f.reported_on is not None]


def rows(columns: list[str], key: bytes, project: str) -> list[dict]:
    found = []
    for facts in case_facts():
        values = {c: BY_KEY[c].value(facts) for c in columns}
        values["huishouden"] = research_pseudonym(key, project, "huishouden", facts.household)
        values["traject"] = research_pseudonym(key, project, "traject", facts.case)
        found.append(values)
    return found


def checked_columns(columns) -> list[str]:
    unknown = [c for c in columns if c not in BY_KEY]
    if unknown:
        raise gate.ExchangeRefused(_("Onbekende kolom: %(cols)s. Kies uit: %(known)s.") % {
            "cols": ", ".join(unknown), "known": ", ".join(c.key for c in COLUMNS)})
    chosen = [c for c in BY_KEY if c in ALWAYS or c in columns]  # catalogue order
    if not quasi_identifiers(chosen):
        raise gate.ExchangeRefused(_("Kies minstens één kenmerk naast de pseudoniemen."))
    return chosen


def request(ctx, project: str, columns) -> ResearchRequest:
    """The programme team asks for an export (nothing is read yet)."""
    ctx = gate.research_request_context(ctx)
    if not PROJECT.match(project or ""):
        raise gate.ExchangeRefused(_(
            "Geef het project een naam van kleine letters, cijfers en streepjes (2 tot 60 "
            "tekens), bijvoorbeeld veiligheid-na-afsluiten."))
    chosen = checked_columns(columns)
    with transaction.atomic():
        found = ResearchRequest.objects.create(project=project, columns=chosen,
                                               requested_by=ctx.user)
        event(ctx, gate.RESEARCH_REQUEST, "C", object_type=gate.OBJECT_TYPE_RESEARCH,
              object_ids=[found.pk, project, "kolommen=" + ",".join(chosen)],
              rule="programme_team_request")
    return found


def earlier_columns(found: ResearchRequest) -> set:
    """The columns of the project's exports already made: a researcher can join them to
    this one on the pseudonyms."""
    done = ResearchRequest.objects.filter(project=found.project,
                                          status=ResearchRequest.Status.DONE).exclude(
        pk=found.pk).values_list("columns", flat=True)
    return {c for columns in done for c in columns}


def _log(ctx, found, result: str, n: int, k: int, columns) -> None:
    event(ctx, gate.RESEARCH_APPROVE, "E", object_type=gate.OBJECT_TYPE_RESEARCH,
          object_ids=[found.pk, found.project, "kolommen=" + ",".join(columns),
                      f"rijen={n}", f"k={k}"],
          result=result, rule="four_eyes_privacy_officer")


def approve(ctx, request_id: int, key: bytes) -> tuple[ResearchRequest, bytes]:
    """A privacy officer approves and runs the export: (the request, the CSV bytes).
    Refused (ExchangeRefused, logged) when k < 5; the request then records the k."""
    found = ResearchRequest.objects.filter(pk=request_id).first()
    if found is None or found.status != ResearchRequest.Status.REQUESTED:
        raise gate.ExchangeRefused(_("Er is geen openstaande aanvraag met nummer "
                                     "%(n)s.") % {"n": request_id})
    ctx = gate.research_approve_context(ctx, found)
    key = check_key(key)
    columns = found.columns
    joined = [c for c in BY_KEY if c in set(columns) | earlier_columns(found)]
    extract = rows(joined, key, found.project)  # only `columns` are written
    together = quasi_identifiers(joined)
    result = kanon.check(extract, together, unit="huishouden")
    now = timezone.now()
    if not result.passed:
        with transaction.atomic():
            ResearchRequest.objects.filter(pk=found.pk).update(
                status=ResearchRequest.Status.REFUSED_K, decided_by=ctx.user, decided_at=now,
                rows=len(extract), k=result.k)
            _log(ctx, found, "refused", len(extract), result.k, columns)
        raise gate.ExchangeRefused(_(
            "De export voldoet niet aan k-anonimiteit: k = %(k)s, er moet minstens %(min)s "
            "zijn. %(groups)s "
            "combinatie(s) van de kenmerken %(qi)s komen bij minder dan %(min)s gezinnen "
            "voor (%(rows)s rijen). Kies minder kenmerken of grovere (bijvoorbeeld kwartaal in "
            "plaats van maand).") % {"k": result.k, "min": kanon.K,
                                     "groups": result.rare_groups, "rows": result.rare_rows,
                                     "qi": ", ".join(together)})
    content = to_csv(columns, extract)
    with transaction.atomic():
        ResearchRequest.objects.filter(pk=found.pk).update(
            status=ResearchRequest.Status.DONE, decided_by=ctx.user, decided_at=now,
            rows=len(extract), k=result.k, file_sha256=hashlib.sha256(content).hexdigest())
        _log(ctx, found, "granted", len(extract), result.k, columns)
    found.refresh_from_db()
    return found, content


def to_csv(columns, extract) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(columns)
    # A municipality is typed text on the household: guard it like every export's cells.
    writer.writerows([safe_cell(row[c]) for c in columns] for row in extract)
    return out.getvalue().encode("utf-8")


def reject(ctx, request_id: int) -> ResearchRequest:
    """A privacy officer turns a request down without running it."""
    found = ResearchRequest.objects.filter(
        pk=request_id, status=ResearchRequest.Status.REQUESTED).first()
    if found is None:
        raise gate.ExchangeRefused(_("Er is geen openstaande aanvraag met nummer "
                                     "%(n)s.") % {"n": request_id})
    ctx = gate.research_approve_context(ctx, found)
    with transaction.atomic():
        ResearchRequest.objects.filter(pk=found.pk).update(
            status=ResearchRequest.Status.REJECTED, decided_by=ctx.user,
            decided_at=timezone.now())
        event(ctx, gate.RESEARCH_APPROVE, "E", object_type=gate.OBJECT_TYPE_RESEARCH,
              object_ids=[found.pk, found.project, "afgewezen"], result="refused",
              rule="privacy_officer_rejected")
    found.refresh_from_db()
    return found
