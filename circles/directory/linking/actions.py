"""Writes that audit or touch several rows: checks, public reports, saved lists, referrals.

Each runs in one transaction. A public "this is out of date" report is
anonymous: no user, no address, the day only, audited with ``anonymous=True``.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import Organization, User
from circles.directory.linking.models import (
    NEEDS_REASON,
    OPEN_STATES,
    OutOfDateReport,
    Referral,
    ReferralStep,
    SavedResource,
    State,
)
from circles.directory.models import Service


def today_for(organization: Organization) -> datetime.date:
    """Today's date where the organisation is: the only date anonymous things carry."""
    return timezone.localtime(timezone.now(), ZoneInfo(organization.timezone)).date()


# Freshness


def confirm_service(service: Service, actor: User) -> None:
    """Checked, still right: the record is fresh again, and its open public reports are done."""
    now = timezone.now()
    with transaction.atomic():
        service.last_checked_at = now
        service.last_checked_by = actor
        service.save(update_fields=["last_checked_at", "last_checked_by"])
        resolved = (
            OutOfDateReport.objects.for_org(service.owner)
            .open()
            .filter(service=service)
            .update(resolved_at=now, resolved_by=actor)
        )
        audit(
            "directory.service_checked",
            actor=actor,
            organization=service.owner,
            obj=service,
            detail={"reports_resolved": resolved},
        )


def save_corrected_service(service: Service, actor: User, changed: list[str]) -> None:
    """An edit is a check too: the record was read and put right."""
    now = timezone.now()
    with transaction.atomic():
        service.last_checked_at = now
        service.last_checked_by = actor
        service.last_modified = now
        service.save(
            update_fields=[*changed, "last_checked_at", "last_checked_by", "last_modified"]
        )
        resolved = (
            OutOfDateReport.objects.for_org(service.owner)
            .open()
            .filter(service=service)
            .update(resolved_at=now, resolved_by=actor)
        )
        audit(
            "directory.service_corrected",
            actor=actor,
            organization=service.owner,
            obj=service,
            detail={"fields": sorted(changed), "reports_resolved": resolved},
        )


def report_out_of_date(service: Service, what: str) -> OutOfDateReport:
    """Someone without an account says a record is wrong. Anonymous: the day only."""
    with transaction.atomic():
        report = OutOfDateReport.objects.create(
            organization=service.owner,
            service=service,
            day=today_for(service.owner),
            what=what.strip(),
        )
        audit(
            "directory.reported_out_of_date",
            organization=service.owner,
            obj=report,
            anonymous=True,
        )
    return report


def dismiss_report(report: OutOfDateReport, actor: User) -> None:
    """Staff looked and the record was right after all."""
    with transaction.atomic():
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.save(update_fields=["resolved_at", "resolved_by"])
        audit(
            "directory.report_dismissed", actor=actor, organization=report.organization, obj=report
        )


# Saved lists


def save_for(
    organization: Organization, person_id: int, service: Service, actor: User
) -> SavedResource:
    """Put a service on a person's list (again is fine: it is there once)."""
    existing = (
        SavedResource.objects.for_org(organization)
        .filter(person_id=person_id, service=service)
        .first()
    )
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            saved = SavedResource.objects.create(
                organization=organization, person_id=person_id, service=service, saved_by=actor
            )
            if person_id != actor.pk:
                audit(
                    "directory.saved_for_person",
                    actor=actor,
                    organization=organization,
                    obj=saved,
                    detail={"person": person_id},
                )
    except IntegrityError:
        # Saved at the same moment by another tab: the list holds it once either way.
        return SavedResource.objects.for_org(organization).get(person_id=person_id, service=service)
    return saved


def remove_saved(saved: SavedResource, actor: User) -> None:
    with transaction.atomic():
        if saved.person_id != actor.pk:
            audit(
                "directory.saved_removed",
                actor=actor,
                organization=saved.organization,
                obj=saved,
                detail={"person": saved.person_id},
            )
        saved.delete()


# Referrals


def make_referral(
    organization: Organization,
    actor: User,
    person_id: int,
    *,
    service: Service | None = None,
    outside_name: str = "",
    outside_contact: str = "",
    note: str = "",
    follow_up_on: datetime.date | None = None,
) -> Referral:
    """A referral, sent: to a service in a Circles directory or, by hand, to one outside it."""
    if service is None and not outside_name.strip():
        raise ValueError("A referral needs a service or the name of one outside Circles.")
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.create(
            organization=organization,
            person_id=person_id,
            made_by=actor,
            service=service,
            outside_name="" if service else outside_name.strip(),
            outside_contact="" if service else outside_contact.strip(),
            note=note.strip(),
            state=State.SENT,
            state_changed_at=now,
            follow_up_on=follow_up_on,
            created=now,
        )
        ReferralStep.objects.create(
            organization=organization, referral=referral, state=State.SENT, at=now, by=actor
        )
        audit(
            "directory.referral_made",
            actor=actor,
            organization=organization,
            obj=referral,
            detail={"person": person_id, "outside": service is None},
        )
    return referral


def move_referral(
    referral: Referral,
    actor: User,
    to: str,
    *,
    reason: str = "",
    follow_up_on: datetime.date | None = None,
) -> None:
    """Record what happened next. Raises IllegalTransition for a move the states do not allow."""
    now = timezone.now()
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        locked.check_move(to)
        fields: dict[str, Any] = {"state": to, "state_changed_at": now}
        if to in NEEDS_REASON:
            fields["state_reason"] = reason.strip()
        fields["follow_up_on"] = follow_up_on if to in OPEN_STATES else None
        for name, value in fields.items():
            setattr(referral, name, value)
        referral.save(update_fields=list(fields))
        ReferralStep.objects.create(
            organization=referral.organization, referral=referral, state=to, at=now, by=actor
        )
        audit(
            "directory.referral_moved",
            actor=actor,
            organization=referral.organization,
            obj=referral,
            detail={"from": locked.state, "to": to},
        )


def tell_how_it_went(referral: Referral, actor: User, text: str) -> None:
    with transaction.atomic():
        referral.how_it_went = text.strip()
        referral.how_it_went_at = timezone.now()
        referral.save(update_fields=["how_it_went", "how_it_went_at"])
        audit(
            "directory.referral_feedback",
            actor=actor,
            organization=referral.organization,
            obj=referral,
        )


def ask_to_be_accompanied(referral: Referral, actor: User) -> None:
    """The person asks their specialist to go with them; it shows on the specialist's home."""
    if referral.accompany_asked_at is not None:
        return
    with transaction.atomic():
        referral.accompany_asked_at = timezone.now()
        referral.save(update_fields=["accompany_asked_at"])
        audit(
            "directory.referral_accompany_asked",
            actor=actor,
            organization=referral.organization,
            obj=referral,
        )
