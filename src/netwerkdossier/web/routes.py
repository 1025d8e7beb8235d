"""Which routes are professional pages, and which of them belong to signing in (open
before the second factor and before the purpose of work is stated)."""

from abc import ABC, abstractmethod

# The URL namespaces of professional pages (the portal and the API have their own).
PROFESSIONAL_NAMESPACES = frozenset({"web", "safety", "analysis", "collaboration",
                                     "portal_staff"})
SIGN_IN_ROUTES = frozenset({"web:login", "web:logout", "web:second_factor",
                            "web:second_factor_setup", "web:oidc_start", "web:oidc_callback",
                            "web:passkey_sign_in_options", "web:passkey_sign_in"})


class ProfessionalPageMiddleware(ABC):
    """Base of the middlewares that stand before every professional page of a signed-in
    user (second factor, purpose of work); `check` answers a redirect or None."""

    open_routes = SIGN_IN_ROUTES

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace not in PROFESSIONAL_NAMESPACES or \
                match.view_name in self.open_routes or not request.user.is_authenticated:
            return None
        return self.check(request)

    @abstractmethod
    def check(self, request):
        """A response that sends the user elsewhere first, or None to go on."""
