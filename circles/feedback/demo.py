"""Demo feedback and a demo concern for Riverside.

- "Tuesday evening peer circle" has end-of-session answers over the past weeks,
  enough for results to show (periods of 5 or more), plus a few still open.
- "Grief and loss support" has only 3 answers: its page shows why nothing is
  shown yet.
- One anonymous concern about a venue waits for the supervisor.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization
from circles.feedback.actions import submit_complaint
from circles.feedback.models import Complaint, FeedbackResponse
from circles.feedback.sheet import meeting_date
from circles.groups.models import SupportGroup, Venue
from circles.meetings.models import Meeting

# Printed by `circles demo` so people can try the follow-up page. Demo only.
DEMO_RECEIPT = "RVRS-DEMQ-2345-6789-ABCD"
RESULTS_GROUP = "Tuesday evening peer circle"
FEW_GROUP = "Grief and loss support"

HELPED = [
    "Being listened to without anyone trying to fix me.",
    "Hearing that someone else has felt the same way.",
    "The check-in. Nobody made me talk but I wanted to.",
    "Pairs in the breakout: easier than speaking to the whole room.",
    "Sam's story about getting back to work gave me hope.",
    "That we started and finished on time.",
    "Knowing I did not have to speak if I did not want to.",
    "The facilitator remembered what I said last week.",
    "Talking about sleep. I will try the wind-down idea.",
    "Laughing together for a bit. I needed that.",
    "The confidentiality part at the start made me feel safe.",
    "Someone offered to walk to the bus stop with me.",
    "Writing down one small step for this week.",
    "A quiet room and a cup of tea.",
]
BETTER = [
    "The room was cold.",
    "A bit more time for open sharing, please.",
    "Could we have a break halfway?",
    "I would like the ground rules read a little slower.",
    "One person talked a lot; maybe a gentle reminder about sharing time.",
    "The bus stops running before we finish.",
    "More chairs, it was crowded.",
    "It would help to know the topic before the meeting.",
    "Some of the words in the check-in were hard to follow.",
    "I would like a group closer to the end of the month when money is tight.",
]


def _weeks_before(when: datetime.datetime, weeks: int, zone: ZoneInfo) -> datetime.datetime:
    """The same time on the organisation's clock ``weeks`` earlier, across any clock change.

    Arithmetic on a time in the zone keeps the wall-clock time (the zone gives the
    offset afresh); in UTC a 6 p.m. group would show 5 or 7 p.m. before the change.
    """
    return when.astimezone(zone) - datetime.timedelta(weeks=weeks)


def _past_meeting(group: SupportGroup, when: datetime.datetime) -> Meeting:
    meeting, _created = Meeting.objects.get_or_create(
        group=group,
        scheduled_for=when,
        defaults={
            "organization": group.organization,
            "starts_at": when,
            "duration": datetime.timedelta(minutes=group.duration_minutes),
            "leader": group.facilitators.first(),
        },
    )
    return meeting


class _Words:
    """Hands out each demo sentence once before repeating any (real answers rarely repeat)."""

    def __init__(self, sentences: list[str], rng: random.Random) -> None:
        self.sentences, self.rng, self.left = sentences, rng, list[str]()

    def next(self) -> str:
        if not self.left:
            self.left = self.sentences[:]
            self.rng.shuffle(self.left)
        return self.left.pop()


def _answer(meeting: Meeting, rng: random.Random, words: tuple[_Words, _Words], count: int) -> None:
    closes = meeting.ends_at + datetime.timedelta(days=7)
    meeting.feedback_closes_at = closes
    if meeting.guest_count < count:
        meeting.guest_count = count  # people who came without giving a name
    meeting.save(update_fields=["feedback_closes_at", "guest_count"])
    for number in range(count):
        base = rng.randint(7, 10)
        scores = [max(0, min(10, base + rng.randint(-1, 1))) for _ in range(4)]
        FeedbackResponse.objects.create(
            organization=meeting.organization,
            group=meeting.group,
            meeting=meeting,
            meeting_date=meeting_date(meeting),
            window_closes=closes,
            score_1=scores[0],
            score_2=scores[1],
            score_3=scores[2],
            score_4=scores[3],
            helped=words[0].next() if number % 3 == 0 else "",
            better=words[1].next() if number % 4 == 1 else "",
        )


@transaction.atomic
def load_demo_feedback(riverside: Organization, now: datetime.datetime | None = None) -> bool:
    """Create the demo answers and concern once. Returns False if already there."""
    now = now or timezone.now()
    zone = ZoneInfo(riverside.timezone)
    if FeedbackResponse.objects.for_org(riverside).exists():
        return False
    rng = random.Random(5)  # demo numbers, not security
    words = (_Words(HELPED, rng), _Words(BETTER, rng))
    circle = SupportGroup.objects.for_org(riverside).filter(name=RESULTS_GROUP).first()
    if circle is not None:
        upcoming = (
            Meeting.objects.filter(group=circle, starts_at__gt=now)
            .scheduled()
            .order_by("starts_at")
            .first()
        )
        anchor = upcoming.starts_at if upcoming else now.replace(microsecond=0)
        # Ten past weeks; the most recent meeting's link is still open (its answers wait).
        for weeks in range(10, 0, -1):
            meeting = _past_meeting(circle, _weeks_before(anchor, weeks, zone))
            _answer(meeting, rng, words, count=rng.randint(3, 5))
    few = SupportGroup.objects.for_org(riverside).filter(name=FEW_GROUP).first()
    if few is not None:
        past = (
            Meeting.objects.filter(group=few, starts_at__lt=now - datetime.timedelta(days=8))
            .order_by("-starts_at")
            .first()
        )
        if past is None:
            past = _past_meeting(few, _weeks_before(now.replace(microsecond=0), 2, zone))
        _answer(past, rng, words, count=3)

    if not Complaint.objects.for_org(riverside).exists():
        venue = Venue.objects.for_org(riverside).filter(name__startswith="St. Mark").first()
        submit_complaint(
            riverside,
            about=Complaint.About.VENUE if venue else Complaint.About.ORGANIZATION,
            venue=venue,
            text=(
                "The side door with the ramp was locked when I arrived for the Thursday "
                "group, and nobody answered when I knocked. I use a wheelchair and had to "
                "go home. It is the second time this has happened."
            ),
            hoped_for="Someone to check the side door is open before each meeting.",
            receipt=DEMO_RECEIPT,
        )
    return True
