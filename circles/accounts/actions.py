"""Writes about people and organisations that have side effects.

Each action runs in a transaction and leaves an audit event; email goes out
through the task queue once the transaction has committed.
"""

import hmac
import json
from datetime import datetime
from functools import partial
from hashlib import sha256
from typing import Any, Literal, overload

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from circles.accounts.models import (
    AnonymousAuditEvent,
    AuditEvent,
    AuditRecord,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
    chain_for,
    hash_token,
)
from circles.lib import ratelimit
from circles.lib.accesslog import redact_path
from circles.lib.hashchain import GENESIS_HASH
from circles.lib.middleware import request_id_var


@overload
def audit(
    action: str,
    *,
    actor: Any = None,
    organization: Organization | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    detail: dict[str, Any] | None = None,
    anonymous: Literal[False] = False,
) -> AuditEvent: ...


@overload
def audit(
    action: str,
    *,
    actor: Any = None,
    organization: Organization | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    detail: dict[str, Any] | None = None,
    anonymous: Literal[True],
) -> AnonymousAuditEvent: ...


def audit(
    action: str,
    *,
    actor: Any = None,
    organization: Organization | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    detail: dict[str, Any] | None = None,
    anonymous: bool = False,
) -> AuditRecord:
    """Append one event to its organisation's audit chain.

    ``anonymous`` is for things done by someone who must stay unknown (a
    complainant following up): no actor, no request id (proxies log it beside
    an address), the date only, and a chain and table of their own, so that
    neither an id nor a place in a chain says when it happened.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk
    organization_id = organization.pk if organization else None
    chain = chain_for(organization_id, anonymous=anonymous)
    fields: dict[str, Any] = {
        "chain": chain,
        "organization_id": organization_id,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id) if object_id not in (None, "") else "",
        "detail": detail or {},
    }
    event: AuditRecord
    with transaction.atomic():
        if anonymous:
            event = AnonymousAuditEvent(day=timezone.now().date(), **fields)
        else:
            event = AuditEvent(
                created=timezone.now(),
                actor_id=actor.pk if getattr(actor, "is_authenticated", False) else None,
                request_id=request_id_var.get(),
                **fields,
            )
        event.prev_hash = _lock_chain(type(event), chain, organization_id)
        event.hash = event.compute_hash()
        event.save()
    return event


LOCK_CHAIN_SQL = """
    INSERT INTO accounts_auditchainhead (chain, organization_id) VALUES (%s, %s)
    ON CONFLICT (chain) DO UPDATE SET organization_id = excluded.organization_id
"""


def _lock_chain(model: type[AuditRecord], chain: str, organization_id: int | None) -> str:
    """Wait for this chain alone; return the hash the next event follows."""
    if connection.vendor == "postgresql":
        # SQLite lets one writer in at a time anyway; PostgreSQL needs the row lock
        # so that two appends to one chain never claim the same predecessor. An
        # upsert that changes nothing creates the chain's row or locks it, in one
        # statement (AuditChainHead).
        with connection.cursor() as cursor:
            cursor.execute(LOCK_CHAIN_SQL, [chain, organization_id])
    last = model.objects.filter(chain=chain).order_by("-id").values_list("hash", flat=True)
    return last.first() or GENESIS_HASH


# Repeats: counted, not each written -------------------------------------------


def audit_repeated(
    action: str,
    *,
    subject: str,
    target: str = "",
    actor: Any = None,
    organization: Organization | None = None,
    object_type: str = "",
    object_id: Any = "",
    detail: dict[str, Any] | None = None,
) -> int:
    """Count one more ``action`` by ``subject`` on ``target`` today; return the count.

    The first of the day is written to the audit trail as ``action``; the 10th,
    100th, 1000th... as ``<action>.repeated`` with the count so far, so the trail
    shows the size of a flood without holding every request of it. The exact
    count is kept in ``AuditTally``, one row per subject, target and day.
    """
    now = timezone.now()
    organization_id = organization.pk if organization else None
    key = sha256(json.dumps([action, subject, target, organization_id]).encode()).hexdigest()
    # No savepoint of its own: if the event cannot be written, the count is not kept either.
    with transaction.atomic(savepoint=False):
        count = _count_one_more(now, action, key, organization_id, subject, target)
        if count == 1 or _is_power_of_ten(count):
            audit(
                action if count == 1 else f"{action}.repeated",
                actor=actor,
                organization=organization,
                object_type=object_type,
                object_id=object_id,
                detail={**(detail or {}), **({"count": count} if count > 1 else {})},
            )
    return count


COUNT_ONE_MORE_SQL = """
    INSERT INTO accounts_audittally
        (day, action, key, organization_id, subject, target, occurrences, first_seen, last_seen)
    VALUES (%s, %s, %s, %s, %s, %s, 1, %s, %s)
    ON CONFLICT (day, action, key) DO UPDATE
    SET occurrences = accounts_audittally.occurrences + 1, last_seen = excluded.last_seen
    RETURNING occurrences
