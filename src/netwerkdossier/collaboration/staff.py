"""Choosing a professional by name, organisation and role instead of by login name.

The directory holds the places (memberships) in which a professional may work in a
dossier: an active professional account with a running membership whose role reads
content (access.relations.CONTENT_ROLES). A choice is a membership, so the organisation a
person joins a team for is explicit when someone works for two organisations.

Staff names, organisations and roles are the professionals' work identity, not family
data; every professional may look them up (decision 0039). Nothing about households or
cases is read here.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier.access.api import CONTENT_ROLES
from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Membership

MIN_QUERY = 2
LIMIT = 10
QUERY_MAX = 100


@dataclass(frozen=True)
class StaffChoice:
    value: str  # the membership id
    name: str
    organisation: str
    organisation_kind: str
    role: str
    discipline: str

    @property
    def label(self) -> str:
        return f"{self.name} — {self.organisation} ({self.discipline or self.role})"


def _places(organisation_kind: str = ""):
    today = timezone.localdate()
    places = (Membership.objects.filter(valid_from__lte=today, role__in=CONTENT_ROLES,
                                        user__is_active=True,
                                        user__kind=User.Kind.PROFESSIONAL)
              .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
              .select_related("user", "organisation"))
    if organisation_kind:
        places = places.filter(organisation__kind=organisation_kind)
    return places


def _choice(m: Membership) -> StaffChoice:
    return StaffChoice(value=str(m.pk), name=m.user.get_full_name() or m.user.username,
                       organisation=m.organisation.name,
                       organisation_kind=m.organisation.get_kind_display(),
                       role=m.get_role_display(), discipline=m.get_discipline_display())


def search(query: str, organisation_kind: str = "", limit: int = LIMIT) -> list[StaffChoice]:
    """Places whose person or organisation matches every word typed (any order, any
    part of a word): "lotte noord" finds Lotte Visser of Wijkteam Noorderveld."""
    words = (query or "").split()[:5]
    if sum(len(w) for w in words) < MIN_QUERY:
        return []
    places = _places(organisation_kind)
    for word in words:
        places = places.filter(Q(user__first_name__icontains=word)
                               | Q(user__last_name__icontains=word)
                               | Q(organisation__name__icontains=word))
    places = places.order_by("user__last_name", "user__first_name", "organisation__name")
    return [_choice(m) for m in places[:limit]]


def chosen(values, organisation_kind: str = "") -> list[StaffChoice]:
    """The running places among the submitted values, in the order given (a value that
    is no running place is left out: the caller compares the counts)."""
    ids = []
    for value in values or []:
        try:
            ids.append(int(str(value).strip()))
        except ValueError:
            continue
    places = {m.pk: m for m in _places(organisation_kind).filter(pk__in=ids)}
    return [_choice(places[pk]) for pk in dict.fromkeys(ids) if pk in places]


def place(value, organisation_kind: str = "") -> Membership | None:
    """The running place a choice names, or None."""
    try:
        pk = int(str(value or "").strip())
    except ValueError:
        return None
    return _places(organisation_kind).filter(pk=pk).first()


def choose(typed: str, chosen: str, organisation_kind: str = "",
           field: str = "professional_zoek") -> Membership:
    """The place a picker submitted: the option chosen from the list, or, without
    script, the only place that matches what was typed. Several matches raise a
    ValidationError whose `matches` the form shows as choices."""
    if chosen:
        found = place(chosen, organisation_kind)
        if found is not None:
            return found
    typed = (typed or "").strip()[:QUERY_MAX]
    if not typed:
        raise ValidationError({field: [_("Kies een professional: typ een deel van de naam "
                                         "of de organisatie en kies uit de lijst.")]})
    matches = search(typed, organisation_kind, limit=LIMIT + 1)
    if len(matches) == 1:
        return place(matches[0].value, organisation_kind)
    if not matches:
        raise ValidationError({field: [_("Geen professional gevonden bij ‘%(typed)s’. Typ "
                                         "een deel van de voornaam, achternaam of "
                                         "organisatie.") % {"typed": typed}]})
    if len(matches) > LIMIT:
        raise ValidationError({field: [_("Te veel professionals passen bij ‘%(typed)s’. "
                                         "Typ meer van de naam of de organisatie.")
                                       % {"typed": typed}]})
    error = ValidationError({field: [_("Meer dan één professional past bij ‘%(typed)s’. "
                                       "Kies hieronder wie u bedoelt.") % {"typed": typed}]})
    error.matches = matches[:LIMIT]
    raise error
