from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "circles.safety"
    label = "safety"
    verbose_name = "Safety and the code of ethics"
