"""Who may read what of a plan: its owner, and whoever the owner shared it with by name.

Roles give nothing here: an admin or a supervisor reads a plan only when the
person shared it with them. A share that was withdrawn stops working on the
next request, because every read goes through these helpers.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership
from circles.plans.models import Action, Goal, Helper, Plan, PlanShare


def own_plan(membership: Membership) -> Plan:
    """The member's plan, or an unsaved empty one until they first write."""
    plan = Plan.objects.for_org(membership.organization).owned_by(membership.user_id).first()
    if plan is None:
        plan = Plan(organization=membership.organization, owner_id=membership.user_id)
    return plan


def get_own_goal_for(membership: Membership, goal_id: int) -> Goal:
    """A goal of this organisation that is the member's own (403 for anyone else's)."""
    try:
        goal = Goal.objects.for_org(membership.organization).select_related("plan").get(pk=goal_id)
    except Goal.DoesNotExist as exc:
        raise Http404("No such goal here.") from exc
    if goal.plan.owner_id != membership.user_id:
        raise PermissionDenied("A plan is read by its owner and whoever they shared it with.")
    return goal


def get_own_action_for(membership: Membership, action_id: int) -> Action:
    try:
        action = (
            Action.objects.for_org(membership.organization)
            .select_related("goal__plan")
            .get(pk=action_id)
        )
    except Action.DoesNotExist as exc:
        raise Http404("No such step here.") from exc
    if action.goal.plan.owner_id != membership.user_id:
        raise PermissionDenied("A plan is changed only by its owner.")
    return action


def get_own_helper_for(membership: Membership, helper_id: int) -> Helper:
    try:
        helper = (
            Helper.objects.for_org(membership.organization).select_related("plan").get(pk=helper_id)
        )
    except Helper.DoesNotExist as exc:
        raise Http404("No such helper here.") from exc
    if helper.plan.owner_id != membership.user_id:
        raise PermissionDenied("A plan is changed only by its owner.")
    return helper


def get_own_share_for(membership: Membership, share_id: int) -> PlanShare:
    """A share the member made of their own plan (to withdraw it)."""
    try:
        share = PlanShare.objects.for_org(membership.organization).with_parts().get(pk=share_id)
    except PlanShare.DoesNotExist as exc:
        raise Http404("No such share here.") from exc
    if share.plan.owner_id != membership.user_id:
        raise PermissionDenied("Only the person whose plan it is can change who sees it.")
    return share


def get_share_with_me_for(membership: Membership, share_id: int) -> PlanShare:
    """A share made with this member by name, while it stands."""
    try:
        share = PlanShare.objects.for_org(membership.organization).with_parts().get(pk=share_id)
    except PlanShare.DoesNotExist as exc:
        raise Http404("No such share here.") from exc
    if share.shared_with_id != membership.user_id or share.for_safety:
        raise PermissionDenied("Only the person it was shared with reads a shared plan.")
    if share.withdrawn_at is not None:
        raise PermissionDenied("The person has stopped sharing this.")
    return share


def shares_with_me(membership: Membership) -> list[PlanShare]:
    """Every standing share made with this member by name, newest first."""
    return list(
        PlanShare.objects.for_org(membership.organization)
        .active()
        .filter(shared_with_id=membership.user_id, for_safety=False)
        .with_parts()
    )
