from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "netwerkdossier.web"
    label = "web"

    def ready(self):
        from . import session_timeout  # noqa: F401  (connects the sign-in clock)
