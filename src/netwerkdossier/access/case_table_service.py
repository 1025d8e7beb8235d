"""Create case-table (casustafel, MDA++) sessions: on which basis, who takes part, when,
and which entries form the agreed minimal picture. The access module then lets
participants read only those entries, only during the session
(entry_rules.case_table_gate).

A table rests on a basis chosen explicitly by the person who opens it
(case_table_bases.py: agreement, purpose, legal basis). The basis decides which
organisation kinds may hold a seat and whether health or criminal data may be put on
the table; only the organisation that owns an entry can share it."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.accounts.models import User
from netwerkdossier.audit.log import LogEvent, append
from netwerkdossier.dossier.models import Entry, EntryKind, EntrySubject

from . import case_table_bases as bases
from .consent import has_effective_consent
from .context import active_memberships
from .entry_rules import DELEN
from .models import CaseTableItem, CaseTableParticipant, CaseTableSession
from .policy import READ, visible_in_household
from .relations import CONTENT_ROLES


def max_duration() -> timedelta:
    return timedelta(hours=rules.load("case_tables")["max_duration_hours"])


def _basis(errors: dict, ctx, household, key):
    """The chosen basis and the agreement version it rests on, or (None, None)."""
    key = (key or "").strip()
    basis = bases.get(key) if key else None
    agreement = bases.agreement_for(basis, household) if basis else None
    if not key:
        errors["basis"] = [_("Kies op welke grondslag de casustafel wordt gehouden "
                             "(samenwerkingsafspraak, doel en wettelijke grondslag). Dat is "
                             "verplicht: het bepaalt wie aan tafel mag en wat gedeeld mag "
                             "worden.")]
    elif agreement is None:
        errors["basis"] = [_("Deze grondslag bestaat niet of geldt niet voor dit "
                             "huishouden. Kies een van de genoemde grondslagen.")]
    elif ctx.organisation_kind not in basis.seat_kinds:
        errors["basis"] = [_("Uw organisatie (%(kind)s) hoort niet bij de grondslag "
                             "'%(name)s'. Aan deze tafel mogen alleen: %(kinds)s.")
                           % {"kind": bases.kind_names([ctx.organisation_kind]),
                              "name": basis.name, "kinds": bases.kind_names(basis.seat_kinds)}]
    return (basis, agreement) if agreement is not None else (None, None)


def _participants(errors: dict, usernames, basis) -> list:
    users = {u.username: u for u in User.objects.filter(username__in=list(usernames),
                                                        kind=User.Kind.PROFESSIONAL,
                                                        is_active=True)}
    unknown = [u for u in usernames if u not in users]
    if not usernames:
        errors["participants"] = [_("Kies minstens één deelnemer.")]
        return []
    if unknown:
        errors["participants"] = [_("Geen professional met deze gebruikersnaam: %(names)s.")
                                  % {"names": ", ".join(unknown)}]
        return list(users.values())
    roles = {name: [m for m in active_memberships(u) if m.role in CONTENT_ROLES]
             for name, u in users.items()}
    def named(name):  # people are named by their name, never by their login name
        return users[name].get_full_name() or name

    without_role = [name for name in usernames if not roles[name]]
    if without_role:
        errors["participants"] = [_("Deze gebruikers hebben geen rol waarmee zij "
                                    "dossiers mogen inzien: %(names)s.")
                                  % {"names": ", ".join(named(n) for n in without_role)}]
    elif basis is not None:
        # A seat only for an organisation kind the basis names.
        outside = [name for name in usernames
                   if not any(m.organisation.kind in basis.seat_kinds for m in roles[name])]
        if outside:
            errors["participants"] = [_(
                "Volgens de gekozen grondslag '%(name)s' mogen deze professionals geen plaats "
                "aan tafel krijgen, omdat hun organisatie er niet onder valt: %(names)s. "
                "Aan deze tafel mogen alleen: %(kinds)s.") % {
                "name": basis.name, "kinds": bases.kind_names(basis.seat_kinds),
                "names": ", ".join(
                    f"{named(name)} "
                    f"({bases.kind_names({m.organisation.kind for m in roles[name]})})"
                    for name in outside)}]
    return list(users.values())


def _describe(entries) -> str:
    kinds = dict(EntryKind.choices)
    return "; ".join(
        _("%(kind)s van %(day)s") % {
            "kind": kinds.get(e.kind, e.kind),
            "day": formats.date_format(timezone.localtime(e.occurred_at), "j F Y")}
        for e in entries)


def _entries(errors: dict, ctx, household, entry_ids, basis) -> list:
    """The pks of the entries to share; adds a Dutch message for what may not be shared."""
    wanted = list(dict.fromkeys(entry_ids or []))
    if not wanted:
        errors["entries"] = [_("Kies minstens één aantekening voor het minimale beeld.")]
        return []
    try:
        readable = list(visible_in_household(
            ctx, READ, household.pk, Entry.objects.filter(pk__in=wanted, is_current=True))
            .prefetch_related("subjects").order_by("occurred_at", "id"))
    except ValidationError:  # ids that are no UUID
        readable = []
    if len(readable) != len(wanted):
        errors["entries"] = [_("Kies alleen aantekeningen van dit huishouden die u zelf "
                               "mag lezen.")]
        return []
    messages = []
    others = [e for e in readable if e.owner_organisation_id != ctx.organisation_id]
    if others:
        messages.append(_("Alleen de organisatie die een aantekening schreef, kan die aan een "
                          "casustafel delen. Deze aantekeningen zijn van een andere "
                          "organisatie: %(entries)s.") % {"entries": _describe(others)})
    if basis is not None:
        health = [e for e in readable if e.health_data and not basis.allows_health]
        if health:
            messages.append(_("De gekozen grondslag '%(name)s' staat geen gezondheidsgegevens "
                              "aan tafel toe: %(entries)s. Laat deze weg of kies een "
                              "grondslag die gezondheidsgegevens noemt.")
                            % {"name": basis.name, "entries": _describe(health)})
        criminal = [e for e in readable if e.criminal_data and not basis.allows_criminal]
        if criminal:
            messages.append(_("De gekozen grondslag '%(name)s' staat geen strafrechtelijke "
                              "gegevens aan tafel toe: %(entries)s. Laat deze weg of kies "
                              "een grondslag die strafrechtelijke gegevens noemt.")
                            % {"name": basis.name, "entries": _describe(criminal)})
        if basis.requires_consent:
            missing = [e for e in readable if not e.subjects.all() or not all(
                has_effective_consent(p, DELEN) for p in e.subjects.all())]
            if missing:
                messages.append(_("Voor de grondslag '%(name)s' moet iedere betrokkene "
                                  "toestemming hebben gegeven voor delen met het netwerk. "
                                  "Die ontbreekt voor: %(entries)s.")
                                % {"name": basis.name, "entries": _describe(missing)})
    if messages:
        errors["entries"] = messages
    return [e.pk for e in readable]


def create_session(ctx, household, *, title, starts_at, ends_at, usernames,
                   entry_ids, basis="", rule="") -> CaseTableSession:
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
    table_basis, agreement = _basis(errors, ctx, household, basis)
    usernames = list(dict.fromkeys(usernames or []))
    users = _participants(errors, usernames, table_basis)
    shared = _entries(errors, ctx, household, entry_ids, table_basis)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = CaseTableSession.objects.create(
            household=household, title=title, starts_at=starts_at, ends_at=ends_at,
            chair=ctx.user, **{**bases.session_fields(table_basis, household),
                               "agreement": agreement})
        CaseTableParticipant.objects.bulk_create(
            [CaseTableParticipant(session=session, user=u) for u in users])
        CaseTableItem.objects.bulk_create(
            [CaseTableItem(session=session, entry_id=pk) for pk in shared])
        subjects = set(EntrySubject.objects.filter(entry_id__in=shared)
                       .values_list("person_id", flat=True))
        append(ctx, [LogEvent(event_code="casetable.create", action="C",
                              object_type="case_table", object_ids=[session.pk, *shared],
                              subject_ids=list(subjects), rule=rule)])
    return session
