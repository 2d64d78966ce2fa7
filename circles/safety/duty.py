"""Who is told about a concern, in what order.

The organisation's on-duty list (``OnDutyEntry``), or every active supervisor
when the admin has not set one. A concern goes first to the first person on
duty at that moment, then, each time nobody has acknowledged it within the
organisation's limit, to the next; past the end of the list, to every admin.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from circles.accounts.models import STAFF_ROLES, Membership, Organization, Role, User
from circles.safety.models import OnDutyEntry


def active_staff(organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.for_org(organization)
        .active()
        .filter(role__in=STAFF_ROLES, user__is_active=True)
        .select_related("user")
    )


def duty_entries(organization: Organization) -> list[OnDutyEntry]:
    """The admin's list, in order, of people still active staff here."""
    staff_ids = active_staff(organization).values("user_id")
    return list(OnDutyEntry.objects.for_org(organization).in_order().filter(user_id__in=staff_ids))


def default_duty_users(organization: Organization) -> list[User]:
    """Every active supervisor, oldest membership first."""
    return [
        m.user
        for m in active_staff(organization).filter(role=Role.SUPERVISOR).order_by("created", "id")
    ]


def duty_list_ids(organization: Organization) -> set[int]:
    """Everyone on the list (on duty now or not): they may see every concern."""
    entries = duty_entries(organization)
    if entries:
        return {e.user_id for e in entries}
    return {u.pk for u in default_duty_users(organization)}


def admins(organization: Organization) -> list[User]:
    return [
        m.user for m in active_staff(organization).filter(role=Role.ADMIN).order_by("created", "id")
    ]


def chain_at(organization: Organization, at: datetime | None = None) -> list[User]:
    """Who to tell, in order, for a concern raised at ``at``.

    Those on duty at that moment first; when the list names nobody on duty then,
    everyone on it in order, so a concern is never left with no one.
    """
    at = at or timezone.now()
    entries = duty_entries(organization)
    if not entries:
        return default_duty_users(organization)
    local = timezone.localtime(at, ZoneInfo(organization.timezone))
    on_now = [e.user for e in entries if e.on_duty_at(local)]
    return on_now or [e.user for e in entries]
