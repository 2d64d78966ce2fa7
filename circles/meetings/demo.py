"""Demo meetings: upcoming ones from every group's schedule, and a little history for
Riverside's "Tuesday evening peer circle" (attendance, a debrief, breakouts), the
observer assigned to its next meeting, and an open poll on it."""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.groups.models import SupportGroup
from circles.meetings.generation import generate_all
from circles.meetings.models import (
    Attendance,
    Breakout,
    BreakoutSeat,
    Debrief,
    Meeting,
    ObserverAssignment,
    Poll,
    PollAnswer,
)
from circles.meetings.polls import template_by_key

DEMO_GROUP = "Tuesday evening peer circle"


@transaction.atomic
def load_demo_meetings(riverside: Organization, now: datetime.datetime | None = None) -> bool:
    """Create the demo meetings once. Returns False if they were already there."""
    now = now or timezone.now()
    generate_all(now=now)
    group = SupportGroup.objects.for_org(riverside).filter(name=DEMO_GROUP).first()
    if group is None or Debrief.objects.filter(meeting__group=group).exists():
        return False
    specialist = User.objects.get(email="specialist@example.org")
    casey = User.objects.get(email="participant@example.org")
    morgan = User.objects.get(email="participant2@example.org")
    observer = User.objects.get(email="observer@example.org")

    upcoming = (
        Meeting.objects.filter(group=group, starts_at__gt=now).scheduled().order_by("starts_at")
    ).first()
    # Weeks back in the organisation's time, so a clock change in between keeps
    # the meetings at the group's hour.
    zone = ZoneInfo(riverside.timezone)
    anchor = timezone.localtime(upcoming.starts_at if upcoming else now, zone).date()
    past = []
    for weeks in (3, 2, 1):
        day = anchor - datetime.timedelta(weeks=weeks)
        when = datetime.datetime.combine(day, group.start_time, tzinfo=zone)
        meeting, _created = Meeting.objects.get_or_create(
            group=group,
            scheduled_for=when,
            defaults={
                "organization": riverside,
                "starts_at": when,
                "duration": datetime.timedelta(minutes=group.duration_minutes),
                "leader": specialist,
            },
        )
        past.append(meeting)
    for number, meeting in enumerate(past):
        Attendance.objects.create(organization=riverside, meeting=meeting, user=casey)
        Attendance.objects.create(
            organization=riverside, meeting=meeting, user=morgan, first_meeting=number == 0
        )
    latest = past[-1]
    sam = Attendance.objects.create(
        organization=riverside, meeting=latest, guest_name="Sam", first_meeting=True
    )
    latest.guest_count = 1
    latest.save(update_fields=["guest_count"])
    Debrief.objects.create(
        organization=riverside,
        meeting=latest,
        worked_well=(
            "Check-in went round easily and Sam, who was new, said it felt welcoming. "
            "The breakouts in pairs gave quieter people room to talk."
        ),
        challenging="We ran ten minutes over during open sharing; I gave the notice late.",
        learned="Starting the breakouts earlier leaves time for a calm close.",
        feel="Tired but grateful. It was a good evening.",
        written_by=specialist,
    )
    breakout = Breakout.objects.create(organization=riverside, meeting=latest, group_size=2, seed=1)
    casey_here = Attendance.objects.get(meeting=latest, user=casey)
    morgan_here = Attendance.objects.get(meeting=latest, user=morgan)
    for attendance, room in ((casey_here, 1), (sam, 1), (morgan_here, 2)):
        BreakoutSeat.objects.create(
            organization=riverside, breakout=breakout, attendance=attendance, room=room
        )

    if upcoming is not None:
        ObserverAssignment.objects.get_or_create(
            organization=riverside, meeting=upcoming, observer=observer
        )
        familiarity = template_by_key("familiarity")
        assert familiarity is not None
        poll = Poll.objects.create(
            organization=riverside,
            meeting=upcoming,
            question=str(familiarity.question),
            options=[str(o) for o in familiarity.options],
            created_by=specialist,
        )
        PollAnswer.objects.bulk_create(
            PollAnswer(poll=poll, option=option) for option in (0, 1, 1, 2, 1)
        )
    return True
