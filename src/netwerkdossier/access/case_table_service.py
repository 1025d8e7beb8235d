"""Create case-table (casustafel, MDA++) sessions: who takes part, when, and which
entries form the agreed minimal picture. The access module then lets participants read
only those entries, only during the session (entry_rules.case_table_gate)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.accounts.models import User
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.dossier.models import Entry, EntrySubject

from .context import active_memberships
from .models import CaseTableItem, CaseTableParticipant, CaseTableSession
from .policy import READ, visible_in_household
from .relations import CONTENT_ROLES


def max_duration() -> timedelta:
    return timedelta(hours=rules.load("case_tables")["max_duration_hours"])


def _participants(errors: dict, usernames) -> list:
    users = {u.username: u for u in User.objects.filter(username__in=list(usernames),
                                                        kind=User.Kind.PROFESSIONAL,
                                                        is_active=True)}
    unknown = [u for u in usernames if u not in users]
    if not usernames:
        errors["participants"] = [_("Kies minstens één deelnemer.")]
    elif unknown:
        errors["participants"] = [_("Geen professional met deze gebruikersnaam: %(names)s.")
                                  % {"names": ", ".join(unknown)}]
    else:
        without_role = [u.username for u in users.values()
                        if not any(m.role in CONTENT_ROLES for m in active_memberships(u))]
        if without_role:
            errors["participants"] = [_("Deze gebruikers hebben geen rol waarmee zij "
                                        "dossiers mogen inzien: %(names)s.")
                                      % {"names": ", ".join(without_role)}]
    return list(users.values())


def create_session(ctx, household, *, title, starts_at, ends_at, usernames,
                   entry_ids, rule="") -> CaseTableSession:
    """Create a session (the caller has checked write access to the household).
    Raises ValidationError in Dutch; then nothing is saved."""
    errors: dict = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Geef de casustafel een titel.")]
    if starts_at is None or ends_at is None:
        errors["starts_at"] = [_("Vul de datum, begintijd en eindtijd in.")]
    elif ends_at <= starts_at:
        errors["ends_at"] = [_("De eindtijd moet na de begintijd liggen.")]
    elif ends_at - starts_at > max_duration():
        hours = int(max_duration().total_seconds() // 3600)
        errors["ends_at"] = [_("Een casustafel duurt hoogstens %(hours)s uur.")
                             % {"hours": hours}]
    elif ends_at <= timezone.now():
        errors["ends_at"] = [_("De casustafel ligt al helemaal in het verleden.")]
    usernames = list(dict.fromkeys(usernames or []))
    users = _participants(errors, usernames)
    wanted = list(dict.fromkeys(entry_ids or []))
    readable = []
    if not wanted:
        errors["entries"] = [_("Kies minstens één aantekening voor het minimale beeld.")]
    else:
        try:
            readable = list(visible_in_household(
                ctx, READ, household.pk, Entry.objects.filter(pk__in=wanted, is_current=True))
                .values_list("pk", flat=True))
        except ValidationError:  # ids that are no UUID
            readable = []
        if len(readable) != len(wanted):
            errors["entries"] = [_("Kies alleen aantekeningen van dit huishouden die u zelf "
                                   "mag lezen.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = CaseTableSession.objects.create(
            household=household, title=title, starts_at=starts_at, ends_at=ends_at,
            chair=ctx.user)
        CaseTableParticipant.objects.bulk_create(
            [CaseTableParticipant(session=session, user=u) for u in users])
        CaseTableItem.objects.bulk_create(
            [CaseTableItem(session=session, entry_id=pk) for pk in readable])
        subjects = set(EntrySubject.objects.filter(entry_id__in=readable)
                       .values_list("person_id", flat=True))
        append(ctx, [LogEvent(event_code="casetable.create", action="C",
                              object_type="case_table", object_ids=[session.pk, *readable],
                              subject_ids=list(subjects), rule=rule)])
    return session
