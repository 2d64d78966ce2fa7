"""What the safety area shows on earlier areas' pages (groups, meetings, homes).

Earlier areas never import safety; their templates ``{% load safety_tags %}``.
"""

from collections.abc import Iterable
from typing import Any

from django import template

from circles.accounts.models import Organization
from circles.safety.confidentiality import is_told, told_user_ids

register = template.Library()


@register.simple_tag
def told_ids(organization: Organization, user_ids: Iterable[Any]) -> set[int]:
    """``{% told_ids organization ids as told %}``: one query for a whole list."""
    return told_user_ids(organization, user_ids)


@register.filter
def is_told_in(user_id: Any, told: set[int]) -> bool:
    """``{% if person.pk|is_told_in:told %}`` with ``told`` from ``told_ids``."""
    return user_id in told


@register.inclusion_tag("safety/_confidentiality_pill.html")
def confidentiality_pill(
    organization: Organization, user: Any, told: set[int] | None = None
) -> dict[str, Any]:
    """ "Told about confidentiality" / "Not yet told".

    Lists pass ``told`` (from ``told_ids``) so the pill costs no query; on its own
    it asks once.
    """
    user_id = getattr(user, "pk", user)
    if told is not None:
        done = user_id in told
    else:
        done = (
            is_told(organization, user)
            if hasattr(user, "pk")
            else bool(told_user_ids(organization, [user_id]))
        )
    return {"told": done}
