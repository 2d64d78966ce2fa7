"""Background work for the code of ethics: the step-back notice (hand-overs: rounds.py)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from circles.accounts.models import Membership, Organization, Role
from circles.safety.ethics.models import StepBack


def supervisors_of(organization: Organization) -> list[str]:
    """Who hears that someone is away: the supervisors, or the admins when there are none."""
    members = Membership.objects.for_org(organization).active().filter(user__is_active=True)
    for role in (Role.SUPERVISOR, Role.ADMIN):
        emails = [e for e in members.filter(role=role).values_list("user__email", flat=True) if e]
        if emails:
            return sorted(emails)
    return []


@task()
def send_step_back_notice(step_back_id: int) -> int:
    """Tell the supervisors only that someone is away, when, and who covers. Never why."""
    away = StepBack.objects.select_related("organization", "worker", "cover").get(pk=step_back_id)
    organization = away.organization
    recipients = [e for e in supervisors_of(organization) if e != away.worker.email]
    link = settings.SITE_ROOT.rstrip("/") + reverse("ethics_team", args=[organization.slug])
    context = {"away": away, "organization": organization, "link": link}
    with translation.override(organization.language), timezone.override(organization.timezone):
        subject = render_to_string("safety/emails/ethics_away_subject.txt", context).strip()
        body = render_to_string("safety/emails/ethics_away_body.txt", context)
    for email in recipients:
        send_mail(subject, body, None, [email])
    return len(recipients)
