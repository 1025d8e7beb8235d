from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "netwerkdossier.accounts"
    label = "accounts"
    verbose_name = "Accounts"
