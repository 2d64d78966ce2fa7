"""Where a new concern goes: never to anyone it is about, fewest open concerns first."""

from typing import Any

import pytest
from django.core import mail

from circles.accounts.models import Membership, Organization, Role, User
from circles.feedback.actions import set_status, submit_complaint
from circles.feedback.complaints import visible_complaints
from circles.feedback.models import Complaint
from circles.testing.fixtures import make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def membership_of(user: User, organization: Organization) -> Membership:
    return Membership.objects.get(user=user, organization=organization)


def kept(complaint: Complaint) -> set[int]:
    return set(complaint.kept_from.values_list("pk", flat=True))


def test_about_the_only_supervisor_it_goes_to_the_admin(
    riverside: Organization, admin: User, supervisor: User, specialist: User
) -> None:
    submitted = submit_complaint(
        riverside, about="person", about_person=supervisor, text="Sam talked over me."
    )
    complaint = submitted.complaint
    assert submitted.has_handler
    assert complaint.assigned_to_id == admin.pk
    assert kept(complaint) == {supervisor.pk}
    assert not visible_complaints(membership_of(supervisor, riverside)).filter(pk=complaint.pk)
    assert visible_complaints(membership_of(admin, riverside)).filter(pk=complaint.pk).exists()


def test_about_a_specialist_it_goes_to_a_supervisor_first(
    riverside: Organization, admin: User, supervisor: User, specialist: User
) -> None:
    complaint = submit_complaint(
        riverside, about="person", about_person=specialist, text="Jordan was late again."
    ).complaint
    assert complaint.assigned_to_id == supervisor.pk
    assert kept(complaint) == {specialist.pk}


def test_the_supervisor_with_fewest_open_concerns_gets_the_next(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    other = make_member(riverside, Role.SUPERVISOR, "sup2@example.org", "Noor")
    first = submit_complaint(riverside, about="organization", text="One").complaint
    second = submit_complaint(riverside, about="organization", text="Two").complaint
    # Ties go to the older membership; then the other supervisor has fewer.
    assert first.assigned_to_id == supervisor.pk
    assert second.assigned_to_id == other.pk
    third = submit_complaint(riverside, about="organization", text="Three").complaint
    assert third.assigned_to_id == supervisor.pk
    # Resolved concerns do not count: Sam now has none open, Noor one.
    set_status(first, admin, Complaint.Status.RESOLVED)
    set_status(third, admin, Complaint.Status.RESOLVED)
    fourth = submit_complaint(riverside, about="organization", text="Four").complaint
    assert fourth.assigned_to_id == supervisor.pk


def test_facilitators_of_the_group_and_the_meeting_leader_are_kept_from_it(
    riverside: Organization, admin: User, supervisor: User, specialist: User
) -> None:
    group = make_group(riverside, facilitators=[admin, specialist])
    meeting = make_meeting(group, leader=supervisor)
    complaint = submit_complaint(
        riverside, about="meeting", group=group, meeting=meeting, text="It ran very late."
    )
    assert kept(complaint.complaint) == {admin.pk, specialist.pk, supervisor.pk}
    assert not complaint.has_handler
    assert complaint.complaint.assigned_to_id is None


def test_with_nobody_left_to_handle_it_has_handler_is_false(
    riverside: Organization, admin: User
) -> None:
    submitted = submit_complaint(riverside, about="person", about_person=admin, text="About Alex.")
    assert not submitted.has_handler
    assert submitted.complaint.assigned_to_id is None
    assert not visible_complaints(membership_of(admin, riverside)).exists()


def test_a_later_facilitator_of_the_group_loses_sight_of_it(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    group = make_group(riverside, facilitators=[])
    complaint = submit_complaint(riverside, about="group", group=group, text="Too loud.").complaint
    assert visible_complaints(membership_of(admin, riverside)).filter(pk=complaint.pk).exists()
    group.facilitators.add(admin)
    assert not visible_complaints(membership_of(admin, riverside)).filter(pk=complaint.pk)


def test_the_email_goes_only_to_the_handler_and_carries_no_words(
    riverside: Organization,
    admin: User,
    supervisor: User,
    release_tomorrow: Any,
) -> None:
    submit_complaint(
        riverside,
        about="person",
        about_person=supervisor,
        text="Sam rolled their eyes at me.",
        hoped_for="An apology would help.",
        contact_name="Riley",
        contact_way="riley@example.com",
    )
    release_tomorrow()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [admin.email]
    whole = f"{email.subject}\n{email.body}"
    for secret in ("rolled their eyes", "apology", "Riley", "riley@example.com", "Sam"):
        assert secret not in whole
    assert "/o/riverside/complaints/" in email.body


def test_a_meeting_named_without_its_group_still_keeps_the_groups_facilitators_out(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    group = make_group(riverside, facilitators=[supervisor])
    meeting = make_meeting(group)
    complaint = submit_complaint(
        riverside, about="meeting", meeting=meeting, text="Late."
    ).complaint
    assert kept(complaint) == {supervisor.pk}
    assert complaint.assigned_to_id == admin.pk
    group.facilitators.set([])  # the snapshot keeps them out; so does the query while they run it
    assert not visible_complaints(membership_of(supervisor, riverside)).filter(pk=complaint.pk)
    complaint.kept_from.clear()
    group.facilitators.set([supervisor])
    assert not visible_complaints(membership_of(supervisor, riverside)).filter(pk=complaint.pk)
