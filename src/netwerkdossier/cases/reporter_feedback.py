"""Feedback to the professional reporter (melder) after the moments of
rules/reporter_feedback.toml.

A moment is due for a report of the case when the case has passed it (the safety
assessment recorded, the route decided), the reporter is a professional and no feedback
for that moment was given. Only who may know the reporter (access/reporter.py: the
organisation that received the report, through a team-type relation) sees it is due and
gives it. The worker chooses every item (nothing preselected); the safety conditions
are only those the worker marks as the reporter's role. The feedback reaches a reporter
with an account in the application (a notification; reading goes through the access
module) or becomes a letter to print. Written with its access-log record in one
transaction.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.access.api import READ, active_on, decide, may_see_reporter, record, visible
from netwerkdossier.accounts.models import User
from netwerkdossier.accounts.notifications import Notification
from netwerkdossier.dossier.models import Entry, EntryKind, ReporterIdentity
from netwerkdossier.households.search_keys import fold
from netwerkdossier.organisations.models import Membership, Organisation

from .models import Case, ReporterFeedback, TeamAssignment

NOTIFY_KIND = "reporter_feedback"
PASSED = {
    "triage": lambda case: case.triage_on is not None,
    "route": lambda case: bool(case.route),
}


def config() -> dict:
    return rules.load("reporter_feedback")


def moments() -> list[dict]:
    return config()["moment"]


def moment_label(key: str) -> str:
    return next((m["label"] for m in moments() if m["key"] == key), key)


def items() -> dict[str, str]:
    return {i["key"]: i["label"] for i in config()["item"]}


@dataclass
class Due:
    report: Entry  # the current version, whose reporter ctx may know
    reporter: ReporterIdentity
    moment: dict

    @property
    def root_id(self):
        return self.report.root_id


def _reports(ctx, case: Case) -> list[tuple[Entry, ReporterIdentity]]:
    """The current versions of the case's reports whose reporter ctx may know."""
    entries = visible(ctx, READ, Entry.objects.filter(
        case=case, kind=EntryKind.REPORT, is_current=True))
    found = []
    for entry in entries:
        reporter = ReporterIdentity.objects.filter(entry=entry).first()
        if reporter is not None and may_see_reporter(ctx, entry, decide(ctx, READ, entry)):
            found.append((entry, reporter))
    return found


def due(ctx, case: Case) -> list[Due]:
    """The feedback moments due on the case that ctx gives (empty for everyone else)."""
    reports = _reports(ctx, case)
    if not reports:
        return []
    given = set(ReporterFeedback.objects.filter(case=case)
                .values_list("report_id", "moment"))
    only_professional = config()["professional_reporters_only"]
    return [Due(entry, reporter, m) for entry, reporter in reports
            if reporter.is_professional or not only_professional
            for m in moments()
            if PASSED[m["after"]](case) and (entry.root_id, m["key"]) not in given]


def find_due(ctx, case: Case, moment: str) -> Due | None:
    return next((d for d in due(ctx, case) if d.moment["key"] == moment), None)


def given(ctx, case: Case) -> list[ReporterFeedback]:
    """Feedback given on the case that ctx may read, logged as shown."""
    found = list(visible(ctx, READ, ReporterFeedback.objects.filter(case=case))
                 .select_related("addressee", "given_by", "given_by_organisation"))
    record(ctx, "reporter_feedback.list", found)
    for feedback in found:
        feedback.moment_label = moment_label(feedback.moment)
    return found


# --- what the worker chooses from ---------------------------------------------------------

def organisations(case: Case) -> list[Organisation]:
    """Who can carry out the follow-up: the lead organisation and those in the team."""
    ids = {case.lead_organisation_id} | set(
        TeamAssignment.objects.filter(active_on(), case=case)
        .values_list("organisation_id", flat=True))
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def conditions(ctx, case: Case) -> list:
    """The safety plan's agreements that still hold (open or kept, not replaced) and ctx
    may read, to mark those where the reporter has a role."""
    from netwerkdossier.safety.models import Agreement

    return list(visible(ctx, READ, Agreement.objects.filter(
        plan__case=case, status__in=("open", "nagekomen"), replaced_by__isnull=True),
        household_id=case.household_id).select_related("plan").order_by("due_on"))


def condition_text(agreement) -> str:
    return _("%(action)s (%(owner)s, uiterlijk %(due)s)") % {
        "action": agreement.action, "owner": agreement.owner,
        "due": date_format(agreement.due_on, "j F Y")}


