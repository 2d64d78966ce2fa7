"""Who may see whom: 404 outside the organisation, 403 for the wrong role or person.

A specialist sees only the people on their own caseload. Supervisors and admins
answer requests and see caseloads as counts; they read notes only where the
organisation's policy shares notes with supervision, or a note was put forward
for co-signing. The person reads their own record from their own page.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership
from circles.peerwork.models import CheckInPlan, ContactNote, PeerworkSettings, Person, today_for
from circles.safety.ethics.queries import covering


def may_answer_requests(membership: Membership) -> bool:
    return membership.has_oversight


def _person(membership: Membership, person_id: int) -> Person:
    try:
        return (
            Person.objects.for_org(membership.organization)
            .select_related("user", "specialist")
            .get(pk=person_id)
        )
    except Person.DoesNotExist as exc:
        raise Http404("No such person here.") from exc


def is_their_specialist(membership: Membership, person: Person) -> bool:
    """Their own peer specialist, or the colleague covering while that specialist steps back."""
    if not membership.is_staff_role or person.status != Person.Status.SUPPORTED:
        return False
    if person.specialist_id == membership.user_id:
        return True
    if person.specialist_id is None:
        return False
    cover = covering(membership.organization, today_for(membership.organization))
    return cover.get(person.specialist_id) == membership.user_id


def get_person_for(membership: Membership, person_id: int) -> Person:
    """A person's page: their specialist, or a supervisor or admin."""
    person = _person(membership, person_id)
    if is_their_specialist(membership, person) or membership.has_oversight:
        return person
    raise PermissionDenied("Only their peer specialist, supervisors and admins see this.")


def get_request_for(membership: Membership, person_id: int) -> Person:
    """A waiting person, or one asking for a change, for those who answer requests."""
    if not may_answer_requests(membership):
        raise PermissionDenied("Only supervisors and admins answer requests.")
    person = _person(membership, person_id)
    if person.status == Person.Status.CLOSED:
        raise Http404("This request is closed.")
    return person


def get_supported_for(membership: Membership, person_id: int) -> Person:
    """Someone on this specialist's own caseload: for notes and check-ins."""
    person = _person(membership, person_id)
    if not is_their_specialist(membership, person):
        raise PermissionDenied("Only their own peer specialist writes notes for a person.")
    return person


def supervision_reads_notes(membership: Membership, settings: PeerworkSettings) -> bool:
    return membership.has_oversight and settings.notes_shared_with_supervision


def may_read_note(
    membership: Membership, person: Person, note: ContactNote, settings: PeerworkSettings
) -> bool:
    if is_their_specialist(membership, person):
        return True
    if not membership.has_oversight:
        return False
    return settings.notes_shared_with_supervision or note.cosign_asked_at is not None


def _note(membership: Membership, note_id: int) -> ContactNote:
    try:
        return (
            ContactNote.objects.for_org(membership.organization)
            .select_related("person", "person__user", "person__specialist")
            .get(pk=note_id)
        )
    except ContactNote.DoesNotExist as exc:
        raise Http404("No such note here.") from exc


def get_own_note_for(membership: Membership, note_id: int) -> ContactNote:
    """A note of someone on this specialist's caseload (addenda, asking for a co-signature)."""
    note = _note(membership, note_id)
    if not is_their_specialist(membership, note.person):
        raise PermissionDenied("Only the person's peer specialist changes this note.")
    return note


def get_cosign_note_for(membership: Membership, note_id: int) -> ContactNote:
    """A note a supervisor may co-sign: shared with supervision, or put forward for it."""
    note = _note(membership, note_id)
    settings = PeerworkSettings.of(membership.organization)
    if not membership.has_oversight:
        raise PermissionDenied("Only supervisors and admins co-sign notes.")
    if not may_read_note(membership, note.person, note, settings):
        raise PermissionDenied("This note has not been shared with supervision.")
    return note


def get_plan_for(membership: Membership, plan_id: int) -> CheckInPlan:
    try:
        plan = (
            CheckInPlan.objects.for_org(membership.organization)
            .select_related("person")
            .get(pk=plan_id)
        )
    except CheckInPlan.DoesNotExist as exc:
        raise Http404("No such check-in here.") from exc
    if not is_their_specialist(membership, plan.person):
        raise PermissionDenied("Only the person's peer specialist records check-ins.")
    return plan
