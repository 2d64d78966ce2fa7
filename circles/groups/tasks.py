from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from circles.groups.models import GroupMembership


def _load(group_membership_id: int) -> GroupMembership:
    return GroupMembership.objects.select_related("group__organization", "user").get(
        pk=group_membership_id
    )


def _link(name: str, **kwargs: object) -> str:
    return settings.SITE_ROOT.rstrip("/") + reverse(name, kwargs=kwargs)


@task()
def send_join_request_emails(group_membership_id: int) -> None:
    """Tell the facilitators someone asked to join, and confirm to the person."""
    gm = _load(group_membership_id)
    if gm.status != GroupMembership.Status.REQUESTED:
        return
    group = gm.group
    organization = group.organization
    context = {
        "gm": gm,
        "group": group,
        "organization": organization,
        "members_link": _link("group_members", org_slug=organization.slug, group_id=group.pk),
        "group_link": _link("public_group", group_id=group.pk),
    }
    with translation.override(organization.language):
        facilitators = [f.email for f in group.facilitators.all() if f.is_active]
        if facilitators:
            subject = render_to_string("groups/emails/join_request_subject.txt", context).strip()
            body = render_to_string("groups/emails/join_request_body.txt", context)
            send_mail(subject, body, None, facilitators)
    with translation.override(gm.user.language or organization.language):
        subject = render_to_string("groups/emails/join_confirm_subject.txt", context).strip()
        body = render_to_string("groups/emails/join_confirm_body.txt", context)
    send_mail(subject, body, None, [gm.user.email])


@task()
def send_decision_email(group_membership_id: int) -> None:
    """Tell the person the facilitators' answer, with their note."""
    gm = _load(group_membership_id)
    if gm.status not in (GroupMembership.Status.MEMBER, GroupMembership.Status.DECLINED):
        return
    group = gm.group
    organization = group.organization
    context = {
        "gm": gm,
        "group": group,
        "organization": organization,
        "accepted": gm.status == GroupMembership.Status.MEMBER,
        "home_link": _link("org_home", org_slug=organization.slug),
    }
    with translation.override(gm.user.language or organization.language):
        subject = render_to_string("groups/emails/decision_subject.txt", context).strip()
        body = render_to_string("groups/emails/decision_body.txt", context)
    send_mail(subject, body, None, [gm.user.email])
