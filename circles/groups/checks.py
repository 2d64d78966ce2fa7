"""System checks for groups: the schedule-change hooks can be found."""

from typing import Any

from django.conf import settings
from django.core.checks import Error
from django.utils.module_loading import import_string


def schedule_hooks_import(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every dotted path in CIRCLES_SCHEDULE_CHANGED names something callable."""
    errors = []
    for path in settings.CIRCLES_SCHEDULE_CHANGED:
        try:
            hook = import_string(path)
        except ImportError as exc:
            errors.append(
                Error(
                    f"CIRCLES_SCHEDULE_CHANGED lists {path!r}, which cannot be imported: {exc}",
                    id="groups.E001",
                )
            )
            continue
        if not callable(hook):
            errors.append(
                Error(
                    f"CIRCLES_SCHEDULE_CHANGED lists {path!r}, which is not a function.",
                    id="groups.E001",
                )
            )
    return errors
