"""Who may open the plan pages (see accounts/tests/test_access.py).

Every member has their own plan, so the plan's own pages open for every role.
Pages about one goal, step or helper open only for its owner (the participant
here): nobody else, admins included, even inside the organisation. The
participant shares one goal with the specialist by name, so only the specialist
opens that share; the shared-plans list is for staff, who are the people a plan
can be shared with.
"""

from typing import Any

from circles.accounts.models import Organization
from circles.plans.models import Action, Goal, Helper, Plan, PlanShare

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}
OWNER = {"participant"}

ALLOWED: dict[str, set[str]] = {
    "plan_home": EVERYONE,
    "plan_about": EVERYONE,
    "plan_reminders": EVERYONE,
    "plan_print": EVERYONE,
    "plan_download": EVERYONE,
    "plan_delete": EVERYONE,
    "goal_new": EVERYONE,
    "plan_helpers": EVERYONE,
    "plan_wellness": EVERYONE,
    "plan_sharing": EVERYONE,
    "goal_detail": OWNER,
    "goal_step": OWNER,
    "action_add": OWNER,
    "goal_review": OWNER,
    "goal_delete": OWNER,
    "action_done": OWNER,
    "action_delete": OWNER,
    "helper_edit": OWNER,
    "helper_closer": OWNER,
    "helper_further": OWNER,
    "helper_delete": OWNER,
    "share_withdraw": OWNER,
    "shared_list": {"admin", "supervisor", "specialist"},
    "shared_view": {"specialist"},
    "shared_comment": {"specialist"},
}
POST_ONLY: set[str] = {
    "plan_reminders",
    "goal_new",
    "action_add",
    "action_done",
    "action_delete",
    "helper_closer",
    "helper_further",
    "helper_delete",
    "share_withdraw",
    "shared_comment",
}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, Any]:
    participant = people["participant"]
    plan, _created = Plan.objects.get_or_create(organization=organization, owner=participant)
    goal = Goal.objects.create(organization=organization, plan=plan, title="Back to work")
    action = Action.objects.create(organization=organization, goal=goal, text="Call the library")
    helper = Helper.objects.create(organization=organization, plan=plan, name="Dana", ring=2)
    share = PlanShare.objects.create(
        organization=organization,
        plan=plan,
        part=PlanShare.Part.GOAL,
        goal=goal,
        shared_with=people["specialist"],
        purpose="For our sessions",
    )
    return {
        "goal_id": goal.pk,
        "step": "issue",
        "action_id": action.pk,
        "helper_id": helper.pk,
        "share_id": share.pk,
    }
