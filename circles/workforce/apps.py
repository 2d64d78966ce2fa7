from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "circles.workforce"
    label = "workforce"
    verbose_name = "The peer workforce"
