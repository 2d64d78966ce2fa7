from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "circles.meetings"
    label = "meetings"
    verbose_name = "Meetings"
