from django.apps import AppConfig
from django.core import checks

from circles.groups.checks import schedule_hooks_import


class GroupsConfig(AppConfig):
    name = "circles.groups"
    label = "groups"
    verbose_name = "Groups and venues"

    def ready(self) -> None:
        from circles.groups.feeds import connect_signals

        checks.register(schedule_hooks_import)
        connect_signals()
