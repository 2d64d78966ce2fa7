from django.apps import AppConfig
from django.core import checks

from circles.meetings.checks import keep_apart_hooks_import


class MeetingsConfig(AppConfig):
    name = "circles.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self) -> None:
        checks.register(keep_apart_hooks_import)
