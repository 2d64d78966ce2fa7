from django.apps import AppConfig
from django.core import checks

from circles.lib.checks import check_encryption_keys, check_secrets


class AccountsConfig(AppConfig):
    name = "circles.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        checks.register(check_secrets)
        checks.register(check_encryption_keys)
