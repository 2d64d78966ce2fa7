"""Pairs of people to keep apart in breakouts and observer assignments.

Who must be kept apart is decided by a later area (a worker declares that they
know someone in another way, in the code of ethics). Meetings never imports it:
the functions listed by dotted path in ``settings.CIRCLES_KEEP_APART`` each take
the organisation and return a set of ``frozenset({user_id, user_id})``.
"""

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string


def kept_apart_pairs(organization: Any) -> set[frozenset[int]]:
    pairs: set[frozenset[int]] = set()
    for path in settings.CIRCLES_KEEP_APART:
        pairs |= import_string(path)(organization)
    return pairs


def kept_apart_from(pairs: set[frozenset[int]], user_ids: set[int]) -> set[int]:
    """Everyone kept apart from at least one of ``user_ids``."""
    found: set[int] = set()
    for pair in pairs:
        if pair & user_ids:
            found |= pair - user_ids
    return found
