from django.apps import AppConfig


class LibConfig(AppConfig):
    """Plain helpers; an app only so the rate limiter's counters have a table."""

    name = "circles.lib"
    label = "lib"
    verbose_name = "Shared plumbing"
