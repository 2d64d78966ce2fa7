from django.apps import AppConfig
from django.core import checks

from circles.home.checks import country_has_crisis_lines


class HomeConfig(AppConfig):
    name = "circles.home"
    label = "home"
    verbose_name = "Home pages"

    def ready(self) -> None:
        checks.register(country_has_crisis_lines)
