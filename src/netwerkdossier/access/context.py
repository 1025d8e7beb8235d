"""Who is acting, in which role, for what purpose: the input of every access decision."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PURPOSES = {
    "hulpverlening": _("Hulpverlening"),
    "veiligheidsbeoordeling": _("Veiligheidsbeoordeling"),
    "advies_rechter": _("Advies aan de rechter"),
    "management": _("Management"),
    "onderzoek": _("Onderzoek"),
    "toezicht": _("Toezicht en audit"),
    # Recorded by the access module for reads under emergency access (break-the-glass);
    # nobody chooses it (see CHOOSABLE_PURPOSES).
    "noodtoegang": _("Noodtoegang"),
}
NOODTOEGANG = "noodtoegang"
# The purposes someone can state for their work (and that agreements can name).
CHOOSABLE_PURPOSES = {key: label for key, label in PURPOSES.items() if key != NOODTOEGANG}
# For code acting outside a request (demo data, tests) that states no purpose.
DEFAULT_PURPOSE = "hulpverlening"
# A professional who may work under several purposes has not said which yet: nothing
# is read until they do (relations.refusal).
UNSTATED = ""


@dataclass(frozen=True)
class AccessContext:
    user: object
    membership: object | None
    purpose: str = DEFAULT_PURPOSE
    channel: str = "web"
    responsible_user: object | None = None
    # Facts loaded once per request (sharing rules, household relations); not identity.
    cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_family(self) -> bool:
        return getattr(self.user, "kind", "") == "gezinslid" and self.person_id is not None

    @property
    def person_id(self):
        return getattr(self.user, "person_id", None)

    @property
    def organisation_kind(self) -> str:
        return self.membership.organisation.kind if self.membership else ""

    @property
    def region_id(self):
        return self.membership.organisation.region_id if self.membership else None

    @property
    def organisation_id(self):
        return self.membership.organisation_id if self.membership else None

    @property
    def discipline(self) -> str:
        return self.membership.discipline if self.membership else ""

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else getattr(self.user, "kind", "")

    def log_fields(self) -> dict:
        responsible = self.responsible_user or self.user
        return {
            "user_id": str(self.user.uuid),
            "username": self.user.username,
            "organisation_id": str(self.organisation_id or ""),
            "role": self.role,
            "responsible_user_id": str(responsible.uuid),
            "purpose": self.purpose,
            "channel": self.channel,
        }


def active_memberships(user):
    today = timezone.localdate()
    return (
        user.memberships.select_related("organisation", "organisation__region")
        .filter(valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .order_by("valid_from", "id")
    )


def _membership(user, membership_id):
    memberships = list(active_memberships(user)) if user.is_authenticated else []
    chosen = next((m for m in memberships if m.id == membership_id), None)
    if chosen is None and memberships:
        chosen = memberships[0]
    return chosen


def context_for(user, *, membership_id=None, purpose=None, channel="web") -> AccessContext:
    """The context of code that states the purpose itself (demo data, tests, the portal).

    No purpose: the one the membership implies, else DEFAULT_PURPOSE. A purpose nobody
    can state reads nothing (UNSTATED). Requests of professionals go through
    request_context(), which never falls back to a default.
    """
    from .purposes import implied_purpose

    membership = _membership(user, membership_id)
    if purpose is None:
        purpose = implied_purpose(membership) or DEFAULT_PURPOSE
    elif purpose not in CHOOSABLE_PURPOSES:
        purpose = UNSTATED
    return AccessContext(user=user, membership=membership, purpose=purpose, channel=channel)


def request_context(user, *, membership_id=None, requested=None, channel="web"):
    """(context, problem) for a request whose user states `requested` (session or
    header). problem is None, or a purposes.PurposeProblem when the stated purpose is
    missing while several are possible, unknown or not possible for this membership;
    the context then carries UNSTATED and reads nothing."""
    from .purposes import resolve

    membership = _membership(user, membership_id)
    purpose, problem = resolve(membership, requested)
    return (AccessContext(user=user, membership=membership, purpose=purpose,
                          channel=channel), problem)


def context_for_request(request, channel="web") -> AccessContext:
    """The web context: the purpose stated in the session (the "Doel" choice). Without
    one, a professional with several possible purposes reads nothing; the web's
    PurposeRequiredMiddleware sends them to the choice first."""
    if not hasattr(request, "_access_context"):
        request._access_context, _problem = request_context(
            request.user,
            membership_id=request.session.get("membership_id") if channel == "web" else None,
            requested=(request.session.get("purpose") if channel == "web"
                       else request.headers.get("X-Purpose")),
            channel=channel,
        )
    return request._access_context
