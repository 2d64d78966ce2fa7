from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from circles.accounts.models import Invitation


@task()
def send_invitation_email(invitation_id: int, token: str) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_usable:
        return
    link = settings.SITE_ROOT.rstrip("/") + reverse("accept_invitation", args=[token])
    with translation.override(invitation.organization.language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("accounts/emails/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/emails/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
