"""Casey's demo plan matches what the demo promises."""

from typing import Any

import pytest
from django.urls import reverse

from circles.accounts.models import User
from circles.home.demo import load_demo_data
from circles.plans.models import Goal, Helper, Plan, PlanShare, WellnessPlan
from circles.plans.sharing import wellness_plan_for_safety
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    load_demo_data()


def test_caseys_plan(demo: Any) -> None:
    plan = Plan.objects.get(owner__email="participant@example.org")
    goals = {g.title: g for g in Goal.objects.filter(plan=plan)}
    assert set(goals) == {"Back to work", "Sleep better"}
    work, sleep = goals["Back to work"], goals["Sleep better"]
    assert work.commitment == 7 and work.answers["not_ten"]
    assert all(o.appeal and o.helps for o in work.options.all())
    assert sleep.reviews.filter(successes__isnull=False).exclude(successes="").exists()
    assert Helper.objects.filter(plan=plan).count() == 6
    assert WellnessPlan.objects.filter(plan=plan).exists()
    # Not shared with staff for safety: the person has not chosen that.
    assert wellness_plan_for_safety(plan.organization, plan.owner) is None


def test_jordan_sees_the_shared_goal_and_nothing_else(demo: Any) -> None:
    jordan = User.objects.get(email="specialist@example.org")
    share = PlanShare.objects.get()
    assert share.shared_with == jordan and share.goal is not None
    assert share.goal.title == "Back to work"
    client = client_for(jordan)
    listing = client.get(reverse("shared_list", args=["riverside"])).content.decode()
    assert "Back to work" in listing and "Sleep better" not in listing
    page = client.get(reverse("shared_view", args=["riverside", share.pk])).content.decode()
    assert "Back to work" in page and "Volunteer two mornings" in page
    for private in ("Sleep better", "Dana (my sister)", "good with plants"):
        assert private not in page


def test_caseys_pages_open(demo: Any) -> None:
    client = client_for(User.objects.get(email="participant@example.org"))
    for name in ("plan_home", "plan_helpers", "plan_wellness", "plan_sharing", "plan_print"):
        assert client.get(reverse(name, args=["riverside"])).status_code == 200
    page = client.get(reverse("plan_home", args=["riverside"])).content.decode()
    assert "Phone the community garden" in page
