"""The planning assistant: which day and part of the day suits the most people, within
the venue's hours, for the group's facilitators, admins and supervisors."""

from django.http import HttpResponse
from django.shortcuts import render

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups.access import get_assistant_group_for
from circles.groups.models import Availability
from circles.groups.planning_assistant import slots_in_words, suggest_slots


@org_member()
def group_assistant(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_assistant_group_for(membership, group_id)
    # One query for everyone's answers, whatever their number.
    slot_lists = (
        Availability.objects.for_org(membership.organization)
        .filter(group=group)
        .values_list("slots", flat=True)
    )
    venue = group.venue
    venue_slots = venue.availability if venue else []
    suggestions, total = suggest_slots(slot_lists, venue_slots)
    return render(
        request,
        "groups/assistant.html",
        {
            "group": group,
            "venue": venue,
            "venue_when": slots_in_words(venue_slots),
            "suggestions": suggestions,
            "best": suggestions[0] if suggestions and suggestions[0].venue_available else None,
            "total": total,
            "can_edit": can_edit,
        },
    )
