"""Who may open the feedback results pages (see accounts/tests/test_access.py)."""

import datetime
from typing import Any

from django.utils import timezone

from circles.accounts.models import Organization
from circles.feedback.models import FeedbackPrompt
from circles.testing.fixtures import give_feedback, join_group, make_group, make_meeting

RUNS = {"admin", "supervisor", "specialist"}  # the specialist facilitates the group

ALLOWED: dict[str, set[str]] = {
    "feedback_overview": RUNS,
    "feedback_csv": RUNS,
    "feedback_group": RUNS,
    "feedback_group_csv": RUNS,
    "feedback_prompt_done": RUNS,
    "feedback_settings": {"admin"},
    "feedback_settings_restore": {"admin"},
}
POST_ONLY = {"feedback_prompt_done", "feedback_settings_restore"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    group = make_group(organization, facilitators=[people["specialist"]], name="Results circle")
    join_group(group, people["participant"])
    last_week = timezone.now() - datetime.timedelta(days=14)
    give_feedback(make_meeting(group, when=last_week), count=5, helped="Results circle words")
    prompt = FeedbackPrompt.objects.create(
        organization=organization,
        group=group,
        period_index=0,
        period_first=last_week.date(),
        period_last=last_week.date(),
        reason=FeedbackPrompt.Reason.BELOW,
        average_total=20,
    )
    return {"group_id": group.pk, "prompt_id": prompt.pk}
