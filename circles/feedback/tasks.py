"""Emails about feedback and concerns. None ever carries what someone wrote."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from circles.accounts.models import Membership, Role
from circles.feedback.complaints import can_handle, handler_memberships
from circles.feedback.models import Complaint, FeedbackPrompt, FeedbackSettings
from circles.feedback.results import refresh_all_prompts


def _link(name: str, *args: object) -> str:
    return settings.SITE_ROOT.rstrip("/") + reverse(name, args=args)


def _send(template: str, context: dict[str, object], emails: list[str], language: str) -> int:
    with translation.override(language):
        subject = render_to_string(f"feedback/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"feedback/emails/{template}_body.txt", context)
    for email in emails:
        send_mail(subject, body, None, [email])
    return len(emails)


@task()
def notify_prompt(prompt_id: int) -> int:
    """Invite the group's facilitators and the supervisors to look at recent feedback."""
    prompt = FeedbackPrompt.objects.select_related("group", "organization").get(pk=prompt_id)
    organization = prompt.organization
    # Only facilitators still active here: someone who has left hears no more about the group.
    facilitators = list(
        prompt.group.facilitators.filter(
            is_active=True,
            memberships__organization=organization,
            memberships__is_active=True,
        )
    )
    supervisors = [
        m.user
        for m in Membership.objects.for_org(organization)
        .filter(role=Role.SUPERVISOR, is_active=True, user__is_active=True)
        .select_related("user")
    ]
    emails = sorted({u.email for u in [*facilitators, *supervisors] if u.email})
    context = {
        "prompt": prompt,
        "organization": organization,
        "link": _link("feedback_group", organization.slug, prompt.group_id),
    }
    return _send("prompt", context, emails, organization.language)


@task()
def notify_complaint(complaint_id: int, what: str) -> int:
    """Tell whoever handles a concern that it arrived, was passed to them, or has more."""
    complaint = Complaint.objects.select_related("organization", "assigned_to").get(pk=complaint_id)
    organization = complaint.organization
    handlers = handler_memberships(
        organization, set(complaint.kept_from.values_list("pk", flat=True))
    )
    assigned = next((m for m in handlers if m.user_id == complaint.assigned_to_id), None)
    if assigned is not None and can_handle(assigned, complaint):
        recipients = [assigned.user.email]
    else:
        recipients = [m.user.email for m in handlers if can_handle(m, complaint)]
    context = {
        "what": what,
        "organization": organization,
        "link": _link("complaint_detail", organization.slug, complaint.pk),
        "complaint": complaint,
        "reply_within_days": FeedbackSettings.of(organization).reply_within_days,
    }
    return _send("complaint", context, [e for e in recipients if e], organization.language)


@task()
def release_feedback() -> int:
    """Daily: raise prompts for periods of feedback that have just become visible."""
    return refresh_all_prompts()
