"""Writes about meetings; each is atomic, and those that matter leave an audit event."""

import datetime
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import Organization, User
from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError
from circles.meetings import breakouts as algorithm
from circles.meetings.agenda import ensure_agenda
from circles.meetings.generation import HORIZON_WEEKS, generate_for_group
from circles.meetings.models import (
    AgendaItem,
    AgendaTemplate,
    Attendance,
    Breakout,
    BreakoutSeat,
    Debrief,
    Meeting,
    ObserverAssignment,
    ObserverReport,
    Poll,
    PollAnswer,
)
from circles.meetings.tasks import notify_meeting_change


def _notify(meeting: Meeting, what: str) -> None:
    transaction.on_commit(partial(notify_meeting_change.enqueue, meeting.pk, what))


def cancel_meeting(meeting: Meeting, reason: str, actor: Any) -> Meeting:
    with transaction.atomic():
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancel_reason = reason
        meeting.save(update_fields=["status", "cancel_reason"])
        audit("meeting.cancelled", actor=actor, organization=meeting.organization, obj=meeting)
        _notify(meeting, "cancelled")
    return meeting


def restore_meeting(meeting: Meeting, actor: Any) -> Meeting:
    with transaction.atomic():
        meeting.status = Meeting.Status.SCHEDULED
        meeting.cancel_reason = ""
        meeting.save(update_fields=["status", "cancel_reason"])
        audit("meeting.restored", actor=actor, organization=meeting.organization, obj=meeting)
        _notify(meeting, "moved")
    return meeting


def move_meeting(
    meeting: Meeting, starts_at: datetime.datetime, duration: datetime.timedelta, actor: Any
) -> Meeting:
    with transaction.atomic():
        before = meeting.starts_at
        meeting.starts_at = starts_at
        meeting.duration = duration
        meeting.save(update_fields=["starts_at", "duration"])
        audit(
            "meeting.moved",
            actor=actor,
            organization=meeting.organization,
            obj=meeting,
            detail={"from": before.isoformat(), "to": starts_at.isoformat()},
        )
        _notify(meeting, "moved")
    return meeting


def add_one_off(
    group: SupportGroup, starts_at: datetime.datetime, duration: datetime.timedelta, actor: Any
) -> Meeting:
    facilitators = sorted(f.pk for f in group.facilitators.all())
    with transaction.atomic():
        meeting = Meeting.objects.create(
            organization=group.organization,
            group=group,
            starts_at=starts_at,
            duration=duration,
            is_one_off=True,
            leader_id=facilitators[0] if facilitators else None,
        )
        audit("meeting.added", actor=actor, organization=group.organization, obj=meeting)
    return meeting


def set_leader(meeting: Meeting, leader_id: int | None, actor: Any) -> Meeting:
    with transaction.atomic():
        meeting.leader_id = leader_id
        meeting.save(update_fields=["leader"])
        audit(
            "meeting.leader_set",
            actor=actor,
            organization=meeting.organization,
            obj=meeting,
            detail={"leader": leader_id},
        )
    return meeting


def set_willing_to_lead(membership: GroupMembership, willing: bool, actor: Any) -> None:
    with transaction.atomic():
        membership.willing_to_lead = willing
        membership.save(update_fields=["willing_to_lead"])
        audit(
            "group.willing_to_lead",
            actor=actor,
            organization=membership.organization,
            obj=membership,
            detail={"willing": willing},
        )


# The agenda --------------------------------------------------------------------------


def _renumber(meeting: Meeting) -> list[AgendaItem]:
    items = list(meeting.agenda_items.all())
    for position, item in enumerate(items):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    return items


def update_item(item: AgendaItem, actor: Any) -> AgendaItem:
    with transaction.atomic():
        item.save(update_fields=["title", "minutes", "script"])
        audit("agenda.item_changed", actor=actor, organization=item.organization, obj=item.meeting)
    return item


def add_item(meeting: Meeting, title: str, minutes: int, script: str, actor: Any) -> AgendaItem:
    with transaction.atomic():
        ensure_agenda(meeting)
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"]
        item = AgendaItem.objects.create(
            organization=meeting.organization,
            meeting=meeting,
            position=(last if last is not None else -1) + 1,
            title=title,
            minutes=minutes,
            script=script,
        )
        audit("agenda.item_added", actor=actor, organization=meeting.organization, obj=meeting)
    return item


