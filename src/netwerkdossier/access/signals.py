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

The querysets are not yet tied to a household; callers add that (an OuterRef) and the
period. A case-table seat or an emergency-access grant never puts a case on the
worklist (it lists the cases whose team the user is on, visible() beyond a seat), so
those relations produce no signals of the whole household.
"""

from django.db.models import Exists, OuterRef

from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse
from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.dossier.models import Entry, EntryKind
from netwerkdossier.portal.models import CorrectionRequest, OwnStatement

from .models import BreakGlass
from .policy import READ, visible
from .rules_common import active_on


def readable_entries(ctx):
    """Entries ctx may read (every version the reader may open)."""
    if "signal_entries" not in ctx.cache:
        ctx.cache["signal_entries"] = visible(ctx, READ, Entry.objects.all())
    return ctx.cache["signal_entries"]


def correction_requests(ctx):
    """Open requests ctx's organisation must answer, on entries ctx may read."""
    if ctx.organisation_id is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(
        status=CorrectionRequest.Status.OPEN, owner_organisation_id=ctx.organisation_id,
        entry__in=readable_entries(ctx).values("pk"))


def own_statements(ctx):
    """Family members' own statements beside entries ctx may read."""
    return OwnStatement.objects.filter(entry__in=readable_entries(ctx).values("pk"))


def reports(ctx):
    """Reports (meldingen, first versions) ctx may read that someone else recorded."""
    return readable_entries(ctx).filter(kind=EntryKind.REPORT, version=1).exclude(
        author_id=ctx.user.pk)


def disputes(ctx):
    """Disputes of the integral analysis that still stand and that ctx may read: the
    newest response of that member to the household's newest version."""
    newer_version = AnalysisVersion.objects.filter(household_id=OuterRef("household_id"),
                                                   number__gt=OuterRef("version__number"))
    later = FamilyResponse.objects.filter(version_id=OuterRef("version_id"),
                                          person_id=OuterRef("person_id"),
                                          recorded_at__gt=OuterRef("recorded_at"))
    return visible(ctx, READ, FamilyResponse.objects.filter(agrees=False)).exclude(
        Exists(newer_version)).exclude(Exists(later))


def emergency_uses(ctx):
    """Emergency access by someone else to a household where ctx is casusregisseur of an
    open case (break_glass._recipients: they are told at once)."""
    leads = TeamAssignment.objects.filter(
        active_on(), user_id=ctx.user.pk, role=TeamAssignment.Role.CASUSREGISSEUR,
        case__closed_on__isnull=True, case__household_id=OuterRef("household_id"))
    return BreakGlass.objects.filter(Exists(leads)).exclude(user_id=ctx.user.pk)
