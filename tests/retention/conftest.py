"""The portal's fixtures (family logins and the cast with them): destruction starts
with a family member's request."""

from tests.portal.conftest import cast, portal_login  # noqa: F401
