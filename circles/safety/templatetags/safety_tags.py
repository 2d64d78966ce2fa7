"""What the safety area shows on earlier areas' pages (groups, meetings, homes).

Earlier areas never import safety; their templates ``{% load safety_tags %}``.
"""

from collections.abc import Iterable
from typing import Any

from django import template

from circles.accounts.models import Membership, Organization
from circles.safety.access import may_raise, sees_all_concerns, visible_concerns
from circles.safety.confidentiality import current_statement, statement_for, told_user_ids
from circles.safety.models import SafetyConcern

register = template.Library()

HOME_CONCERNS = 5


def _user_id(item: Any) -> Any:
    """An id, a user, or a row (object or dict) with a ``user_id``."""
    if isinstance(item, dict):
        return item.get("user_id")
    if hasattr(item, "user_id"):
        return item.user_id
    return getattr(item, "pk", item)


@register.simple_tag
def told_ids(organization: Organization, items: Iterable[Any]) -> set[int]:
    """``{% told_ids organization people as told %}``: one query for a whole list.

    ``people`` may be ids, users, or rows with a ``user_id``.
    """
    return told_user_ids(organization, [_user_id(item) for item in items])


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
    user_id = _user_id(user)
    if told is not None:
        return {"told": user_id in told}
    return {"told": bool(told_user_ids(organization, [user_id]))}


@register.inclusion_tag("safety/_confidentiality_notice.html", takes_context=True)
def confidentiality_notice(
    context: template.Context, organization: Organization | None = None, next_url: str = ""
) -> dict[str, Any]:
    """For the person themselves (participant home, joining a group): the statement,
    and a button to say they read it, until they have read the current version."""
    organization = organization or context.get("current_org") or context.get("organization")
    request = context.get("request")
    if organization is None or request is None or not request.user.is_authenticated:
        return {"statement": None}
    user = request.user
    statement, told = statement_for(organization, user)
    return {
        "statement": statement,
        "told": told,
        "organization": organization,
        # Back to this page after saying so, unless it answered a form (a POST address).
        "next": next_url or (request.get_full_path() if request.method == "GET" else ""),
    }


@register.inclusion_tag("safety/_home_concerns.html", takes_context=True)
def safety_concerns_card(context: template.Context) -> dict[str, Any]:
    """For supervisors and admins: concerns waiting for someone on duty, longest first."""
    membership: Membership | None = context.get("current_membership")
    if membership is None or not may_raise(membership):
        return {"shown": False}
    concerns = visible_concerns(membership).for_list()
    waiting = list(concerns.waiting().order_by("raised_at", "id")[: HOME_CONCERNS + 1])
    return {
        "shown": True,
        "organization": membership.organization,
        "sees_all": sees_all_concerns(membership),
        "waiting": waiting[:HOME_CONCERNS],
        "more": len(waiting) > HOME_CONCERNS,
    }


@register.inclusion_tag("safety/_home_confidentiality.html", takes_context=True)
def confidentiality_card(context: template.Context) -> dict[str, Any]:
    """For peer specialists: the one limit, the statement, and raising a concern."""
    membership: Membership | None = context.get("current_membership")
    if membership is None:
        return {"shown": False}
    organization = membership.organization
    mine_open = (
        SafetyConcern.objects.for_org(organization)
        .open()
        .filter(raised_by_id=membership.user_id)
        .count()
        if may_raise(membership)
        else 0
    )
    return {
        "shown": True,
        "organization": organization,
        "statement": current_statement(organization),
        "may_raise": may_raise(membership),
        "mine_open": mine_open,
    }


@register.inclusion_tag("safety/_raise_link.html", takes_context=True)
def raise_concern_link(
    context: template.Context, about: Any = None, meeting: Any = None, as_item: bool = False
) -> dict[str, Any]:
    """A link to raise a concern about a person or from a meeting, for staff only."""
    membership: Membership | None = context.get("current_membership")
    if membership is None or not may_raise(membership):
        return {"shown": False}
    query = []
    if about is not None:
        query.append(f"about={_user_id(about)}")
    if meeting is not None:
        query.append(f"meeting={getattr(meeting, 'pk', meeting)}")
    return {
        "shown": True,
        "organization": membership.organization,
        "query": "&".join(query),
        "as_item": as_item,
    }
