"""What the directory shows on each role's home page (home comes before us in no import)."""

from typing import Any

from django import template
from django.db.models import Q
from django.utils import timezone

from circles.accounts.models import Membership
from circles.directory.linking.models import Referral

register = template.Library()

REMINDERS_SHOWN = 10


@register.inclusion_tag("linking/_home_staff.html")
def directory_staff_card(membership: Membership) -> dict[str, Any]:
    """Referrals to follow up today or sooner, and people who asked to be accompanied: one query."""
    today = timezone.localdate()
    reminders = (
        Referral.objects.for_org(membership.organization)
        .made_by(membership.user_id)
        .still_open()
        .filter(Q(follow_up_on__lte=today) | Q(accompany_asked_at__isnull=False))
        .select_related("service", "person")
        .order_by("follow_up_on", "pk")[:REMINDERS_SHOWN]
    )
    return {
        "membership": membership,
        "organization": membership.organization,
        "reminders": list(reminders),
        "today": today,
    }


@register.inclusion_tag("linking/_home_person.html")
def directory_person_card(membership: Membership) -> dict[str, Any]:
    """The person's own referrals that are still going: one query."""
    referrals = (
        Referral.objects.for_org(membership.organization)
        .of_person(membership.user_id)
        .still_open()
        .select_related("service")
        .order_by("-created", "-pk")[:REMINDERS_SHOWN]
    )
    return {
        "membership": membership,
        "organization": membership.organization,
        "referrals": list(referrals),
    }
