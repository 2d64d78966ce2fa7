"""Writes about people and organisations that have side effects.

Each action runs in a transaction and leaves an audit event; email goes out
through the task queue once the transaction has committed.
"""

import hmac
from datetime import timedelta
from functools import partial
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from circles.accounts.models import (
    AuditEvent,
    FailedLogin,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
    hash_token,
)
from circles.lib.middleware import request_id_var

GENESIS_HASH = "0" * 64


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
) -> AuditEvent:
    """Append one event to the audit chain.

    ``anonymous`` is for things done by someone who must stay unknown (a
    complainant following up): no actor, no request id (proxies log it beside
    an address) and the date only, not the time.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Serialise appends so two events never claim the same predecessor.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(727274)")
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        now = timezone.now()
        if anonymous:
            actor_id = None
            now = now.replace(hour=0, minute=0, second=0, microsecond=0)
        event = AuditEvent(
            created=now,
            actor_id=actor_id,
            organization_id=organization.pk if organization else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id) if object_id not in (None, "") else "",
            request_id="" if anonymous else request_id_var.get(),
            detail=detail or {},
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def verify_audit_chain() -> list[str]:
    """Walk the chain from the start; return one plain sentence per problem found."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != expected_prev:
            problems.append(
                f"Event {event.id} does not follow the event before it: "
                "a row before it was deleted or edited."
            )
        if event.compute_hash() != event.hash:
            problems.append(f"Event {event.id} was edited after it was written.")
        expected_prev = event.hash
    return problems


# Sign-in protection -------------------------------------------------------


def email_digest(email: str) -> str:
    normalized = (email or "").strip().lower()
    return hmac.new(settings.SECRET_KEY.encode(), normalized.encode(), sha256).hexdigest()


def login_locked_until(email: str) -> Any:
    now = timezone.now()
    return (
        FailedLogin.objects.filter(email_digest=email_digest(email), locks_until__gt=now)
        .order_by("-locks_until")
        .values_list("locks_until", flat=True)
        .first()
    )


def record_failed_login(request: HttpRequest | None, email: str) -> bool:
    """Count a failed sign-in; lock the account after too many. Returns True if now locked."""
    digest = email_digest(email)
    now = timezone.now()
    window = now - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    user = User.objects.filter(email__iexact=(email or "").strip()).only("pk").first()
    with transaction.atomic():
        recent = FailedLogin.objects.filter(email_digest=digest, created__gt=window).count()
        locks = recent + 1 >= settings.LOGIN_LOCKOUT_FAILURES
        FailedLogin.objects.create(
            email_digest=digest,
            created=now,
            locks_until=now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES) if locks else None,
        )
        detail = {"email_digest": digest[:16]}
        audit(
            "login.failed",
            object_type="accounts.user",
            object_id=user.pk if user else "",
            detail=detail,
        )
        if locks:
            audit(
                "login.locked",
                object_type="accounts.user",
                object_id=user.pk if user else "",
                detail=detail,
            )
    return locks


def clear_failed_logins(email: str) -> None:
    FailedLogin.objects.filter(email_digest=email_digest(email), locks_until__isnull=True).delete()


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
