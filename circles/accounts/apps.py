from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "circles.accounts"
    label = "accounts"
    verbose_name = "People and organisations"
