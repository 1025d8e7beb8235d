"""What the worklist's signals may tell a professional: one queryset per kind of news,
each filtered through the access module, so a signal never says that something exists
which the reader could not open (cases/worklist_news.py correlates them with the cases).

- an own statement or a new report (melding) counts only on an entry the reader may read
  (visible(): a GGZ entry under professional secrecy stays silent for the wijkteam);
- a correction or destruction request counts for the readers of its entry in the
  organisation that must answer it (as the request queue, portal/staff.py);
- a dispute of the integral analysis counts where the reader may read the response
  (household work, access/work_rules.py);
- emergency access by someone else counts for whom break_glass.py tells at once: the
  casusregisseurs of the household's open cases (the privacy officer has the review
  queue).

`news()` gives the rows for the households of one worklist page in a constant number of
small queries: the candidate entries of those households first, then the entry gate
once over them (not at all when there are none), with the households' facts folded in
(policy.visible_in_households: the general gate as a Django condition took longer to
build than the rest of the news), then disputes and emergency access together in one
statement (UNION ALL; disputes through the same several-households gate). Written as
three correlated subqueries of the worklist query, each carrying the entry gate with its
consent subqueries, the statement took 50 ms to plan at 100,000 households
(docs/benchmarks.md). A case-table seat or an
emergency-access grant never puts a case on the worklist (it lists the cases whose team
the user is on, visible() beyond a seat), so those relations produce no signals of the
whole household.
"""

from django.db.models import Exists, OuterRef, Q, Subquery, Value

from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.portal.models import CorrectionRequest, OwnStatement

from .models import BreakGlass
from .policy import READ, visible_in_households
from .rules_common import active_on


def news(ctx, household_ids, since) -> dict:
    """What ctx may be told about these households since `since`, per kind, as rows:

    - "request": (household id, answer deadline, request id) of open requests ctx's
      organisation must answer, on entries ctx may read (at any age);
    - "statement": (household id, written at, entry id) beside entries ctx may read;
    - "report": (household id, recorded at, entry id, occurred at) of first versions of
      reports someone else recorded, that ctx may read;
    - "dispute": (household id, recorded at) of standing disputes ctx may read;
    - "emergency": (household id, started at) of others' emergency access, for a
      casusregisseur of an open case of the household.
    """
    households = list(household_ids)
    if not households:
        return {k: [] for k in ("request", "statement", "report", "dispute", "emergency")}
    # The candidates in these households first, in one query that starts from the
    # households' entries (index probes into statements and requests per entry), then the
    # entry gate once over the candidates.
    statements = OwnStatement.objects.filter(entry_id=OuterRef("pk"), created_at__gte=since)
    requests = CorrectionRequest.objects.filter(
        entry_id=OuterRef("pk"), status=CorrectionRequest.Status.OPEN,
        owner_organisation_id=ctx.organisation_id).order_by("deadline", "pk")
    report = Q(kind=EntryKind.REPORT, version=1, recorded_at__gte=since) & ~Q(
        author_id=ctx.user.pk)
    wanted = Exists(statements) | report
    if ctx.organisation_id:
        wanted |= Exists(requests)
    rows = list(Entry.objects.filter(household_id__in=households).filter(wanted).annotate(
        statement_at=Subquery(statements.order_by("-created_at").values("created_at")[:1]),
        request_id=Subquery(requests.values("pk")[:1]),
        request_due=Subquery(requests.values("deadline")[:1]),
    ).values_list("household_id", "pk", "kind", "version", "author_id", "recorded_at",
                  "occurred_at", "statement_at", "request_id", "request_due"))
    # The gate with these households' facts folded in (policy.visible_in_households):
    # building the general entry gate as a Django condition cost more than the rest.
    # All the page's households, not only those with candidates: the facts folded in are
    # then loaded once for the page (the measure signals filter the same households).
    readable = set(visible_in_households(
        ctx, READ, households, Entry.objects.filter(pk__in=[r[1] for r in rows]))
        .values_list("pk", flat=True)) if rows else set()
    rows = [r for r in rows if r[1] in readable]
    return {
        "request": [(r[0], r[9], r[8]) for r in rows if r[8] is not None],
        "statement": [(r[0], r[7], r[1]) for r in rows if r[7] is not None],
        "report": [(r[0], r[5], r[1], r[6]) for r in rows
                   if r[2] == EntryKind.REPORT and r[3] == 1 and r[5] >= since
                   and r[4] != ctx.user.pk],
        **_disputes_and_emergency(ctx, households, since),
    }


def _disputes_and_emergency(ctx, households, since) -> dict:
    """The "dispute" and "emergency" rows of news(), in one statement (UNION ALL)."""
    found: dict = {"dispute": [], "emergency": []}
    dispute = disputes(ctx, households).filter(recorded_at__gte=since).order_by().annotate(
        news_kind=Value("dispute")).values_list("household_id", "recorded_at", "news_kind")
    emergency = emergency_uses(ctx).filter(
        household_id__in=households, started_at__gte=since).order_by().annotate(
        news_kind=Value("emergency")).values_list("household_id", "started_at", "news_kind")
    for household_id, moment, kind in dispute.union(emergency, all=True):
        found[kind].append((household_id, moment))
    return found


def disputes(ctx, household_ids):
    """Disputes of the integral analysis in these households that still stand and that
    ctx may read: the newest response of that member to the household's newest version.
    Through the several-households form of the gate (policy.visible_in_households: the
    relations decided once, consent as the page's id lists, shared with the entries'
    gate), which equals visible() on the same rows (tests/access/test_work_kind_table)."""
    newer_version = AnalysisVersion.objects.filter(household_id=OuterRef("household_id"),
                                                   number__gt=OuterRef("version__number"))
    later = FamilyResponse.objects.filter(version_id=OuterRef("version_id"),
                                          person_id=OuterRef("person_id"),
                                          recorded_at__gt=OuterRef("recorded_at"))
    households = list(household_ids)
    return visible_in_households(ctx, READ, households, FamilyResponse.objects.filter(
        agrees=False, household_id__in=households)).exclude(
        Exists(newer_version)).exclude(Exists(later))


def emergency_uses(ctx):
    """Emergency access by someone else to a household where ctx is casusregisseur of an
    open case (break_glass._recipients: they are told at once)."""
    leads = TeamAssignment.objects.filter(
        active_on(), user_id=ctx.user.pk, role=TeamAssignment.Role.CASUSREGISSEUR,
        case__closed_on__isnull=True, case__household_id=OuterRef("household_id"))
    return BreakGlass.objects.filter(Exists(leads)).exclude(user_id=ctx.user.pk)
