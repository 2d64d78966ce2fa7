"""The demo shows feedback results, a group whose answers are held back, and a concern."""

from typing import Any

import pytest

from circles.accounts.models import Organization, User
from circles.feedback.complaints import find_by_receipt, visible_complaints
from circles.feedback.demo import DEMO_RECEIPT, FEW_GROUP, RESULTS_GROUP
from circles.feedback.results import results_for_groups
from circles.groups.models import SupportGroup
from circles.home.demo import load_demo_data

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
