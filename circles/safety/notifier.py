"""How people on duty are told that a concern is waiting.

A channel gets the person and the concern's id and link, never what anyone
wrote: an email or text message says only that a concern waits, and where.
Channels are listed by dotted path in ``settings.CIRCLES_SAFETY_CHANNELS``;
email is the one built in, and an SMS gateway would be another class with the
same ``send``.
"""

from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.module_loading import import_string

from circles.accounts.models import Organization, User


class Channel(Protocol):
    name: str

    def send(self, user: User, organization: Organization, link: str, escalated: bool) -> bool:
        """Tell ``user`` a concern waits at ``link``. True when it went out."""
        ...


class EmailChannel:
    name = "email"

    def send(self, user: User, organization: Organization, link: str, escalated: bool) -> bool:
        if not user.email:
            return False
        context = {"organization": organization, "link": link, "escalated": escalated}
        with translation.override(user.language or organization.language):
            subject = render_to_string("safety/emails/concern_subject.txt", context).strip()
            body = render_to_string("safety/emails/concern_body.txt", context)
        send_mail(subject, body, None, [user.email])
        return True


def channels() -> list[Channel]:
    paths = getattr(settings, "CIRCLES_SAFETY_CHANNELS", ["circles.safety.notifier.EmailChannel"])
    return [import_string(path)() for path in paths]
