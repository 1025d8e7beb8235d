"""The professional login: Django's ModelBackend, closed to family accounts."""

from django.contrib.auth.backends import ModelBackend


class ProfessionalBackend(ModelBackend):
    """Family members log in at /portaal/ (a session of its own, portal/auth.py). Their
    account must never authenticate here: ModelBackend asks user_can_authenticate both
    at login and for every request's session user, so a family account that somehow
    has a password or a session is anonymous on every professional page."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and \
            getattr(user, "is_professional", False)
