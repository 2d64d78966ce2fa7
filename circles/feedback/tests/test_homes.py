"""Role homes: concerns to look into, gentle prompts, and a way to raise a concern."""

import datetime
from typing import Any

import pytest

from circles.feedback.actions import submit_complaint
from circles.feedback.models import Complaint, FeedbackPrompt
from circles.feedback.tasks import raise_all_prompts
from circles.testing.fixtures import client_for, give_feedback, make_group, make_meeting

pytestmark = pytest.mark.django_db


def test_supervisor_and_admin_homes_count_open_and_overdue_concerns(
    riverside: Any, supervisor: Any, admin: Any
) -> None:
    old = submit_complaint(
        riverside, about=Complaint.About.ORGANIZATION, text="Old and unanswered."
    )
    Complaint.objects.filter(pk=old.complaint.pk).update(
        received_on=old.complaint.received_on - datetime.timedelta(days=20)
    )
    submit_complaint(riverside, about=Complaint.About.ORGANIZATION, text="New today.")
    for person in (supervisor, admin):
        page = client_for(person).get("/o/riverside/").content.decode()
        assert "2 concerns are open." in page
        assert "1 concern has waited longer than we promise for a first reply." in page
        assert "/o/riverside/complaints/" in page
        assert "Old and unanswered." not in page  # never the words on a home page


def test_a_concern_about_the_supervisor_is_not_counted_on_their_home(
    riverside: Any, supervisor: Any, admin: Any
) -> None:
    submit_complaint(
        riverside, about=Complaint.About.PERSON, about_person=supervisor, text="About them."
    )
    assert "0 concerns are open." in client_for(supervisor).get("/o/riverside/").content.decode()
    assert "1 concern is open." in client_for(admin).get("/o/riverside/").content.decode()


def test_a_facilitator_sees_a_gentle_prompt_for_their_group_only(
    riverside: Any, specialist: Any, supervisor: Any, participant: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist], name="Thursday circle")
    other = make_group(riverside, name="Someone else's circle")
    for days, grp in ((20, group), (20, other)):
        meeting = make_meeting(
            grp,
            when=datetime.datetime.now(datetime.UTC).replace(
                hour=18, minute=0, second=0, microsecond=0
            )
            - datetime.timedelta(days=days),
        )
        give_feedback(meeting, count=5, scores=(3, 3, 3, 3))
    raise_all_prompts()
    assert FeedbackPrompt.objects.count() == 2

    page = client_for(specialist).get("/o/riverside/").content.decode()
    assert "A moment to reflect" in page and "Thursday circle" in page
    assert "Someone else&#x27;s circle" not in page
    supervisor_page = client_for(supervisor).get("/o/riverside/").content.decode()
    assert "Thursday circle" in supervisor_page and "Someone else&#x27;s circle" in supervisor_page
    participant_page = client_for(participant).get("/o/riverside/").content.decode()
    assert "A moment to reflect" not in participant_page
    assert "Raise a concern" in participant_page
    assert "/complaints/new/?org=riverside" in participant_page
