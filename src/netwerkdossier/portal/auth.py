"""Who is logged in to the portal, and how: a session of its own, apart from the
professional login (Django's request.user stays anonymous for a family member).

Development login: password, then a TOTP code (pyotp). Production login: OIDC (oidc.py).
Failed attempts are counted per account and per client address (throttle.py).
"""

from functools import wraps

import pyotp
from django.contrib.auth.hashers import check_password, make_password
from django.shortcuts import redirect
from django.utils import timezone

from netwerkdossier.access.api import AccessRefused, Decision, context_for
from netwerkdossier.accounts.models import User
from netwerkdossier.households.models import age_on

from .models import PortalCredential

SESSION_USER = "portal_user"
SESSION_PENDING = "portal_pending_user"  # password accepted, code not yet
SESSION_METHOD = "portal_method"
CHANNEL = "portaal"
MIN_AGE = 12  # under 12 the parents with gezag act; no own login (Jeugdwet art. 7.3.4)
TOTP_WINDOW = 1  # accept the previous and next 30-second step (clock drift)


def may_have_login(user) -> bool:
    return (user is not None and user.is_active and user.kind == User.Kind.GEZINSLID
            and user.person_id is not None
            and age_on(user.person.birth_date, timezone.localdate()) >= MIN_AGE)


def set_credential(user, password: str, totp_secret: str | None = None) -> PortalCredential:
    """Create or replace a development login (used by the personas and tests)."""
    credential, _ = PortalCredential.objects.update_or_create(
        user=user, defaults={"password": make_password(password),
                             "totp_secret": totp_secret or pyotp.random_base32()})
    return credential


def check_user_password(username: str, password: str):
    """The family user for these credentials, or None. Professionals have no
    PortalCredential, so their account never opens the portal."""
    credential = (PortalCredential.objects.select_related("user", "user__person")
                  .filter(user__username=username).first())
    if credential is None:
        make_password(password)  # same work as a real check: no timing hint
        return None
    if not check_password(password, credential.password):
        return None
    return credential.user if may_have_login(credential.user) else None


def check_totp(user, code: str) -> bool:
    """A valid, unused code for this user's secret; records its time step."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    credential = PortalCredential.objects.select_for_update().filter(user=user).first()
    if credential is None or len(code) != 6:
        return False
    totp = pyotp.TOTP(credential.totp_secret)
    now = timezone.now()
    step = int(now.timestamp()) // totp.interval
    for offset in range(-TOTP_WINDOW, TOTP_WINDOW + 1):
        candidate = step + offset
        if candidate > credential.last_totp_step and \
                totp.at(candidate * totp.interval) == code:
            credential.last_totp_step = candidate
            credential.save(update_fields=["last_totp_step"])
            return True
    return False


def log_in(request, user, method: str) -> None:
    request.session.cycle_key()  # no session fixation
    request.session.pop(SESSION_PENDING, None)
    request.session[SESSION_USER] = user.pk
    request.session[SESSION_METHOD] = method


def log_out(request) -> None:
    for key in (SESSION_USER, SESSION_PENDING, SESSION_METHOD):
        request.session.pop(key, None)
    request.session.cycle_key()


def portal_user(request):
    """The logged-in family user of this request, or None."""
    if not hasattr(request, "_portal_user"):
        user_id = request.session.get(SESSION_USER)
        user = (User.objects.select_related("person").filter(pk=user_id).first()
                if user_id else None)
        request._portal_user = user if may_have_login(user) else None
    return request._portal_user


def portal_context(request):
    if not hasattr(request, "_portal_ctx"):
        request._portal_ctx = context_for(portal_user(request), channel=CHANNEL)
    return request._portal_ctx


def refuse_non_family(request, event_code: str, object_type: str, pk):
    """Portal pages with an object id: anybody but a logged-in family member gets the
    logged 404 (a professional logged in to the professional UI included), never a
    redirect that could confirm the id exists."""
    if request.user.is_authenticated:
        from netwerkdossier.access.api import context_for_request

        ctx = context_for_request(request)
    else:
        ctx = None
    raise AccessRefused(ctx, event_code, object_type, pk,
                        Decision(False, "portal_family_only", ""))


def family_required(view):
    """A portal page: a family member's session, else the portal login page. For pages
    with an object id (`pk`), see refuse_non_family()."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if portal_user(request) is None:
            if "pk" in kwargs and request.user.is_authenticated:
                refuse_non_family(request, f"portal.{view.__name__}", "portal", kwargs["pk"])
            return redirect(f"{_login_url()}?next={request.path}")
        return view(request, *args, **kwargs)

    return wrapper


def _login_url() -> str:
    from django.urls import reverse

    return reverse("portal:login")
