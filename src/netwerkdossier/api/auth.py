"""Bearer-token authentication for the API and the access context of an API request."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from ninja.security import HttpBearer

from netwerkdossier.access.context import request_context
from netwerkdossier.access.purposes import HEADER
from netwerkdossier.accounts.tokens import ApiToken, hash_token

# last_used_at is written at most this often per token, so reads stay cheap.
TOUCH_INTERVAL = timedelta(minutes=5)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    """`Authorization: Bearer <token>` with a token from `netwerkdossier createtoken`."""

    def authenticate(self, request, token: str):
        token = token.strip()
        if not token:
            return None
        found = ApiToken.valid(token)
        if found is None:
            return None  # unknown, expired or revoked: 401
        if request.method not in SAFE_METHODS and found.scope != ApiToken.Scope.WRITE:
            raise PermissionDenied("Dit token mag alleen lezen; vraag een token om te "
                                   "schrijven aan.")
        now = timezone.now()
        # One conditional UPDATE; a no-op (no row matched) within the interval.
        ApiToken.objects.filter(digest=hash_token(token)).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - TOUCH_INTERVAL)
        ).update(last_used_at=now)
        return found.user


class PurposeNotStated(Exception):
    """The X-Purpose header is missing while several purposes are possible, or names a
    purpose that does not exist or is not the caller's; answered as a 400 problem."""

    def __init__(self, problem):
        super().__init__(problem.code)
        self.problem = problem


def access_context(request):
    """The access context of this API request (user from the token, purpose header).

    Raises PurposeNotStated rather than falling back to a default purpose."""
    ctx = getattr(request, "_api_access_context", None)
    if ctx is None:
        ctx, problem = request_context(request.auth, requested=request.headers.get(HEADER),
                                       channel="api")
        if problem is not None:
            raise PurposeNotStated(problem)
        request._api_access_context = ctx
    return ctx
