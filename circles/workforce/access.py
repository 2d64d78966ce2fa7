"""Who may see and change a worker's record: 404 outside the organisation, 403 otherwise.

The worker owns their record. Their supervisor (the link an admin sets) sees and
adds to it. Admins see compliance counts, and individual records only when the
organisation's settings say so, and then only to read. Everyone else is refused.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import STAFF_ROLES, Membership, User
from circles.meetings.models import Meeting
from circles.workforce.models import (
    AgreedAction,
    Assessment,
    Competency,
    Course,
    DevelopmentGoal,
    SupervisorLink,
    TrainingRecord,
    WorkforceSettings,
)

WORKER_ROLES = STAFF_ROLES
"""Who has a workforce record: peer specialists, supervisors and admins."""


@dataclass(frozen=True)
class WorkerAccess:
    worker: User
    membership: Membership  # the worker's own membership
    relation: str  # "self", "supervisor" or "admin"

    @property
    def is_self(self) -> bool:
        return self.relation == "self"

    @property
    def may_add(self) -> bool:
        """The worker and their supervisor add to the record; an admin only reads it."""
        return self.relation in ("self", "supervisor")

    @property
    def supervises(self) -> bool:
        return self.relation == "supervisor"


def _worker_membership(membership: Membership, worker_id: int) -> Membership:
    found = (
        Membership.objects.for_org(membership.organization)
        .active()
        .filter(user_id=worker_id, role__in=WORKER_ROLES)
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404("No such worker here.")
    return found


def supervises(membership: Membership, worker_id: int) -> bool:
    if not membership.has_oversight:
        return False
    return (
        SupervisorLink.objects.for_org(membership.organization)
        .filter(worker_id=worker_id, supervisor_id=membership.user_id)
        .exists()
    )


def get_worker_for(
    membership: Membership, worker_id: int, *, writing: bool = False
) -> WorkerAccess:
    """A worker's record as this person may see it; 404 outside, 403 for anyone else's."""
    worker_membership = _worker_membership(membership, worker_id)
    if worker_id == membership.user_id:
        return WorkerAccess(worker_membership.user, worker_membership, "self")
    if supervises(membership, worker_id):
        return WorkerAccess(worker_membership.user, worker_membership, "supervisor")
    if (
        not writing
        and membership.is_admin
        and WorkforceSettings.of(membership.organization).admins_see_records
    ):
        return WorkerAccess(worker_membership.user, worker_membership, "admin")
    raise PermissionDenied("Only the worker and their supervisor see this record.")


def get_supervised_worker_for(membership: Membership, worker_id: int) -> WorkerAccess:
    """A worker this person supervises (supervision log, level, supervisor's rating)."""
    access = get_worker_for(membership, worker_id, writing=True)
    if not access.supervises:
        raise PermissionDenied("Only the worker's supervisor does this.")
    return access


def team_links(membership: Membership) -> list[SupervisorLink]:
    """The people this supervisor supervises, still active here."""
    if not membership.has_oversight:
        return []
    return list(
        SupervisorLink.objects.for_org(membership.organization)
        .active()
        .filter(supervisor_id=membership.user_id)
        .select_related("worker")
        .order_by("worker__preferred_name", "worker__email")
    )


def get_waiting_assessment_for(membership: Membership, assessment_id: int) -> Assessment:
    """An assessment someone asked this person to fill in, not yet sent."""
    found = (
        Assessment.objects.for_org(membership.organization)
        .filter(kind=Assessment.Kind.PEER)
        .select_related("worker")
        .filter(pk=assessment_id)
        .first()
    )
    if found is None:
        raise Http404("No such request here.")
    if found.rater_id != membership.user_id:
        raise PermissionDenied("This request was made to someone else.")
    if found.submitted_at is not None or found.declined_at is not None:
        raise Http404("This request is already answered.")
    return found


def get_goal_for(membership: Membership, goal_id: int) -> DevelopmentGoal:
    found = DevelopmentGoal.objects.for_org(membership.organization).filter(pk=goal_id).first()
    if found is None:
        raise Http404("No such goal here.")
    if found.worker_id != membership.user_id:
        raise PermissionDenied("Only the worker changes their goals.")
    return found


def get_action_for(membership: Membership, action_id: int) -> AgreedAction:
    found = (
        AgreedAction.objects.for_org(membership.organization)
        .select_related("session")
        .filter(pk=action_id)
        .first()
    )
    if found is None:
        raise Http404("No such action here.")
    get_worker_for(membership, found.session.worker_id, writing=True)
    return found


def get_training_record_for(membership: Membership, record_id: int) -> TrainingRecord:
    found = TrainingRecord.objects.for_org(membership.organization).filter(pk=record_id).first()
    if found is None:
        raise Http404("No such training record here.")
    get_worker_for(membership, found.worker_id)
    return found


def get_competency_for(membership: Membership, competency_id: int) -> Competency:
    """A framework item an admin may hide or show: shipped, or their organisation's own."""
    if not membership.is_admin:
        raise PermissionDenied("Only admins change the framework.")
    found = Competency.objects.for_org(membership.organization).filter(pk=competency_id).first()
    if found is None:
        raise Http404("No such item here.")
    return found


def get_worker_to_link_for(membership: Membership, worker_id: int) -> Membership:
    """A worker whose supervisor an admin sets."""
    if not membership.is_admin:
        raise PermissionDenied("Only admins choose who supervises whom.")
    return _worker_membership(membership, worker_id)


def get_course_for(membership: Membership, course_id: int) -> Course:
    """A course the organisation runs; supervisors and admins look after courses."""
    if not membership.has_oversight:
        raise PermissionDenied("Only supervisors and admins look after courses.")
    found = (
        Course.objects.for_org(membership.organization)
        .select_related("group", "organization")
        .filter(pk=course_id)
        .first()
    )
    if found is None:
        raise Http404("No such course here.")
    return found


def get_course_session_for(
    membership: Membership, course_id: int, meeting_id: int
) -> tuple[Course, Meeting]:
    course = get_course_for(membership, course_id)
    meeting = (
        Meeting.objects.for_org(membership.organization)
        .filter(pk=meeting_id, group_id=course.group_id)
        .first()
    )
    if meeting is None:
        raise Http404("No such session of this course.")
    return course, meeting
