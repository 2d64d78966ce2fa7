"""Named reads of the ethics tables that other areas use.

Peerwork (a later area) imports these directly. Meetings (an earlier one) reaches
``kept_apart_pairs`` through the ``CIRCLES_KEEP_APART`` setting, never an import.
"""

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Max, Q
from django.utils import timezone

from circles.accounts.models import Membership, Organization
from circles.safety.ethics.models import (
    DualRelationship,
    EthicsCode,
    EthicsSignature,
    StepBack,
)

# Staff sign again a year after they last signed.
RENEW_AFTER = datetime.timedelta(days=365)
# A newcomer, or everyone after a new version, has this long to sign.
TIME_TO_SIGN = datetime.timedelta(days=14)
# The home page starts reminding this long before a signature runs out.
REMIND_BEFORE = datetime.timedelta(days=30)


def org_today(organization: Organization) -> datetime.date:
    """Today on the organisation's own clock."""
    return timezone.localdate(timezone=ZoneInfo(organization.timezone))


def kept_apart_user_ids(organization: Organization, user: Any) -> set[int]:
    """The people this user declared a dual relationship with (or who declared one with them)."""
    user_id = getattr(user, "pk", user)
    found: set[int] = set()
    for worker_id, person_id in (
        DualRelationship.objects.for_org(organization)
        .current()
        .filter(Q(worker_id=user_id) | Q(person_id=user_id))
        .values_list("worker_id", "person_id")
    ):
        found.add(person_id if worker_id == user_id else worker_id)
    found.discard(user_id)
    return found


def kept_apart_pairs(organization: Organization) -> set[frozenset[int]]:
    """Every pair of user ids to keep apart in the organisation, in one query."""
    return {
        frozenset(pair)
        for pair in DualRelationship.objects.for_org(organization)
        .current()
        .values_list("worker_id", "person_id")
        if pair[0] != pair[1]
    }


def covering(organization: Organization, on: datetime.date) -> dict[int, int]:
    """Who is stepped back on that day, and who covers them: away user id -> cover user id."""
    return dict(
        StepBack.objects.for_org(organization)
        .covering_on(on)
        .order_by("starts_on", "pk")
        .values_list("worker_id", "cover_id")
    )


# Signing the code ------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningStatus:
    """Where one staff member stands with the current code."""

    state: str  # "signed", "due" or "overdue"
    due_on: datetime.date
    signed_on: datetime.date | None

    @property
    def needs_attention(self) -> bool:
        return self.state != "signed"


def _local_date(moment: datetime.datetime) -> datetime.date:
    # Pages run on the organisation's clock (the middleware switches it on).
    return timezone.localtime(moment).date()


def status_for(
    joined: datetime.datetime,
    code: EthicsCode,
    last_signed: datetime.datetime | None,
    today: datetime.date,
) -> SigningStatus:
    """Signed within the year and in no need of a reminder, due soon, or overdue."""
    if last_signed is not None:
        signed_on = _local_date(last_signed)
        due_on = signed_on + RENEW_AFTER
        if today > due_on:
            return SigningStatus("overdue", due_on, signed_on)
        state = "due" if due_on - today <= REMIND_BEFORE else "signed"
        return SigningStatus(state, due_on, signed_on)
    start = max(_local_date(joined), _local_date(code.published_at))
    due_on = start + TIME_TO_SIGN
    return SigningStatus("overdue" if today > due_on else "due", due_on, None)


def last_signed(
    organization: Organization, code: EthicsCode, user_ids: list[int] | None = None
) -> dict[int, datetime.datetime]:
    """When each person last signed this version of the code (one query)."""
    if code.pk is None:
        return {}
    signatures = EthicsSignature.objects.for_org(organization).filter(code=code)
    if user_ids is not None:
        signatures = signatures.filter(user_id__in=user_ids)
    return dict(
        signatures.values("user_id").annotate(last=Max("signed_at")).values_list("user_id", "last")
    )


def my_status(membership: Membership, today: datetime.date | None = None) -> SigningStatus:
    """The signed-in staff member's own standing (two queries)."""
    organization = membership.organization
    code = EthicsCode.objects.current_for(organization)
    last = last_signed(organization, code, [membership.user_id]).get(membership.user_id)
    return status_for(membership.created, code, last, today or org_today(organization))


@dataclass(frozen=True)
class StaffRow:
    membership: Membership
    status: SigningStatus


def staff_signing(organization: Organization, today: datetime.date | None = None) -> list[StaffRow]:
    """Every active staff member and where they stand, overdue first (three queries)."""
    today = today or org_today(organization)
    code = EthicsCode.objects.current_for(organization)
    members = list(Membership.objects.for_org(organization).active().staff().select_related("user"))
    last = last_signed(organization, code)
    rows = [StaffRow(m, status_for(m.created, code, last.get(m.user_id), today)) for m in members]
    order = {"overdue": 0, "due": 1, "signed": 2}
    rows.sort(
        key=lambda r: (
            order[r.status.state],
            r.status.due_on,
            r.membership.user.display_name.casefold(),
        )
    )
    return rows