"""


def _count_one_more(
    now: datetime,
    action: str,
    key: str,
    organization_id: int | None,
    subject: str,
    target: str,
) -> int:
    # One statement on AuditTally that inserts or adds one and returns the new count, so
    # simultaneous requests never lose a count (PostgreSQL and SQLite alike).
    with connection.cursor() as cursor:
        cursor.execute(
            COUNT_ONE_MORE_SQL,
            [
                connection.ops.adapt_datefield_value(now.date()),
                action,
                key,
                organization_id,
                subject[:80],
                target[:200],
                connection.ops.adapt_datetimefield_value(now),
                connection.ops.adapt_datetimefield_value(now),
            ],
        )
        row = cursor.fetchone()
    return int(row[0])


def _is_power_of_ten(count: int) -> bool:
    digits = str(count)
    return len(digits) > 1 and digits[0] == "1" and set(digits[1:]) == {"0"}


def record_refused_access(request: HttpRequest, organization: Organization | None) -> None:
    """A 403: the first of the day per person and page kind is audited, the rest counted."""
    user = request.user
    match = request.resolver_match
    audit_repeated(
        "access.refused",
        subject=f"user {user.pk}" if user.is_authenticated else "anonymous",
        target=match.route if match else "",
        actor=user,
        organization=organization,
        object_type="path",
        # Never the receipt, token or code some anonymous paths carry.
        object_id=redact_path(request.path)[:64],
        detail={"method": request.method},
    )


# Sign-in protection -------------------------------------------------------


def email_digest(email: str) -> str:
    normalized = (email or "").strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), sha256).hexdigest()


def sign_in_limit() -> ratelimit.Limit:
    return ratelimit.Limit(
        "sign-in",
        allowed=settings.LOGIN_LOCKOUT_FAILURES,
        window=settings.LOGIN_LOCKOUT_MINUTES * 60,
    )


def take_sign_in_attempt(email: str) -> ratelimit.Attempt:
    """Count a sign-in attempt for this account *before* its password is checked.

    Counting and checking the limit are one atomic step, so a burst of
    simultaneous tries cannot all slip in under it. The caller gives the attempt
    back when the password was right, so only wrong passwords stay counted. The
    account is named by a keyed digest of its email, whether or not it exists.
    """
    return ratelimit.take(sign_in_limit(), [ratelimit.target("account", email_digest(email))])


def record_failed_login(request: HttpRequest | None, email: str, *, locks: bool) -> None:
    """Audit a failed sign-in; ``locks`` when it was the last one the limit allowed."""
    user = user_with_email(email)
    with transaction.atomic():
        audit_sign_in_trouble("login.failed", email, user)
        if locks:
            audit_sign_in_trouble("login.locked", email, user)


def user_with_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=(email or "").strip()).only("pk").first()


def audit_sign_in_trouble(action: str, email: str, user: User | None) -> None:
    """Failed and refused sign-ins: counted per account and day, audited only now and then.

    Tries for addresses that belong to nobody are counted together, so a
    thousand made-up addresses add one count, not a thousand rows.
    """
    audit_repeated(
        action,
        subject=f"account {user.pk}" if user else "unknown account",
        object_type="accounts.user",
        object_id=user.pk if user else "",
        detail={"email_digest": email_digest(email)[:16]},
    )


# Sessions ------------------------------------------------------------------


def end_all_sessions(user: User) -> None:
    """Invalidate every session this person has, on every device."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


# Memberships and invitations --------------------------------------------------


def create_invitation(
    organization: Organization, email: str, role: str, invited_by: User
) -> tuple[Invitation, str]:
    """Create an invitation; return it with the one-time token for the link."""
    from circles.accounts.tasks import send_invitation_email

    invitation = Invitation(
        organization=organization,
        email=email.strip().lower(),
        role=role,
        invited_by=invited_by,
        expires_at=Invitation.default_expiry(),
    )
    token = invitation.link_token()
    invitation.token_hash = hash_token(token)
    with transaction.atomic():
        invitation.save()
        audit(
            "invitation.created",
            actor=invited_by,
            organization=organization,
            obj=invitation,
            detail={"role": role},
        )
        # The task gets the id only: a task row must never hold the link.
        transaction.on_commit(partial(send_invitation_email.enqueue, invitation_id=invitation.pk))
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organization")
        .filter(token_hash=hash_token(token))
        .first()
    )


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    with transaction.atomic():
        # Re-read under the transaction so a link cannot be used twice.
        fresh = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not fresh.is_usable:
            raise ValueError("This invitation has already been used or has expired.")
        fresh.accepted_at = timezone.now()
        fresh.save(update_fields=["accepted_at"])
        membership, created = Membership.objects.get_or_create(
            user=user,
            organization=fresh.organization,
            defaults={"role": fresh.role},
        )
        if not created:
            membership.role = fresh.role
            membership.is_active = True
            membership.deactivated_at = None
            membership.save(update_fields=["role", "is_active", "deactivated_at"])
        audit("invitation.accepted", actor=user, organization=fresh.organization, obj=fresh)
    return membership


def revoke_invitation(invitation: Invitation, by: User) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit("invitation.revoked", actor=by, organization=invitation.organization, obj=invitation)


def change_role(membership: Membership, role: str, by: User) -> None:
    with transaction.atomic():
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit(
            "membership.role_changed",
            actor=by,
            organization=membership.organization,
            obj=membership,
            detail={"from": old, "to": role},
        )


def deactivate_membership(membership: Membership, by: User) -> None:
    with transaction.atomic():
        membership.is_active = False
        membership.deactivated_at = timezone.now()
        membership.save(update_fields=["is_active", "deactivated_at"])
        end_all_sessions(membership.user)
        audit(
            "membership.deactivated", actor=by, organization=membership.organization, obj=membership
        )


def reactivate_membership(membership: Membership, by: User) -> None:
    with transaction.atomic():
        membership.is_active = True
        membership.deactivated_at = None
        membership.save(update_fields=["is_active", "deactivated_at"])
        audit(
            "membership.reactivated", actor=by, organization=membership.organization, obj=membership
        )


def is_last_active_admin(membership: Membership) -> bool:
    if membership.role != Role.ADMIN or not membership.is_active:
        return False
    return not (
        Membership.objects.for_org(membership.organization)
        .active()
        .filter(role=Role.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )
