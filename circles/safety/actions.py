"""Writes in the safety area: each audits, runs in one transaction, and queues
notifications only once it commits (tasks carry ids, never what anyone wrote)."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import Organization, User
from circles.meetings.models import Meeting
from circles.safety.models import (
    ConcernStep,
    ConfidentialityAcknowledgement,
    ConfidentialityStatement,
    OnDutyEntry,
    SafetyConcern,
    SafetySettings,
)
from circles.safety.tasks import queue_passed
from circles.safety.workflow import IllegalTransition, add_step, lock, move, pass_on

# Confidentiality


def publish_statement(
    organization: Organization, text: str, actor: User | None
) -> ConfidentialityStatement:
    """Publish a new version: everyone is asked again."""
    with transaction.atomic():
        # Lock the organisation row so two admins publishing at once get distinct versions.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        last = (
            ConfidentialityStatement.objects.for_org(organization).aggregate(v=Max("version"))["v"]
            or 0
        )
        statement = ConfidentialityStatement.objects.create(
            organization=organization,
            version=last + 1,
            text=text.strip(),
            published_by=actor,
            published_at=timezone.now(),
        )
        audit(
            "safety.statement_published",
            actor=actor,
            organization=organization,
            obj=statement,
            detail={"version": statement.version},
        )
    return statement


def acknowledge_confidentiality(
    *,
    statement: ConfidentialityStatement,
    user: Any,
    recorded_by: Any,
    how: str,
) -> ConfidentialityAcknowledgement:
    """Record that ``user`` (or a person without an account, when None) was told.

    Acknowledging the same version twice keeps the first record.
    """
    if how not in ConfidentialityAcknowledgement.How.values:
        raise ValueError(f"Unknown way of telling: {how!r}")
    organization = statement.organization
    if user is not None:
        found = ConfidentialityAcknowledgement.objects.filter(
            statement=statement, user=user
        ).first()
        if found:
            return found
    try:
        with transaction.atomic():
            ack = ConfidentialityAcknowledgement.objects.create(
                organization=organization,
                statement=statement,
                user=user,
                how=how,
                recorded_by=recorded_by,
                recorded_at=timezone.now(),
            )
            audit(
                "safety.confidentiality_acknowledged",
                actor=recorded_by,
                organization=organization,
                obj=ack,
                detail={
                    "version": statement.version,
                    "how": how,
                    "user_id": user.pk if user is not None else None,
                },
            )
    except IntegrityError:
        # Someone recorded it a moment earlier (two taps, two tabs): theirs stands.
        return ConfidentialityAcknowledgement.objects.get(statement=statement, user=user)
    return ack


# Concerns


def raise_concern(
    *,
    organization: Organization,
    raised_by: User,
    kind: str,
    what_happened: str,
    already_done: str = "",
    person_knows: str = SafetyConcern.PersonKnows.YES,
    person_wishes: str = "",
    contact_yes: str = "",
    contact_no: str = "",
    shared_with_person: str = "",
    about_user: User | None = None,
    meeting: Meeting | None = None,
    now: datetime | None = None,
) -> SafetyConcern:
    """Record a concern and tell the first person on duty at once."""
    now = now or timezone.now()
    with transaction.atomic():
        concern = SafetyConcern.objects.create(
            organization=organization,
            kind=kind,
            what_happened=what_happened.strip(),
            already_done=already_done.strip(),
            person_knows=person_knows,
            person_wishes=person_wishes.strip(),
            contact_yes=contact_yes.strip(),
            contact_no=contact_no.strip(),
            shared_with_person=shared_with_person.strip(),
            about_user=about_user,
            meeting=meeting,
            raised_by=raised_by,
            raised_at=now,
            status=SafetyConcern.Status.RAISED,
        )
        add_step(concern, ConcernStep.Kind.RAISED, actor=raised_by, at=now)
        queue_passed(pass_on(concern, now))
        concern.save(update_fields=["next_escalation_at", "told_admins"])
    return concern


def read_concern(concern: SafetyConcern, actor: User) -> None:
    """A sensitive read: who opened the concern, and when."""
    audit("safety.concern_read", actor=actor, organization=concern.organization, obj=concern)


def acknowledge_concern(concern: SafetyConcern, actor: User) -> bool:
    """Someone on duty has it. False when someone already had (the first stands)."""
    with transaction.atomic():
        locked = lock(concern)
        if not locked.is_waiting:
            return False
        move(locked, SafetyConcern.Status.ACKNOWLEDGED)
        locked.acknowledged_by = actor
        locked.acknowledged_at = timezone.now()
        locked.next_escalation_at = None
        locked.save(
            update_fields=["status", "acknowledged_by", "acknowledged_at", "next_escalation_at"]
        )
        add_step(locked, ConcernStep.Kind.ACKNOWLEDGED, actor=actor, at=locked.acknowledged_at)
    concern.status = locked.status
    concern.acknowledged_by = actor
    concern.acknowledged_at = locked.acknowledged_at
    return True


def add_follow_up(concern: SafetyConcern, actor: User, note: str) -> ConcernStep:
    """A few lines on what was done next. Not once it is closed."""
    with transaction.atomic():
        locked = lock(concern)
        if locked.is_closed:
            raise IllegalTransition("A closed concern takes no more follow-ups.")
        return add_step(locked, ConcernStep.Kind.FOLLOW_UP, actor=actor, note=note.strip())


def record_wishes(
    concern: SafetyConcern,
    actor: User,
    *,
    person_knows: str,
    person_wishes: str,
    contact_yes: str,
    contact_no: str,
    shared_with_person: str,
) -> None:
    """Update what the person wants and what was shared with them (audited as a follow-up)."""
    with transaction.atomic():
        locked = lock(concern)
        if locked.is_closed:
            raise IllegalTransition("A closed concern cannot change.")
        locked.person_knows = person_knows
        locked.person_wishes = person_wishes.strip()
        locked.contact_yes = contact_yes.strip()
        locked.contact_no = contact_no.strip()
        locked.shared_with_person = shared_with_person.strip()
        locked.save(
            update_fields=[
                "person_knows",
                "person_wishes",
                "contact_yes",
                "contact_no",
                "shared_with_person",
            ]
        )
        add_step(locked, ConcernStep.Kind.FOLLOW_UP, actor=actor)


def close_concern(concern: SafetyConcern, actor: User, outcome: str) -> None:
    """Close an acknowledged concern with what happened, in a few lines."""
    with transaction.atomic():
        locked = lock(concern)
        move(locked, SafetyConcern.Status.CLOSED)
        locked.closed_by = actor
        locked.closed_at = timezone.now()
        locked.outcome = outcome.strip()
        locked.save(update_fields=["status", "closed_by", "closed_at", "outcome"])
        add_step(locked, ConcernStep.Kind.CLOSED, actor=actor, at=locked.closed_at)
    concern.status = locked.status


# Policy and the on-duty list


def save_safety_settings(
    settings: SafetySettings, actor: User, values: dict[str, Any]
) -> list[str]:
    changed = [name for name, value in values.items() if getattr(settings, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(settings, name, values[name])
    with transaction.atomic():
        settings.save()
        audit(
            "safety.settings",
            actor=actor,
            organization=settings.organization,
            obj=settings,
            detail={"changed": changed},
        )
    return changed


def save_duty_entry(entry: OnDutyEntry, actor: User) -> OnDutyEntry:
    with transaction.atomic():
        entry.save()
        audit(
            "safety.on_duty_saved",
            actor=actor,
            organization=entry.organization,
            obj=entry,
            detail={
                "user_id": entry.user_id,
                "position": entry.position,
                "days": entry.days,
                "starts": entry.starts.isoformat() if entry.starts else None,
                "ends": entry.ends.isoformat() if entry.ends else None,
            },
        )
    return entry


def remove_duty_entry(entry: OnDutyEntry, actor: User) -> None:
    with transaction.atomic():
        audit(
            "safety.on_duty_removed",
            actor=actor,
            organization=entry.organization,
            obj=entry,
            detail={"user_id": entry.user_id},
        )
        entry.delete()
