"""Which routes are professional pages, and which of them belong to signing in (open
before the second factor and before the purpose of work is stated)."""

# The URL namespaces of professional pages (the portal and the API have their own).
PROFESSIONAL_NAMESPACES = frozenset({"web", "safety", "analysis", "collaboration",
                                     "portal_staff"})
SIGN_IN_ROUTES = frozenset({"web:login", "web:logout", "web:second_factor",
                            "web:second_factor_setup", "web:oidc_start", "web:oidc_callback",
                            "web:passkey_sign_in_options", "web:passkey_sign_in"})
