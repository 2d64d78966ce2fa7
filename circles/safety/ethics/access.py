"""Who may do what with the code of ethics.

Everything a worker declares (relationships, gifts, time away) is theirs to change;
supervisors and admins read the team's log but change nobody's entries.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership
from circles.safety.ethics.models import DualRelationship, StepBack


def _must_be_staff(membership: Membership) -> None:
    if not membership.is_staff_role:
        raise PermissionDenied("The code of ethics is for staff.")


def get_my_relationship_for(membership: Membership, relationship_id: int) -> DualRelationship:
    """A relationship the member declared, or 404 (another organisation) or 403 (not theirs)."""
    _must_be_staff(membership)
    try:
        relationship = DualRelationship.objects.for_org(membership.organization).get(
            pk=relationship_id
        )
    except DualRelationship.DoesNotExist as exc:
        raise Http404("No such relationship here.") from exc
    if relationship.worker_id != membership.user_id:
        raise PermissionDenied("Only the person who declared it may end it.")
    return relationship


def get_my_step_back_for(membership: Membership, step_back_id: int) -> StepBack:
    """Time away the member planned, or 404 (another organisation) or 403 (not theirs)."""
    _must_be_staff(membership)
    try:
        away = StepBack.objects.for_org(membership.organization).get(pk=step_back_id)
    except StepBack.DoesNotExist as exc:
        raise Http404("No such time away here.") from exc
    if away.worker_id != membership.user_id:
        raise PermissionDenied("Only the person who is away may end it early.")
    return away