def remove_item(item: AgendaItem, actor: Any) -> None:
    with transaction.atomic():
        meeting = item.meeting
        item.delete()
        _renumber(meeting)
        audit("agenda.item_removed", actor=actor, organization=meeting.organization, obj=meeting)


def move_item(item: AgendaItem, step: int, actor: Any) -> None:
    """Move an item one place up (step -1) or down (step 1)."""
    with transaction.atomic():
        meeting = item.meeting
        items = _renumber(meeting)
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
            for position, other in enumerate(items):
                other.position = position
            AgendaItem.objects.bulk_update(items, ["position"])
            audit("agenda.item_moved", actor=actor, organization=meeting.organization, obj=meeting)


# Agenda templates ---------------------------------------------------------------------


def save_template(template: AgendaTemplate, make_default: bool, actor: Any) -> AgendaTemplate:
    with transaction.atomic():
        if make_default:
            AgendaTemplate.objects.for_org(template.organization).exclude(pk=template.pk).update(
                is_default=False
            )
        template.is_default = make_default or template.is_default
        template.save()
        audit(
            "agenda.template_saved",
            actor=actor,
            organization=template.organization,
            obj=template,
            detail={"default": template.is_default},
        )
    return template


def choose_default_template(organization: Any, template: AgendaTemplate | None, actor: Any) -> None:
    with transaction.atomic():
        AgendaTemplate.objects.for_org(organization).update(is_default=False)
        if template is not None:
            template.is_default = True
            template.save(update_fields=["is_default"])
        audit(
            "agenda.template_default",
            actor=actor,
            organization=organization,
            object_type="meetings.agendatemplate",
            object_id=template.pk if template else "",
        )


# After a group's schedule changes ------------------------------------------------------


def refresh_group_meetings(group: SupportGroup, now: datetime.datetime | None = None) -> int:
    """Bring future meetings in line with the group's schedule; return how many were made.

    Generated meetings that no longer match the schedule are removed unless someone
    was marked present; one-off meetings and past meetings are left alone.
    """
    now = now or timezone.now()
    horizon = now + datetime.timedelta(weeks=HORIZON_WEEKS)
    wanted: set[datetime.datetime] = set()
    duration = datetime.timedelta(minutes=group.duration_minutes)
    try:
        schedule = Schedule.of(group)
        duration = schedule.duration
        if not group.is_archived:
            for when in schedule.occurrences(after=max(now, schedule.dtstart)):
                if when > horizon:
                    break
                wanted.add(when)
    except ScheduleError:
        pass
    future = Meeting.objects.filter(group=group, is_one_off=False, starts_at__gt=now)
    # A date the group cancelled ("not meeting on ...") stays listed as cancelled, so
    # members see it; other meetings that left the schedule go, unless moved by hand.
    not_meeting = {e.date: e.reason for e in group.exceptions.all()}
    zone = ZoneInfo(group.organization.timezone)
    stale = []
    for meeting in future.filter(attendances__isnull=True).distinct():
        if meeting.scheduled_for in wanted or meeting.starts_at != meeting.scheduled_for:
            continue
        day = timezone.localtime(meeting.starts_at, zone).date()
        if day in not_meeting:
            if not meeting.is_cancelled:
                meeting.status = Meeting.Status.CANCELLED
                meeting.cancel_reason = not_meeting[day][:300]
                meeting.save(update_fields=["status", "cancel_reason"])
        else:
            stale.append(meeting.pk)
    Meeting.objects.filter(pk__in=stale).delete()
    # Meetings not moved by hand follow a new length.
    for meeting in future.exclude(pk__in=stale).exclude(duration=duration):
        if meeting.starts_at == meeting.scheduled_for:
            meeting.duration = duration
            meeting.save(update_fields=["duration"])
    if group.is_archived:
        return 0
    return generate_for_group(group, now=now)


