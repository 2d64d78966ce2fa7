from django.apps import AppConfig


class EthicsConfig(AppConfig):
    """The code of ethics in daily work: part of the safety area, with its own tables."""

    name = "circles.safety.ethics"
    label = "ethics"
    verbose_name = "The code of ethics in daily work"
