"""Writes to workforce records; each is atomic and leaves an audit event without any note text."""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import Membership, Organization, User
from circles.meetings.models import Attendance, Meeting
from circles.workforce.models import (
    AgreedAction,
    Assessment,
    Certification,
    Competency,
    Course,
    DevelopmentGoal,
    FrameworkArea,
    HiddenCompetency,
    Level,
    LevelConfirmation,
    SupervisionSession,
    SupervisorLink,
    TrainingCertificate,
    TrainingRecord,
    WorkforceSettings,
)


@transaction.atomic
def save_settings(settings_row: WorkforceSettings, actor: Any) -> WorkforceSettings:
    settings_row.save()
    audit(
        "workforce.settings_changed",
        actor=actor,
        organization=settings_row.organization,
        obj=settings_row,
        detail={
            "supervision_every_days": settings_row.supervision_every_days,
            "admins_see_records": settings_row.admins_see_records,
        },
    )
    return settings_row


@transaction.atomic
def set_supervisor(
    organization: Organization, worker: User, supervisor: User | None, actor: Any
) -> SupervisorLink | None:
    """Link a worker to their supervisor, or unlink them with None."""
    SupervisorLink.objects.for_org(organization).filter(worker=worker).delete()
    link = None
    if supervisor is not None:
        link = SupervisorLink.objects.create(
            organization=organization, worker=worker, supervisor=supervisor
        )
    audit(
        "workforce.supervisor_set",
        actor=actor,
        organization=organization,
        object_type="accounts.user",
        object_id=worker.pk,
        detail={"supervisor": supervisor.pk if supervisor else None},
    )
    return link


@transaction.atomic
def hide_item(organization: Organization, item: Competency, actor: Any) -> None:
    HiddenCompetency.objects.get_or_create(organization=organization, competency=item)
    audit("workforce.item_hidden", actor=actor, organization=organization, obj=item)


@transaction.atomic
def show_item(organization: Organization, item: Competency, actor: Any) -> None:
    HiddenCompetency.objects.for_org(organization).filter(competency=item).delete()
    audit("workforce.item_shown", actor=actor, organization=organization, obj=item)


@transaction.atomic
def add_item(organization: Organization, area: FrameworkArea, text: str, actor: Any) -> Competency:
    position = Competency.objects.filter(area=area).count()
    item = Competency.objects.create(
        organization=organization, area=area, text=text, position=position
    )
    audit("workforce.item_added", actor=actor, organization=organization, obj=item)
    return item


@transaction.atomic
def submit_assessment(assessment: Assessment, ratings: dict[str, int], actor: Any) -> Assessment:
    assessment.ratings = ratings
    assessment.rater = actor
    assessment.submitted_at = timezone.now()
    assessment.save()
    audit(
        "workforce.assessment_sent",
        actor=actor,
        organization=assessment.organization,
        obj=assessment,
        detail={"kind": assessment.kind, "worker": assessment.worker_id},
    )
    return assessment


@transaction.atomic
def ask_peer(organization: Organization, worker: User, peer: User, actor: Any) -> Assessment:
    """The worker asks a colleague for their view; it waits on the colleague's record page."""
    waiting = (
        Assessment.objects.for_org(organization)
        .waiting()
        .filter(worker=worker, rater=peer, kind=Assessment.Kind.PEER)
        .first()
    )
    if waiting is not None:
        return waiting
    assessment = Assessment.objects.create(
        organization=organization, worker=worker, rater=peer, kind=Assessment.Kind.PEER
    )
    audit(
        "workforce.peer_asked",
        actor=actor,
        organization=organization,
        obj=assessment,
        detail={"peer": peer.pk},
    )
    return assessment


@transaction.atomic
def decline_request(assessment: Assessment, actor: Any) -> None:
    assessment.declined_at = timezone.now()
    assessment.save(update_fields=["declined_at"])
    audit(
        "workforce.peer_declined", actor=actor, organization=assessment.organization, obj=assessment
    )


@transaction.atomic
def confirm_level(
    organization: Organization, worker: User, level: Level, suggested: Level | None, actor: Any
) -> LevelConfirmation:
    confirmation = LevelConfirmation.objects.create(
        organization=organization,
        worker=worker,
        level=level,
        suggested=suggested or "",
        confirmed_by=actor,
    )
    audit(
        "workforce.level_confirmed",
        actor=actor,
        organization=organization,
        obj=confirmation,
        detail={"worker": worker.pk, "level": str(level), "suggested": str(suggested or "")},
    )
    return confirmation


