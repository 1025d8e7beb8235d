from django.contrib.auth import views as auth_views

from ..forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        from ..oidc_login import PROVIDER

        return {**super().get_context_data(**kwargs), "oidc_enabled": PROVIDER.enabled()}


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
