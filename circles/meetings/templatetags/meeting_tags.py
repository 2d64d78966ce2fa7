from typing import Any

from django import template

from circles.groups.models import GroupMembership

register = template.Library()


@register.simple_tag(takes_context=True)
def willing_to_lead(context: dict[str, Any], group: Any) -> bool:
    """Whether the signed-in member has offered to lead meetings of ``group``."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return (
        GroupMembership.objects.for_org(group.organization)
        .current()
        .filter(group=group, user_id=request.user.pk, willing_to_lead=True)
        .exists()
    )
