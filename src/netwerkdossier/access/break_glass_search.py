"""Emergency access asked from search (decision 0037).

Search shows only persons the user already reaches (visible()), so for anyone else it
shows nothing, whether or not the person is known. To keep it that way the offer of
emergency access depends on the *query* alone: it is made for an exact identifying query
(a valid BSN, or name words with a birth date) that found nothing the user may see, and
for every such query alike. The person is looked up only after the full request: a
reason from the list, a free-text reason, a purpose, a fresh code from the app and the
checkbox. Each household the person lives in then gets the emergency access of
access/break_glass.py (same duration, notifications and review by the privacy officer);
a request that matches nobody is refused and logged like an unknown household id.

A case-table seat is the agreed minimal picture of a household (decision 0018): from
search it cannot be widened to emergency access. The seat holder is told so; that
tells nothing new, the seat already shows the household.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.households.bsn import is_valid_bsn
from netwerkdossier.households.models import HouseholdMember, Person
from netwerkdossier.households.search import BSN_RE, STOPWORDS, parse_birth_date
from netwerkdossier.households.search_keys import fold

from .break_glass import already_has_access, start_break_glass
from .minimal_picture import SEAT
from .relations import household_relations
from .rules_common import active_on

REASON_SEPARATOR = " — "


def reasons() -> list[dict]:
    """The reasons a professional chooses from (rules/break_glass.toml search_reason)."""
    return rules.load("break_glass")["search_reason"]


def reason_label(key: str) -> str | None:
    return next((r["label"] for r in reasons() if r["key"] == key), None)


def identifying_query(query: str) -> Q | None:
    """A filter for exactly the person a query identifies, or None if the query does not
    identify one: a valid BSN alone, or at least two name words and a birth date, where
    one name word is the whole family name and every other one the whole family name or
    the start of the given names."""
    words = [w for w in (query or "").split() if w.lower() not in STOPWORDS]
    if len(words) == 1 and BSN_RE.match(words[0]):
        return Q(bsn=words[0]) if is_valid_bsn(words[0]) else None
    dates = [d for d in (parse_birth_date(w) for w in words) if d is not None]
    names = [fold(w) for w in words if parse_birth_date(w) is None]
    names = [n for n in names if n]
    if len(dates) != 1 or len(names) < 2 or len(names) + 1 != len(words):
        return None
    family = Q()
    for name in names:
        family |= Q(family_key=name)
    condition = Q(birth_date=dates[0]) & family
    for name in names:
        condition &= Q(family_key=name) | Q(given_key__startswith=name)
    return condition


def _households_of(person_ids) -> list:
    return list(set(HouseholdMember.objects.filter(active_on(), person_id__in=person_ids)
                    .values_list("household_id", flat=True)))


def households_for(ctx, query: str) -> list:
    """The households an emergency access from this query would open, after the checks
    that do not depend on the person (made by the caller). [] when the query identifies
    nobody. ValidationError (Dutch) for a seat holder or when the user reaches them all."""
    from netwerkdossier.households.models import Household

    condition = identifying_query(query)
    if condition is None:
        raise ValidationError(_("Zoek eerst op BSN, of op naam en geboortedatum samen."),
                              code="query")
    person_ids = list(Person.objects.filter(condition).values_list("pk", flat=True))
    household_ids = _households_of(person_ids)
    if not household_ids:
        return []
    if any(SEAT in household_relations(ctx, pk) for pk in household_ids):
        raise ValidationError(_(
            "U neemt deel aan een casustafel over dit gezin en ziet daar het afgesproken "
            "minimale beeld. Noodtoegang vanuit zoeken kan dan niet; vraag de "
            "casusregisseur om meer informatie."), code="seat")
    households = list(Household.objects.filter(pk__in=household_ids).order_by("name"))
    closed = [h for h in households if not already_has_access(ctx, h)]
    if not closed:
        raise ValidationError(_("U hebt al toegang; noodtoegang is niet nodig."),
                              code="has_access")
    return closed


def reason_text(reason_key: str, text: str) -> str:
    """The reason kept on the emergency access: the chosen reason, then the free text."""
    return f"{reason_label(reason_key)}{REASON_SEPARATOR}{text.strip()}"


def start_from_search(ctx, households, *, reason_key: str, text: str, purpose: str) -> list:
    """One emergency access per household (access/break_glass.py), in the caller's
    transaction; the list of BreakGlass rows."""
    if reason_label(reason_key) is None:
        raise ValidationError({"reason_key": _("Kies de reden van de noodtoegang.")})
    return [start_break_glass(ctx, h, reason_text(reason_key, text), purpose=purpose)
            for h in households]
