"""Demo workforce records for Riverside.

- Sam (supervisor@example.org) supervises Jordan (specialist@example.org).
- Jordan rated themself, and Sam rated Jordan: the views differ on a few items,
  which is what the next supervision can talk about. Jordan chose a goal.
- Four supervision sessions, a month or so apart; the last was 40 days ago, so
  the next one is overdue now.
- Training adding up to 14 of the 20 continuing-education hours, with the
  Wisconsin Certified Peer Specialist certification expiring in 60 days.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.workforce.framework import load_framework
from circles.workforce.models import (
    AgreedAction,
    Assessment,
    Certification,
    Competency,
    DevelopmentGoal,
    FrameworkArea,
    SupervisionSession,
    SupervisorLink,
    TrainingRecord,
)

# Where Jordan and Sam see things differently: (area key, item key) -> (own, Sam's).
DIFFERENCES = {
    ("lived-experience", "share-or-listen"): (3, 1),
    ("matrix-relationships", "privacy"): (1, 2),
    ("matrix-goals", "local-resources"): (3, 2),
    ("resources", "up-to-date"): (2, 1),
}

TRAINING = [
    # (course, provider, hours, category, days ago)
    ("Ethics and boundaries in peer work", "Wisconsin Peer Network", "6", "ethics", 400),
    ("Trauma-informed peer support", "Riverside Peer Center", "4", "trauma", 200),
    ("Whole health and wellness planning", "Recovery Learning Community", "4", "recovery", 45),
]


@transaction.atomic
def load_demo_workforce(riverside: Organization) -> None:
    # The migration loads the framework; a test database emptied between tests has lost it.
    load_framework(FrameworkArea, Competency)
    jordan = User.objects.get(email="specialist@example.org")
    sam = User.objects.get(email="supervisor@example.org")
    now = timezone.now()
    today = timezone.localtime(now, ZoneInfo(riverside.timezone)).date()
    SupervisorLink.objects.create(organization=riverside, worker=jordan, supervisor=sam)

    items = list(Competency.objects.in_use(riverside))
    own: dict[str, int] = {}
    sams: dict[str, int] = {}
    for item in items:
        mine, theirs = DIFFERENCES.get((item.area.key, item.key), (2, 2))
        own[str(item.pk)], sams[str(item.pk)] = mine, theirs
    earlier = {key: max(value - 1, 1) for key, value in own.items()}
    for kind, rater, ratings, days in [
        (Assessment.Kind.SELF, jordan, earlier, 180),
        (Assessment.Kind.SELF, jordan, own, 20),
        (Assessment.Kind.SUPERVISOR, sam, sams, 14),
    ]:
        when = now - datetime.timedelta(days=days)
        Assessment.objects.create(
            organization=riverside,
            worker=jordan,
            rater=rater,
            kind=kind,
            ratings=ratings,
            requested_at=when,
            submitted_at=when,
        )

    goal_item = next(
        i for i in items if (i.area.key, i.key) == ("lived-experience", "share-or-listen")
    )
    DevelopmentGoal.objects.create(
        organization=riverside,
        worker=jordan,
        competency=goal_item,
        aim=2,
        note="Notice when my story helps and when listening helps more; talk it over with Sam.",
        created=now - datetime.timedelta(days=12),
    )

    for number, days in enumerate([130, 100, 70, 40]):
        session = SupervisionSession.objects.create(
            organization=riverside,
            worker=jordan,
            supervisor=sam,
            held_on=today - datetime.timedelta(days=days),
            format=SupervisionSession.Format.PEER
            if number == 2
            else SupervisionSession.Format.ONE_TO_ONE,
            minutes=60 if number != 2 else 90,
            topics=["Settling in", "Boundaries", "Co-supervision round", "Self-care"][number],
            notes="Demo notes: what went well, what was hard, what helps.",
            recorded_by=sam,
        )
        if number == 3:
            AgreedAction.objects.create(
                organization=riverside,
                session=session,
                text="Book a quiet half hour after Tuesday group to debrief.",
                due_on=today - datetime.timedelta(days=10),
            )

    for course, provider, hours, category, days in TRAINING:
        TrainingRecord.objects.create(
            organization=riverside,
            worker=jordan,
            course=course,
            provider=provider,
            hours=Decimal(hours),
            category=category,
            completed_on=today - datetime.timedelta(days=days),
            recorded_by=jordan,
        )
    expires = today + datetime.timedelta(days=60)
    Certification.objects.create(
        organization=riverside,
        worker=jordan,
        kind="wi-cps",
        number="WI-CPS-20417",
        issued_on=expires - datetime.timedelta(days=731),
        expires_on=expires,
    )
