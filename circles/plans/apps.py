from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "circles.plans"
    label = "plans"
    verbose_name = "Plans"
