"""Who may open the workforce pages (see accounts/tests/test_access.py).

The specialist's record is the one asked about: the supervisor is linked to them
as their supervisor, the admin is not (and the organisation keeps individual
records from admins, the default), and the specialist asked the supervisor for
their view.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from circles.accounts.models import Organization
from circles.meetings.models import Attendance
from circles.testing.fixtures import make_group, make_meeting
from circles.workforce.models import (
    AgreedAction,
    Assessment,
    Competency,
    Course,
    DevelopmentGoal,
    FrameworkArea,
    SupervisionSession,
    SupervisorLink,
    TrainingCertificate,
    TrainingRecord,
)

WORKERS = {"admin", "supervisor", "specialist"}
RECORD = {"supervisor", "specialist"}  # the worker and their supervisor

ALLOWED: dict[str, set[str]] = {
    "workforce_home": WORKERS,
    "workforce_person": RECORD,
    "workforce_competencies": RECORD,
    "workforce_assess": RECORD,
    "workforce_level": {"supervisor"},
    "workforce_supervision_add": {"supervisor"},
    "workforce_training_add": RECORD,
    "workforce_certification_add": RECORD,
    "workforce_request": {"supervisor"},
    "workforce_request_decline": {"supervisor"},
    "workforce_ask_peer": WORKERS,
    "workforce_goal_add": WORKERS,
    "workforce_goal_reached": {"specialist"},
    "workforce_action_done": RECORD,
    "workforce_certificate": RECORD,
    "workforce_team": {"admin", "supervisor"},
    "workforce_settings": {"admin"},
    "workforce_supervisors": {"admin"},
    "workforce_supervisor_set": {"admin"},
    "workforce_courses": {"admin", "supervisor"},
    "workforce_course": {"admin", "supervisor"},
    "workforce_course_record": {"admin", "supervisor"},
    "workforce_framework": WORKERS,
    "workforce_item_add": {"admin"},
    "workforce_item_hide": {"admin"},
    "workforce_item_show": {"admin"},
}
POST_ONLY: set[str] = {
    "workforce_course_record",
    "workforce_level",
    "workforce_request_decline",
    "workforce_ask_peer",
    "workforce_goal_reached",
    "workforce_action_done",
    "workforce_supervisor_set",
    "workforce_item_add",
    "workforce_item_hide",
    "workforce_item_show",
}

PDF = b"%PDF-1.4\n% a tiny test certificate\n"


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    specialist, supervisor = people["specialist"], people["supervisor"]
    # The demo data (which the odd-input survey loads first) may have linked them already.
    SupervisorLink.objects.update_or_create(
        organization=organization, worker=specialist, defaults={"supervisor": supervisor}
    )
    asked = Assessment.objects.create(
        organization=organization,
        worker=specialist,
        rater=supervisor,
        kind=Assessment.Kind.PEER,
    )
    own_item = Competency.objects.create(
        organization=organization,
        area=FrameworkArea.objects.get(key="support"),
        text="Welcomes newcomers to groups.",
    )
    goal = DevelopmentGoal.objects.create(
        organization=organization, worker=specialist, competency=own_item, note="Practise."
    )
    session = SupervisionSession.objects.create(
        organization=organization,
        worker=specialist,
        supervisor=supervisor,
        held_on=datetime.date(2026, 1, 5),
        format=SupervisionSession.Format.ONE_TO_ONE,
        minutes=60,
    )
    action = AgreedAction.objects.create(
        organization=organization, session=session, text="Read the ethics code again."
    )
    record = TrainingRecord.objects.create(
        organization=organization,
        worker=specialist,
        course="Trauma-informed peer support",
        hours=Decimal("6"),
        category=TrainingRecord.Category.TRAUMA,
        completed_on=datetime.date(2025, 11, 3),
    )
    TrainingCertificate.objects.create(
        organization=organization,
        record=record,
        filename="certificate.pdf",
        content_type="application/pdf",
        size=len(PDF),
        data=PDF,
    )
    group = make_group(organization, name="Peer support course")
    session = make_meeting(group, when=timezone.now() - datetime.timedelta(days=2))
    Attendance.objects.create(organization=organization, meeting=session, user=specialist)
    course = Course.objects.create(
        organization=organization,
        group=group,
        hours_per_session=Decimal("2"),
        category=TrainingRecord.Category.SKILLS,
    )
    return {
        "course_id": course.pk,
        "meeting_id": session.pk,
        "worker_id": specialist.pk,
        "assessment_id": asked.pk,
        "goal_id": goal.pk,
        "action_id": action.pk,
        "record_id": record.pk,
        "competency_id": own_item.pk,
    }
