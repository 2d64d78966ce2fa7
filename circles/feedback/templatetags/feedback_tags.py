"""The feedback box and the member's link to the sheet, for the meetings pages.

Meetings come before feedback, so their templates load these tags instead of
their views importing feedback.
"""

from typing import Any

from django import template
from django.urls import reverse

from circles.feedback.access import offers_sheet_to
from circles.feedback.views.sheet import link_context
from circles.meetings.models import Meeting

register = template.Library()


@register.inclusion_tag("feedback/meeting_link.html#feedback_box", takes_context=True)
def feedback_box(context: template.Context, meeting: Meeting, level: int = 2) -> dict[str, Any]:
    """The link, code and QR of the meeting's anonymous sheet, to show the room or print."""
    return {"meeting": meeting, "fb_level": level, **link_context(context["request"], meeting)}


@register.inclusion_tag("feedback/_answer_link.html", takes_context=True)
def feedback_answer_link(context: template.Context, meeting: Meeting, runs: bool) -> dict[str, Any]:
    """For a member who was there: a link to the sheet, while it is open."""
    membership = context.get("current_membership")
    offered = membership is not None and offers_sheet_to(membership, meeting, runs)
    return {
        "feedback_answer_url": (
            reverse("feedback_answer", args=[meeting.feedback_token]) if offered else ""
        )
    }