def accounts_for(reporter: ReporterIdentity) -> list[tuple[User, str]]:
    """Professional accounts whose name is the reporter's name: (user, organisation)."""
    words = reporter.name.split()
    if not words:
        return []
    memberships = Membership.objects.filter(
        active_on(), user__first_name__iexact=words[0], role=Membership.Role.PROFESSIONAL,
        user__kind=User.Kind.PROFESSIONAL, user__is_active=True).select_related(
        "user", "organisation")
    return [(m.user, m.organisation.name) for m in memberships
            if fold(f"{m.user.first_name} {m.user.last_name}") == fold(reporter.name)]


# --- giving it ------------------------------------------------------------------------

def give(ctx, case: Case, moment: str, *, follow_up_started, follow_up_by, reporter_has_role,
         condition_ids, channel, addressee_id=None, rule: str = "") -> ReporterFeedback:
    """Record the feedback of `moment`; Dutch ValidationError and nothing saved when an
    item is not chosen, or the moment is not due for ctx."""
    item = find_due(ctx, case, moment)
    if item is None:
        raise ValidationError(_("Deze terugkoppeling is niet (meer) aan de orde: het moment is "
                                "nog niet bereikt of de terugkoppeling is al gegeven."),
                              code="not_due")
    errors: dict = {}
    orgs = {str(o.pk): o for o in organisations(case)}
    chosen_orgs = [orgs[str(pk)] for pk in follow_up_by or () if str(pk) in orgs]
    if follow_up_started not in (True, False):
        errors["follow_up_started"] = [_("Geef aan of er een vervolg is ingezet.")]
    elif follow_up_started and not chosen_orgs:
        errors["follow_up_by"] = [_("Kies wie het vervolg uitvoert.")]
    elif not follow_up_started and follow_up_by:
        errors["follow_up_by"] = [_("Er is geen vervolg ingezet: kies dan ook geen "
                                    "organisatie.")]
    readable = {str(a.pk): a for a in conditions(ctx, case)}
    chosen = [readable[str(pk)] for pk in condition_ids or () if str(pk) in readable]
    if reporter_has_role not in (True, False):
        errors["reporter_has_role"] = [_("Geef aan of de melder een rol heeft in de "
                                         "veiligheidsvoorwaarden.")]
    elif reporter_has_role and not chosen:
        errors["conditions"] = [_("Kies de veiligheidsvoorwaarden waarin de melder een rol "
                                  "heeft.")]
    elif not reporter_has_role and condition_ids:
        errors["conditions"] = [_("De melder heeft geen rol: kies dan ook geen "
                                  "veiligheidsvoorwaarden.")]
    addressee = None
    if channel == ReporterFeedback.Channel.APP:
        addressee = next((u for u, _org in accounts_for(item.reporter)
                          if str(u.pk) == str(addressee_id)), None)
        if addressee is None:
            errors["channel"] = [_("Kies het account van de melder, of kies een brief.")]
    elif channel != ReporterFeedback.Channel.LETTER:
        errors["channel"] = [_("Kies hoe de melder de terugkoppeling krijgt.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            feedback = ReporterFeedback.objects.create(
                case=case, report_id=item.root_id, moment=moment,
                follow_up_started=follow_up_started,
                follow_up_by=[o.name for o in chosen_orgs],
                reporter_has_role=reporter_has_role,
                conditions=[condition_text(a) for a in chosen], channel=channel,
                addressee=addressee, given_by=ctx.user,
                given_by_organisation_id=ctx.organisation_id)
            if addressee is not None:
                _notify(feedback, item.report)
            record(ctx, "reporter_feedback.create", [feedback], action="create",
                   rule=rule or "visible")
    except IntegrityError:
        raise ValidationError(_("Iemand anders heeft deze terugkoppeling net gegeven."),
                              code="given") from None
    return feedback


def _notify(feedback: ReporterFeedback, report: Entry) -> None:
    """A notice to the addressee, without names of the family."""
    Notification.objects.create(
        recipient=feedback.addressee, kind=NOTIFY_KIND, created_at=feedback.given_at,
        link=reverse("safety:reporter_feedback", args=[feedback.pk]),
        text=_("%(org)s stuurt u een terugkoppeling op uw melding van %(day)s (%(moment)s).")
        % {"org": feedback.given_by_organisation.name,
           "day": date_format(timezone.localtime(report.occurred_at).date(), "j F Y"),
           "moment": moment_label(feedback.moment).lower()})


def reporter_of(feedback: ReporterFeedback) -> ReporterIdentity | None:
    """The reporter on the current version of the feedback's report. The caller has
    decided (fetch) that ctx reads the feedback: its addressee, or the organisation that
    may know the reporter."""
    return (ReporterIdentity.objects.filter(entry__root_id=feedback.report_id,
                                            entry__is_current=True)
            .select_related("entry").first())
