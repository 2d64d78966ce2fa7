from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from circles.groups.feeds import rebuild_all
from circles.groups.models import GroupMembership
from circles.meetings.generation import generate_all
from circles.meetings.models import Meeting


@task()
def generate_meetings() -> int:
    """Keep every group's meetings generated for the coming weeks (safe to run any time)."""
    made = generate_all()
    # The public feeds say the next dates: a new day, new dates.
    rebuild_all()
    return made


@task()
def notify_meeting_change(meeting_id: int, what: str) -> int:
    """Email the group's members who agreed to emails that a meeting was cancelled or moved."""
    meeting = Meeting.objects.with_group().get(pk=meeting_id)
    organization = meeting.group.organization
    emails = [
        email
        for email in GroupMembership.objects.for_org(organization)
        .current()
        .filter(group_id=meeting.group_id, user__email_about_groups=True, user__is_active=True)
        .values_list("user__email", flat=True)
        if email
    ]
    link = settings.SITE_ROOT.rstrip("/") + reverse(
        "meeting_detail", args=[organization.slug, meeting.pk]
    )
    with translation.override(organization.language), timezone.override(organization.timezone):
        context = {"meeting": meeting, "what": what, "link": link, "organization": organization}
        subject = render_to_string("meetings/emails/change_subject.txt", context).strip()
        body = render_to_string("meetings/emails/change_body.txt", context)
    for email in emails:
        send_mail(subject, body, None, [email])
    return len(emails)
