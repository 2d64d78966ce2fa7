"""The demo shows feedback results, a group whose answers are held back, and a concern."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from circles.accounts.models import Organization, User
from circles.feedback.complaints import find_by_receipt, visible_complaints
from circles.feedback.demo import DEMO_RECEIPT, FEW_GROUP, RESULTS_GROUP, load_demo_feedback
from circles.feedback.results import results_for_groups
from circles.groups.models import SupportGroup
from circles.home.demo import load_demo_data
from circles.meetings.models import Meeting
from circles.testing.fixtures import make_group

pytestmark = pytest.mark.django_db


def test_demo_has_results_suppressed_results_and_a_waiting_concern(settings: Any) -> None:
    assert load_demo_data()
    riverside = Organization.objects.get(slug="riverside")
    circle = SupportGroup.objects.get(organization=riverside, name=RESULTS_GROUP)
    few = SupportGroup.objects.get(organization=riverside, name=FEW_GROUP)
    results = results_for_groups(riverside, [circle.pk, few.pk])

    assert len(results[circle.pk].periods) >= 3
    assert all(p.count >= 5 for p in results[circle.pk].periods)
    assert results[circle.pk].waiting > 0  # the latest meeting's link is still open
    assert results[few.pk].periods == []
    assert results[few.pk].waiting == 3

    complaint = find_by_receipt(DEMO_RECEIPT)
    assert complaint is not None and complaint.organization == riverside
    supervisor = User.objects.get(email="supervisor@example.org")
    assert complaint.assigned_to == supervisor
    membership = supervisor.memberships.get(organization=riverside)
    assert list(visible_complaints(membership)) == [complaint]


def test_demo_meetings_keep_their_hour_across_a_clock_change(
    riverside: Organization, specialist: User
) -> None:
    riverside.timezone = "America/Chicago"
    riverside.save()
    make_group(riverside, facilitators=[specialist], name=RESULTS_GROUP)
    make_group(riverside, facilitators=[specialist], name=FEW_GROUP)
    # 6 p.m. in Chicago, two weeks after the clocks went forward (8 March 2026): the
    # ten weeks before it start in winter time.
    now = datetime.datetime(2026, 3, 24, 18, 0, tzinfo=ZoneInfo("America/Chicago"))
    assert load_demo_feedback(riverside, now=now)
    zone = ZoneInfo("America/Chicago")
    meetings = Meeting.objects.filter(group__organization=riverside).order_by("starts_at")
    assert meetings.count() == 11
    assert meetings.first().starts_at.astimezone(zone).date() < datetime.date(2026, 3, 8)  # type: ignore[union-attr]
    for meeting in meetings:
        assert meeting.starts_at.astimezone(zone).time() == datetime.time(18, 0), meeting
