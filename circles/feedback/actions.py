"""Changes to feedback and concerns that touch several rows, audit or send email.

Each runs in one transaction; email is queued only once it commits. What an
anonymous person does (answering the sheet, raising a concern, adding to it,
reading the replies) is stored with a date and never a time of day: anything
they do is audited with ``anonymous=True``, and the handler hears of it from
the hourly release once that day is over (see circles.feedback.tasks).
"""

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Case, F, Value, When

from circles.accounts.actions import audit
from circles.accounts.models import Membership, Organization, User
from circles.feedback.complaints import (
    can_handle,
    handler_memberships,
    new_receipt,
    people_kept_from,
    receipt_hash,
    today_for,
)
from circles.feedback.models import (
    Complaint,
    ComplaintMessage,
    FeedbackPrompt,
    FeedbackResponse,
    FeedbackSettings,
)
from circles.feedback.sheet import closes_at, meeting_date
from circles.feedback.tasks import notify_complaint
from circles.lib import codes
from circles.meetings.models import Meeting

# The end-of-session sheet


def record_response(
    meeting: Meeting, scores: list[int], helped: str = "", better: str = ""
) -> FeedbackResponse:
    """Store one anonymous answer. The caller has checked the window is open.

    No audit event: an event carries a time and a request id, which could link
    the answer to a moment and a connection.
    """
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.feedback_closes_at is None:
            locked.feedback_closes_at = closes_at(locked)
            locked.save(update_fields=["feedback_closes_at"])
            meeting.feedback_closes_at = locked.feedback_closes_at
        return FeedbackResponse.objects.create(
            organization_id=meeting.organization_id,
            group_id=meeting.group_id,
            meeting=meeting,
            meeting_date=meeting_date(meeting),
            window_closes=locked.feedback_closes_at,
            score_1=scores[0],
            score_2=scores[1],
            score_3=scores[2],
            score_4=scores[3],
            helped=helped.strip(),
            better=better.strip(),
        )


# Results


def mark_prompt_talked_over(prompt: FeedbackPrompt, actor: User) -> bool:
    """Put an invitation to reflect away. False if someone already had."""
    organization = prompt.organization
    with transaction.atomic():
        put_away = FeedbackPrompt.objects.filter(pk=prompt.pk, talked_over_on__isnull=True).update(
            talked_over_by=actor, talked_over_on=today_for(organization)
        )
        if put_away:
            audit("feedback.prompt_done", actor=actor, organization=organization, obj=prompt)
    return bool(put_away)


SETTINGS_NUMBERS = ("alert_below", "alert_drop", "link_days", "reply_within_days")


def save_feedback_settings(
    settings: FeedbackSettings,
    actor: User,
    questions: list[dict[str, Any]],
    numbers: dict[str, int],
) -> list[str]:
    """Save what changed and audit it; returns the names of what changed."""
    changed = [name for name in SETTINGS_NUMBERS if getattr(settings, name) != numbers[name]]
    for name in SETTINGS_NUMBERS:
        setattr(settings, name, numbers[name])
    if questions != settings.questions:
        changed.append("questions")
        settings.questions = questions
        settings.questions_changed_on = today_for(settings.organization)
    if changed:
        with transaction.atomic():
            settings.save()
            audit(
                "feedback.settings",
                actor=actor,
                organization=settings.organization,
                obj=settings,
                detail={"changed": changed},
            )
    return changed


# Concerns


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    receipt: str  # shown once, never stored
    has_handler: bool


def submit_complaint(
    organization: Organization,
    *,
    about: str,
    text: str,
    hoped_for: str = "",
    group: Any = None,
    meeting: Any = None,
    meeting_date: date | None = None,
    venue: Any = None,
    about_person: User | None = None,
    about_role: str = "",
    contact_name: str = "",
    contact_way: str = "",
    receipt: str = "",
) -> Submitted:
    """Store a new concern and route it (never to anyone it is about).

    The handler is told by the release once today is over (see
    circles.feedback.tasks). ``receipt`` is for the demo only (a code printed for
    people trying it out).
    """
    receipt = codes.normalise(receipt) or new_receipt()
    today = today_for(organization)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            organization=organization,
            receipt_hash=receipt_hash(receipt),
            about=about,
            group=group,
            meeting=meeting,
            meeting_date=meeting_date,
            venue=venue,
            about_person=about_person,
            about_role=about_role,
            text=text.strip(),
            hoped_for=hoped_for.strip(),
            contact_name=contact_name.strip(),
            contact_way=contact_way.strip(),
            received_on=today,
            notify=Complaint.Notify.NEW,
            notify_after=today,
        )
        kept = people_kept_from(complaint)
        if kept:
            complaint.kept_from.set(kept)
        handlers = handler_memberships(organization, kept)
        if handlers:
            complaint.assigned_to = handlers[0].user
            complaint.save(update_fields=["assigned_to"])
        audit(
            "complaint.received",
            organization=organization,
            obj=complaint,
            detail={"about": about},
            anonymous=True,
        )
    return Submitted(complaint, receipt, bool(handlers))


