from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "netwerkdossier.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # The first of the project's apps, for what every query of the project needs on
        # PostgreSQL (decision 0054): `__in` as one array parameter, and integers
        # range-checked by the server when it binds the parameters.
        from netwerkdossier import array_lookups, pg_binding

        array_lookups.register()
        pg_binding.register()
