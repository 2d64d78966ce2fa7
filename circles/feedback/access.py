"""Access helper for concerns: 403 for roles that never handle them, 404 for the rest.

A concern someone may not see (another organisation's, or one about them, their
group or a meeting they led) is answered exactly like one that does not exist,
so the person it is about cannot even learn that it is there.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership
from circles.feedback.complaints import visible_complaints
from circles.feedback.models import Complaint


def get_complaint_for(membership: Membership, complaint_id: int) -> Complaint:
    if not membership.has_oversight:
        raise PermissionDenied("Only supervisors and admins look after concerns.")
    try:
        return (
            visible_complaints(membership)
            .select_related("organization", "group", "meeting__group", "venue", "about_person")
            .select_related("assigned_to")
            .get(pk=complaint_id)
        )
    except Complaint.DoesNotExist as exc:
        raise Http404("No such concern here.") from exc
