"""System checks for meetings: the keep-apart hooks can be found."""

from typing import Any

from django.conf import settings
from django.core.checks import Error
from django.utils.module_loading import import_string


def keep_apart_hooks_import(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Every dotted path in CIRCLES_KEEP_APART names something callable."""
    errors = []
    for path in settings.CIRCLES_KEEP_APART:
        try:
            hook = import_string(path)
        except ImportError as exc:
            errors.append(
                Error(
                    f"CIRCLES_KEEP_APART lists {path!r}, which cannot be imported: {exc}",
                    id="meetings.E001",
                )
            )
            continue
        if not callable(hook):
            errors.append(
                Error(
                    f"CIRCLES_KEEP_APART lists {path!r}, which is not a function.",
                    id="meetings.E001",
                )
            )
    return errors