@transaction.atomic
def record_attendance(
    meeting: Meeting,
    *,
    member_ids: set[int],
    present_ids: set[int],
    first_ids: set[int],
    was_present_ids: set[int],
    guest_names: list[str],
    guest_count: int,
    actor: Any,
) -> int:
    """Save the facilitator's list in a fixed number of queries, whatever the group's size.

    Only members the facilitator saw as present and untick are removed, so a
    self check-in that arrives while the form is open is kept. Guests are
    matched by name, so re-saving keeps their breakout seats.
    """
    present_ids &= member_ids
    first_ids &= present_ids
    existing = {
        a.user_id: a for a in Attendance.objects.filter(meeting=meeting, user_id__in=member_ids)
    }
    removed = [
        a.pk for uid, a in existing.items() if uid not in present_ids and uid in was_present_ids
    ]
    if removed:
        Attendance.objects.filter(pk__in=removed).delete()
    changed = []
    for uid, attendance in existing.items():
        if uid in present_ids and attendance.first_meeting != (uid in first_ids):
            attendance.first_meeting = uid in first_ids
            changed.append(attendance)
    if changed:
        Attendance.objects.bulk_update(changed, ["first_meeting"])
    new = [
        Attendance(
            organization=meeting.organization,
            meeting=meeting,
            user_id=uid,
            first_meeting=uid in first_ids,
        )
        for uid in sorted(present_ids - set(existing))
    ]
    Attendance.objects.bulk_create(new, ignore_conflicts=True)

    # Guests: keep rows whose name is still listed, remove the rest, add the new ones.
    wanted = list(guest_names)
    stale = []
    for guest in Attendance.objects.filter(meeting=meeting, user__isnull=True).order_by("pk"):
        if guest.guest_name in wanted:
            wanted.remove(guest.guest_name)
        else:
            stale.append(guest.pk)
    if stale:
        Attendance.objects.filter(pk__in=stale).delete()
    Attendance.objects.bulk_create(
        Attendance(
            organization=meeting.organization, meeting=meeting, guest_name=name, first_meeting=True
        )
        for name in wanted
    )
    meeting.guest_count = guest_count
    meeting.save(update_fields=["guest_count"])
    audit(
        "meeting.attendance_saved",
        actor=actor,
        organization=meeting.organization,
        obj=meeting,
        detail={
            "members": len(present_ids),
            "guests": len(guest_names),
            "unnamed": guest_count,
        },
    )
    return len(present_ids) + len(guest_names) + guest_count


@transaction.atomic
def check_in(meeting: Meeting, user: Any) -> Attendance:
    """A member marks themselves present; checking in twice changes nothing."""
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                organization=meeting.organization,
                meeting=meeting,
                user_id=user.pk,
                self_checked_in=True,
            )
    except IntegrityError:  # checked in twice at the same moment
        return Attendance.objects.get(meeting=meeting, user_id=user.pk)
    audit("meeting.self_checked_in", actor=user, organization=meeting.organization, obj=meeting)
    return attendance


def note_attendance_viewed(meeting: Meeting, actor: Any) -> None:
    """Who was there is private: every look at the list is on the record."""
    audit("meeting.attendance_viewed", actor=actor, organization=meeting.organization, obj=meeting)


def note_attendance_sheet_viewed(meeting: Meeting, with_names: bool, actor: Any) -> None:
    audit(
        "meeting.attendance_sheet_viewed",
        actor=actor,
        organization=meeting.organization,
        obj=meeting,
        detail={"with_names": with_names},
    )


# Run-of-show ---------------------------------------------------------------------------


@transaction.atomic
def move_to_item(meeting: Meeting, index: int) -> None:
    """Save the facilitator's place; the first move starts the meeting's clock.

    The agenda is kept as it is when the meeting runs, so a later change to the
    organisation's template does not shift the place.
    """
    ensure_agenda(meeting)
    fields = ["current_item"]
    meeting.current_item = index
    if meeting.started_at is None:
        meeting.started_at = timezone.now()
        fields.append("started_at")
    meeting.save(update_fields=fields)


@transaction.atomic
def save_runshow_state(
    meeting: Meeting, current_item: int | None, started_at: datetime.datetime | None
) -> None:
    """A device's place and start time; the earliest start any device saw is the meeting's."""
    ensure_agenda(meeting)
    fields = []
    if current_item is not None:
        meeting.current_item = current_item
        fields.append("current_item")
    if started_at is not None and (meeting.started_at is None or started_at < meeting.started_at):
        meeting.started_at = started_at
        fields.append("started_at")
    if fields:
        meeting.save(update_fields=fields)


# Breakouts -----------------------------------------------------------------------------


