"""Professionals sign in through their organisation's identity provider (OIDC).

settings.PROFESSIONAL_OIDC (operator-guide.md "Login"):
  ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPES       the provider and this client
  USERNAME_CLAIM  (preferred_username)            the user's name in Netwerkdossier
  ROLES_CLAIM     (roles)                         a list of role names from the provider
  ROLE_MAP        {role name: {"organisation": id, "role": ..., "discipline": ...}}
  MFA_AMR         (mfa, otp, hwk, swk, sc, fpt)   `amr` values that count as a second factor

The provider is the source of truth for who works where: at every sign-in the user's
current memberships become those its roles map to (new ones start today, others end).
A role name that is not in ROLE_MAP gives nothing. When the id_token says the provider
checked a second factor (`amr`), the session counts as verified; otherwise the user
still types a code of their own app (web/second_factor.py).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netwerkdossier.accounts import oidc_client
from netwerkdossier.accounts.models import User
from netwerkdossier.organisations.models import Membership, Organisation

PROVIDER = oidc_client.Provider(setting="PROFESSIONAL_OIDC", session_key="oidc_flow",
                                callback="web:oidc_callback",
                                label=gettext_lazy("het inlogsysteem van uw organisatie"))
DEFAULT_MFA_AMR = ("mfa", "otp", "hwk", "swk", "sc", "fpt")


class NotAllowed(Exception):
    """The provider vouched for someone who gets no access here; a Dutch message."""


def _setting(name: str, default):
    return PROVIDER.config().get(name) or default


def mapped_memberships(claims) -> dict:
    """(organisation id, role) -> discipline, for the roles in the claims that map."""
    roles = claims.get(_setting("ROLES_CLAIM", "roles")) or []
    if isinstance(roles, str):
        roles = roles.split()
    role_map = _setting("ROLE_MAP", {})
    wanted = {}
    for name in roles:
        target = role_map.get(str(name))
        if target:
            wanted[(str(target["organisation"]), target.get("role", "professional"))] = \
                target.get("discipline", "")
    return wanted


def second_factor_checked(claims) -> bool:
    amr = claims.get("amr") or []
    return bool(set(map(str, amr)) & set(_setting("MFA_AMR", DEFAULT_MFA_AMR)))


@transaction.atomic
def user_for(claims) -> User:
    """The professional the claims name, with memberships as the provider says."""
    username = str(claims.get(_setting("USERNAME_CLAIM", "preferred_username")) or "").strip()
    wanted = mapped_memberships(claims)
    if not username or len(username) > 150:
        raise NotAllowed(_("Uw organisatie gaf geen gebruikersnaam door. Neem contact op "
                           "met de beheerder."))
    known = {str(pk) for pk in Organisation.objects.filter(
        pk__in=[organisation for organisation, _role in wanted]).values_list("pk", flat=True)}
    wanted = {key: discipline for key, discipline in wanted.items() if key[0] in known}
    if not wanted:
        raise NotAllowed(_("Uw organisatie heeft u (nog) geen rol in het Netwerkdossier "
                           "gegeven. Vraag dat aan uw functioneel beheerder."))
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        user = User(username=username, first_name=str(claims.get("given_name", ""))[:150],
                    last_name=str(claims.get("family_name", ""))[:150],
                    email=str(claims.get("email", ""))[:254])
        user.set_unusable_password()  # signs in through the provider only
        user.save()
    if not user.is_active or not user.is_professional:
        raise NotAllowed(_("Dit account is niet actief."))
    _sync_memberships(user, wanted)
    return user


def _sync_memberships(user, wanted: dict) -> None:
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    current = (Membership.objects.select_for_update().filter(user=user, valid_from__lte=today)
               .exclude(valid_to__lt=today))
    kept = set()
    for membership in current:
        key = (str(membership.organisation_id), membership.role)
        if key in wanted:
            kept.add(key)
            continue
        # The provider no longer gives this role: it ends now. One that began today
        # keeps no day of its own (its use today stays in the access log).
        membership.valid_to = yesterday
        membership.valid_from = min(membership.valid_from, yesterday)
        membership.save(update_fields=["valid_from", "valid_to"])
    for (organisation, role), discipline in wanted.items():
        if (organisation, role) not in kept:
            Membership.objects.create(user=user, organisation_id=organisation, role=role,
                                      discipline=discipline, valid_from=today)