def read_by_staff(complaint: Complaint, actor: User) -> None:
    audit("complaint.read", actor=actor, organization=complaint.organization, obj=complaint)


def read_by_complainant(complaint: Complaint) -> None:
    audit(
        "complaint.read_by_complainant",
        organization=complaint.organization,
        obj=complaint,
        anonymous=True,
    )


def reply(complaint: Complaint, actor: User, text: str, internal: bool = False) -> ComplaintMessage:
    """A reply the complainant will see, or an internal note for handlers only."""
    with transaction.atomic():
        today = today_for(complaint.organization)
        message = ComplaintMessage.objects.create(
            organization=complaint.organization,
            complaint=complaint,
            author=actor,
            is_internal=internal,
            text=text.strip(),
            sent_on=today,
        )
        fields = []
        if not internal and complaint.first_reply_on is None:
            complaint.first_reply_on = today
            fields.append("first_reply_on")
        if not internal and complaint.status == Complaint.Status.RECEIVED:
            complaint.status = Complaint.Status.LOOKING
            fields.append("status")
        if fields:
            complaint.save(update_fields=fields)
        audit(
            "complaint.note" if internal else "complaint.replied",
            actor=actor,
            organization=complaint.organization,
            obj=complaint,
        )
    return message


def set_status(complaint: Complaint, actor: User, status: str) -> Complaint:
    with transaction.atomic():
        before = complaint.status
        complaint.status = status
        complaint.resolved_on = (
            today_for(complaint.organization) if status == Complaint.Status.RESOLVED else None
        )
        complaint.save(update_fields=["status", "resolved_on"])
        audit(
            "complaint.status",
            actor=actor,
            organization=complaint.organization,
            obj=complaint,
            detail={"from": before, "to": status},
        )
    return complaint


def assign(complaint: Complaint, actor: User, handler: Membership) -> Complaint:
    """Pass it to another supervisor or admin who may see it, and tell them."""
    if not can_handle(handler, complaint):
        raise ValueError("That person may not handle this concern.")
    with transaction.atomic():
        complaint.assigned_to = handler.user
        complaint.save(update_fields=["assigned_to"])
        audit(
            "complaint.assigned",
            actor=actor,
            organization=complaint.organization,
            obj=complaint,
            detail={"to": handler.user_id},
        )
        transaction.on_commit(partial(notify_complaint.enqueue, complaint.pk, "assigned"))
    return complaint


def add_from_complainant(complaint: Complaint, text: str) -> ComplaintMessage:
    """More words from the complainant; a resolved concern opens again.

    The handler hears of it once today is over. If they have not yet been told
    of the concern itself, that one email covers both.
    """
    today = today_for(complaint.organization)
    with transaction.atomic():
        message = ComplaintMessage.objects.create(
            organization=complaint.organization,
            complaint=complaint,
            from_complainant=True,
            text=text.strip(),
            sent_on=today,
        )
        # One statement, so a release telling the handler at this moment cannot
        # overwrite it.
        Complaint.objects.filter(pk=complaint.pk).update(
            notify=Case(
                When(notify=Complaint.Notify.NOTHING, then=Value(Complaint.Notify.MORE)),
                default=F("notify"),
            ),
            notify_after=today,
        )
        if complaint.is_resolved:
            complaint.status = Complaint.Status.LOOKING
            complaint.resolved_on = None
            complaint.save(update_fields=["status", "resolved_on"])
        audit(
            "complaint.added_by_complainant",
            organization=complaint.organization,
            obj=complaint,
            anonymous=True,
        )
    return message