@transaction.atomic
def make_breakout(
    meeting: Meeting,
    people: list[algorithm.Person],
    size: int,
    seed: int,
    seen: list[tuple[int, int]],
    apart: Sequence[tuple[int, int]] = (),
) -> Breakout:
    """Split the people present into rooms and keep the split (a new one each time).

    ``apart`` lists pairs of people present who must not share a room.
    """
    rooms = algorithm.split(people, size, seed, seen, apart=apart)
    breakout = Breakout.objects.create(
        organization=meeting.organization, meeting=meeting, group_size=size, seed=seed
    )
    BreakoutSeat.objects.bulk_create(
        BreakoutSeat(
            organization=meeting.organization,
            breakout=breakout,
            attendance_id=attendance_id,
            room=number,
        )
        for number, members in enumerate(rooms, start=1)
        for attendance_id in members
    )
    return breakout


@transaction.atomic
def move_people(seats: Iterable[BreakoutSeat], rooms: dict[int, int]) -> int:
    """Put people (by attendance id) into other rooms; return how many moved."""
    moved = []
    for seat in seats:
        wanted = rooms.get(seat.attendance_id)
        if wanted is not None and wanted != seat.room:
            seat.room = wanted
            moved.append(seat)
    BreakoutSeat.objects.bulk_update(moved, ["room"])
    return len(moved)


# Debriefs and observers ----------------------------------------------------------------


@transaction.atomic
def write_debrief(meeting: Meeting, debrief: Debrief, actor: Any) -> Debrief:
    debrief.written_by = actor
    debrief.updated = timezone.now()
    debrief.save()
    audit("meeting.debrief_written", actor=actor, organization=meeting.organization, obj=debrief)
    return debrief


def note_debrief_read(meeting: Meeting, debrief: Debrief, actor: Any) -> None:
    """Debriefs are private notes: every reading is on the record."""
    audit("meeting.debrief_read", actor=actor, organization=meeting.organization, obj=debrief)


@transaction.atomic
def assign_observer(meeting: Meeting, observer: User, actor: Any) -> ObserverAssignment:
    """Ask someone to observe; asking twice changes nothing."""
    assignment, created = ObserverAssignment.objects.get_or_create(
        organization=meeting.organization, meeting=meeting, observer=observer
    )
    if created:
        audit(
            "meeting.observer_assigned",
            actor=actor,
            organization=meeting.organization,
            obj=assignment,
        )
    return assignment


@transaction.atomic
def remove_observer(meeting: Meeting, assignment: ObserverAssignment, actor: Any) -> None:
    audit(
        "meeting.observer_removed",
        actor=actor,
        organization=meeting.organization,
        obj=assignment,
    )
    assignment.delete()


def note_observer_reports_read(meeting: Meeting, actor: Any) -> None:
    audit(
        "meeting.observer_reports_read",
        actor=actor,
        organization=meeting.organization,
        object_type="meetings.meeting",
        object_id=meeting.pk,
    )


@transaction.atomic
def save_observer_report(meeting: Meeting, report: ObserverReport, actor: Any) -> ObserverReport:
    report.submitted = timezone.now()
    report.save()
    audit(
        "meeting.observer_report_written",
        actor=actor,
        organization=meeting.organization,
        obj=report,
    )
    return report


# Live polls ----------------------------------------------------------------------------


@transaction.atomic
def open_poll(
    organization: Organization,
    meeting: Meeting | None,
    question: str,
    options: list[str],
    actor: Any,
) -> Poll:
    poll = Poll.objects.create(
        organization=organization,
        meeting=meeting,
        question=question,
        options=options,
        created_by=actor,
    )
    audit("poll.open", actor=actor, organization=organization, obj=poll)
    return poll


@transaction.atomic
def set_poll_open(poll: Poll, is_open: bool, actor: Any) -> Poll:
    poll.is_open = is_open
    poll.save(update_fields=["is_open"])
    audit(
        "poll.reopen" if is_open else "poll.close",
        actor=actor,
        organization=poll.organization,
        obj=poll,
    )
    return poll


def answer_poll(poll: Poll, option: int) -> PollAnswer:
    """An anonymous answer: the poll and the option, nothing about the person or the time."""
    return PollAnswer.objects.create(poll=poll, option=option)


# The agenda, adapted for one meeting ---------------------------------------------------


def adapt_agenda(meeting: Meeting, actor: Any) -> list[AgendaItem]:
    """Give the meeting its own copy of the agenda, to change."""
    with transaction.atomic():
        items = ensure_agenda(meeting)
        audit("agenda.adapted", actor=actor, organization=meeting.organization, obj=meeting)
    return items
