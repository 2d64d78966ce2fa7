from typing import Any

from django.conf import settings
from django.core.checks import Error

from circles.home.crisis import COUNTRIES


def country_has_crisis_lines(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Every page shows the country's crisis lines: a country without any is refused."""
    if settings.CIRCLES_COUNTRY in COUNTRIES:
        return []
    return [
        Error(
            f"CIRCLES_COUNTRY={settings.CIRCLES_COUNTRY!r} has no national crisis lines.",
            hint="Use one of " + ", ".join(sorted(COUNTRIES)) + " or add the country's "
            "lines, with their source, to circles/home/crisis.py.",
            id="home.E001",
        )
    ]
