import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from circles.accounts.models import Invitation

logger = logging.getLogger(__name__)


@task()
def send_invitation_email(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organization", "invited_by").get(
        pk=invitation_id
    )
    if not invitation.is_usable:
        return
    # The link is minted here, from the row and the secret key: the task row
    # holds the id only, so a copy of the database cannot take over the invitation.
    token = invitation.stored_link_token()
    if token is None:
        logger.warning(
            "Invitation %s was not emailed: SECRET_KEY changed since it was made "
            "(keep the old key in SECRET_KEY_FALLBACKS, or invite again).",
            invitation_id,
        )
        return
    link = settings.SITE_ROOT.rstrip("/") + reverse("accept_invitation", args=[token])
    with translation.override(invitation.organization.language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("accounts/emails/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/emails/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