@transaction.atomic
def add_goal(goal: DevelopmentGoal, actor: Any) -> DevelopmentGoal:
    goal.save()
    audit("workforce.goal_added", actor=actor, organization=goal.organization, obj=goal)
    return goal


@transaction.atomic
def goal_reached(goal: DevelopmentGoal, actor: Any) -> DevelopmentGoal:
    if goal.reached_at is None:
        goal.reached_at = timezone.now()
        goal.save(update_fields=["reached_at"])
        audit("workforce.goal_reached", actor=actor, organization=goal.organization, obj=goal)
    return goal


@transaction.atomic
def record_supervision(
    session: SupervisionSession,
    agreed: list[tuple[str, datetime.date | None]],
    actor: Any,
) -> SupervisionSession:
    session.recorded_by = actor
    session.save()
    for text, due_on in agreed:
        AgreedAction.objects.create(
            organization=session.organization, session=session, text=text, due_on=due_on
        )
    audit(
        "workforce.supervision_recorded",
        actor=actor,
        organization=session.organization,
        obj=session,
        detail={"worker": session.worker_id, "actions": len(agreed)},
    )
    return session


def note_supervision_read(organization: Organization, worker: User, actor: Any) -> None:
    """Supervision notes are private: every reading by someone other than the worker is recorded."""
    audit(
        "workforce.supervision_read",
        actor=actor,
        organization=organization,
        object_type="accounts.user",
        object_id=worker.pk,
    )


@transaction.atomic
def action_done(action: AgreedAction, actor: Any) -> AgreedAction:
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        audit("workforce.action_done", actor=actor, organization=action.organization, obj=action)
    return action


@transaction.atomic
def add_training(
    record: TrainingRecord, upload: Any, content_type: str, actor: Any
) -> TrainingRecord:
    record.recorded_by = actor
    record.save()
    if upload is not None:
        upload.seek(0)
        data = upload.read()
        TrainingCertificate.objects.create(
            organization=record.organization,
            record=record,
            filename=safe_filename(upload.name, content_type),
            content_type=content_type,
            size=len(data),
            data=data,
        )
    audit(
        "workforce.training_added",
        actor=actor,
        organization=record.organization,
        obj=record,
        detail={"worker": record.worker_id, "certificate": upload is not None},
    )
    return record


EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def safe_filename(name: str, content_type: str) -> str:
    """A download name made only of plain letters, digits and dashes, with the true extension."""
    stem = name.rsplit(".", 1)[0]
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in stem).strip("-")
    return (cleaned[:60] or "certificate") + EXTENSIONS.get(content_type, "")


def note_certificate_read(record: TrainingRecord, actor: Any) -> None:
    audit("workforce.certificate_read", actor=actor, organization=record.organization, obj=record)


@transaction.atomic
def add_certification(certification: Certification, actor: Any) -> Certification:
    certification.save()
    audit(
        "workforce.certification_added",
        actor=actor,
        organization=certification.organization,
        obj=certification,
        detail={"worker": certification.worker_id, "kind": certification.kind},
    )
    return certification


@transaction.atomic
def add_course(course: Course, actor: Any) -> Course:
    course.save()
    audit("workforce.course_added", actor=actor, organization=course.organization, obj=course)
    return course


@transaction.atomic
def record_course_hours(course: Course, meeting: Meeting, actor: Any) -> int:
    """Give each staff member who attended the session its hours; never twice for one session."""
    from circles.workforce.access import WORKER_ROLES

    organization = course.organization
    staff = Membership.objects.for_org(organization).active().filter(role__in=WORKER_ROLES)
    attended = (
        Attendance.objects.for_org(organization)
        .filter(meeting=meeting, user_id__in=staff.values("user_id"))
        .values_list("user_id", flat=True)
    )
    already = set(
        TrainingRecord.objects.for_org(organization)
        .filter(meeting=meeting)
        .values_list("worker_id", flat=True)
    )
    day = timezone.localtime(meeting.starts_at, ZoneInfo(organization.timezone)).date()
    added = 0
    for worker_id in sorted(set(attended) - already):
        TrainingRecord.objects.create(
            organization=organization,
            worker_id=worker_id,
            course=course.group.name[:200],
            provider=organization.name[:200],
            hours=course.hours_per_session,
            category=course.category,
            completed_on=day,
            meeting=meeting,
            recorded_by=actor,
        )
        added += 1
    audit(
        "workforce.course_hours_recorded",
        actor=actor,
        organization=organization,
        obj=meeting,
        detail={"course": course.pk, "records": added},
    )
    return added
