"""Background work for feedback and concerns: emails, and the hourly release.

No email ever carries what someone wrote.

The release (``release_feedback``) raises gentle prompts for periods of answers
that have become visible, and tells handlers about concerns and additions whose
day is over. The worker runs it when it starts (``circles manage
release_feedback``) and then at the top of every hour.

A concern is never announced by a task of its own: a task row keeps its
arguments and the moment it was queued, to the microsecond, so a task per
concern would tie an anonymous concern to a time of day for as long as the row
exists. Instead the concern row carries only what is untold and its date
(``Complaint.notify``, ``notify_after``), and the release tells the handler once
that date is over in the organisation's timezone. The email then says nothing
about when in the day the concern came, and no task, log line or row does.
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from circles.accounts.models import Membership, Organization, Role
from circles.feedback.complaints import can_handle, handler_memberships, today_for
from circles.feedback.models import Complaint, FeedbackPrompt, FeedbackSettings
from circles.feedback.results import GroupResults, prompt_reason, results_for_groups
from circles.groups.models import SupportGroup
from circles.lib.taskqueue import keep_one_waiting

RELEASE_EVERY = timedelta(hours=1)


def _link(name: str, *args: object) -> str:
    return settings.SITE_ROOT.rstrip("/") + reverse(name, args=args)


def _send(template: str, context: dict[str, object], emails: list[str], language: str) -> int:
    with translation.override(language):
        subject = render_to_string(f"feedback/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"feedback/emails/{template}_body.txt", context)
    for email in emails:
        send_mail(subject, body, None, [email])
    return len(emails)


# Gentle prompts


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


def raise_prompts(
    organization: Organization,
    results: dict[int, GroupResults],
    settings: FeedbackSettings | None = None,
) -> list[FeedbackPrompt]:
    """Raise a prompt for each group whose latest period dips (once per period), and email it."""
    settings = settings or FeedbackSettings.of(organization)
    created: list[FeedbackPrompt] = []
    candidates = {
        gid: (res.periods[-1], reason)
        for gid, res in results.items()
        if (reason := prompt_reason(res.periods, settings))
    }
    if not candidates:
        return created
    existing = set(
        FeedbackPrompt.objects.for_org(organization)
        .filter(group_id__in=candidates)
        .values_list("group_id", "period_index")
    )
    for group_id, (period, reason) in candidates.items():
        if (group_id, period.index) in existing:
            continue
        try:
            with transaction.atomic():
                prompt = FeedbackPrompt.objects.create(
                    organization=organization,
                    group_id=group_id,
                    period_index=period.index,
                    period_first=period.first_date,
                    period_last=period.last_date,
                    reason=reason,
                    average_total=period.average_total,
                )
                transaction.on_commit(partial(notify_prompt.enqueue, prompt.pk))
        except IntegrityError:
            continue  # another release raised it a moment ago
        created.append(prompt)
    return created


def raise_all_prompts(now: datetime | None = None) -> int:
    """Raise any prompts due in every organisation."""
    count = 0
    for organization in Organization.objects.all():
        group_ids = SupportGroup.objects.for_org(organization).values_list("pk", flat=True)
        results = results_for_groups(organization, group_ids, now)
        count += len(raise_prompts(organization, results))
    return count


# Concerns


def tell_handler(complaint: Complaint, what: str) -> int:
    """Email whoever handles a concern that it arrived, has more, or was passed to them."""
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
def notify_complaint(complaint_id: int, what: str) -> int:
    """Tell the new handler a concern was passed to them.

    Only for what staff do: their acts carry their own time in the audit trail
    anyway. What the complainant does waits for the release.
    """
    complaint = Complaint.objects.select_related("organization").get(pk=complaint_id)
    return tell_handler(complaint, what)


def tell_waiting_handlers() -> int:
    """Tell handlers about concerns and additions whose day is over where the organisation is."""
    told = 0
    waiting = Complaint.objects.exclude(notify="").values("organization_id")
    for organization in Organization.objects.filter(pk__in=waiting):
        today = today_for(organization)
        for complaint in (
            Complaint.objects.for_org(organization)
            .handler_not_yet_told(before=today)
            .select_related("organization")
            .order_by("pk")
        ):
            what, after = complaint.notify, complaint.notify_after
            # Claimed in one statement, so two workers never tell twice, and an
            # addition arriving meanwhile (a newer date) waits for its own day.
            claimed = Complaint.objects.filter(
                pk=complaint.pk, notify=what, notify_after=after
            ).update(notify="", notify_after=None)
            if not claimed:
                continue
            try:
                tell_handler(complaint, what)
            except Exception:
                # Keep the news for the next release rather than lose it.
                Complaint.objects.filter(pk=complaint.pk, notify="").update(
                    notify=what, notify_after=after
                )
                raise
            told += 1
    return told


# The release


def release(now: datetime | None = None) -> dict[str, int]:
    return {"prompts": raise_all_prompts(now), "concerns": tell_waiting_handlers()}


@task()
def release_feedback() -> dict[str, int]:
    """Hourly in the worker: prompts for newly visible periods, news of concerns for handlers."""
    # Queued before the work, so a failure here never stops the hourly round.
    schedule_next_release()
    return release()


def schedule_next_release(now: datetime | None = None) -> bool:
    """Keep one release waiting in the database queue, for the top of the next hour."""
    now = now or timezone.now()
    return keep_one_waiting(
        release_feedback, now.replace(minute=0, second=0, microsecond=0) + RELEASE_EVERY
    )
