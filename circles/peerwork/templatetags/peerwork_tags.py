"""What one-to-one support shows on the home pages (earlier areas load these tags)."""

from typing import Any

from django import template

from circles.accounts.models import Membership
from circles.peerwork.models import CheckIn, Person, today_for

register = template.Library()


@register.inclusion_tag("peerwork/_home_specialist.html")
def peer_caseload_card(membership: Membership) -> dict[str, Any]:
    from circles.peerwork.views.caseload import covered_for, todays_checkins

    away = covered_for(membership)
    people = Person.objects.for_org(membership.organization).of_specialist(membership.user, away)
    return {
        "current_org": membership.organization,
        "people_count": people.count(),
        "checkins": todays_checkins(membership, away),
        "result_choices": CheckIn.Result.choices,
    }


@register.inclusion_tag("peerwork/_home_requests.html")
def peer_requests_card(membership: Membership) -> dict[str, Any]:
    organization = membership.organization
    seeking = Person.objects.for_org(organization).seeking()
    return {
        "current_org": organization,
        "is_admin": membership.is_admin,
        "waiting": seeking.count(),
        "overdue": seeking.filter(
            status=Person.Status.WAITING, answer_by__lt=today_for(organization)
        ).count(),
    }


@register.inclusion_tag("peerwork/_home_member.html")
def peer_member_card(membership: Membership) -> dict[str, Any]:
    person = (
        Person.objects.for_org(membership.organization)
        .of_user(membership.user)
        .open()
        .select_related("specialist")
        .order_by("-requested_at")
        .first()
    )
    return {"current_org": membership.organization, "person": person}
