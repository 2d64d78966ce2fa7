"""Demo groups and venues for the two demo organisations (called by circles.home.demo).

Everything here is made up. It shows the groups area at work: venues that have
and lack things, groups in person, online and both, a closed group with someone
waiting to join, a cancelled holiday date, a member whose venue lacks what they
need, and enough answers for the planning assistant to suggest a time.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.groups.models import (
    DEFAULT_CONFIDENTIALITY,
    DEFAULT_GROUND_RULES,
    Audience,
    Availability,
    Format,
    Frequency,
    GroupMembership,
    Kind,
    MonthWeek,
    ScheduleException,
    SupportGroup,
    Venue,
    Weekday,
)

# Long enough ago that every group already has a history and next dates ahead.
FIRST_MEETINGS = datetime.date(2025, 9, 1)
ONLINE_FAMILY_URL = "https://meet.example.org/lakeshore-family"
ONLINE_LGBTQ_URL = "https://meet.example.org/riverside-pride"

# Answers for the planning assistant: the Tuesday circle is thinking about its time.
TUESDAY_CIRCLE_ANSWERS: list[tuple[str, list[str]]] = [
    ("J.", ["tue-evening", "wed-evening", "sat-morning"]),
    ("A.K.", ["tue-evening", "thu-evening"]),
    ("Dee", ["wed-evening", "thu-evening", "sat-morning"]),
    ("T.M.", ["tue-evening", "wed-evening"]),
    ("Ray", ["mon-evening", "tue-evening", "sat-morning"]),
    ("L.", ["sat-morning", "sun-afternoon"]),
    ("Pat", ["tue-evening", "thu-evening", "sat-morning"]),
    ("N.O.", ["wed-evening", "sat-morning"]),
]


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _venues(riverside: Organization, lakeshore: Organization) -> dict[str, Venue]:
    main_room = Venue.objects.create(
        organization=riverside,
        name="Riverside Peer Center, main room",
        address="240 River Street\nRiverside",
        capacity=20,
        public_transport=True,
        accessible_parking=True,
        step_free=True,
        accessible_toilets=True,
        kitchen=True,
        quiet_room=True,
        comfort=True,
        after_hours=True,
        hearing_loop=True,
        room_cost="Free (our own room)",
        notes="Bus 4 stops at the door. The hearing loop switch is by the light switches.",
    )
    church_hall = Venue.objects.create(
        organization=riverside,
        name="St. Mark's church hall",
        address="15 Chapel Lane\nRiverside",
        capacity=40,
        public_transport=True,
        kitchen=True,
        quiet_room=True,
        comfort=True,
        after_hours=True,
        room_cost="$15 an evening",
        availability=["mon-evening", "tue-evening", "wed-evening", "thu-evening"],
        notes=(
            "Three steps up to the front door and no accessible toilet. "
            "Lit parking behind the hall; the parish office lends the key."
        ),
    )
    library = Venue.objects.create(
        organization=lakeshore,
        name="Lakeshore library meeting room",
        address="1 Harbor Road\nLakeshore",
        capacity=16,
        public_transport=True,
        accessible_parking=True,
        step_free=True,
        accessible_toilets=True,
        quiet_room=True,
        comfort=True,
        after_hours=True,
        room_cost="Free for community groups",
        availability=[
            f"{day}-{part}"
            for day in ("mon", "tue", "wed", "thu", "fri", "sat")
            for part in ("morning", "afternoon", "evening")
            if not (day == "sat" and part == "evening")
        ],
        notes="Book two weeks ahead at the front desk.",
    )
    return {"main_room": main_room, "church_hall": church_hall, "library": library}


def _group(organization: Organization, facilitators: list[User], **values: Any) -> SupportGroup:
    group = SupportGroup.objects.create(
        organization=organization,
        starts_on=FIRST_MEETINGS,
        ground_rules=str(DEFAULT_GROUND_RULES),
        confidentiality=str(DEFAULT_CONFIDENTIALITY),
        **values,
    )
    group.facilitators.set(facilitators)
    return group


def _member(group: SupportGroup, user: User, status: str = GroupMembership.Status.MEMBER) -> None:
    GroupMembership.objects.create(
        organization=group.organization,
        group=group,
        user=user,
        status=status,
        decided_at=timezone.now() if status == GroupMembership.Status.MEMBER else None,
        request_message=(
            "Hello. A friend told me about this group. I have lost my dad this year "
            "and would like to come, if there is room."
            if status == GroupMembership.Status.REQUESTED
            else ""
        ),
    )


def holiday_tuesday(today: datetime.date) -> datetime.date:
    """The Tuesday of the coming Christmas week, when the church hall is closed."""
    for year in (today.year, today.year + 1):
        christmas = datetime.date(year, 12, 25)
        tuesday = christmas - datetime.timedelta(days=(christmas.weekday() - Weekday.TUESDAY) % 7)
        if tuesday >= today:
            return tuesday
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def load_demo_groups(riverside: Organization, lakeshore: Organization) -> bool:
    """Create the demo venues and groups once. Returns False if they were already there."""
    if SupportGroup.objects.for_org(riverside).exists():
        return False
    venues = _venues(riverside, lakeshore)
    admin = _user("admin@example.org")
    specialist = _user("specialist@example.org")
    participant = _user("participant@example.org")
    participant2 = _user("participant2@example.org")
    lee = _user("outsider@example.net")

    # Casey said on her profile she needs step-free access; the church hall has steps.
    participant.access_needs = ["step_free"]
    participant.save(update_fields=["access_needs"])

    tuesday = _group(
        riverside,
        [specialist],
        name="Tuesday evening peer circle",
        purpose=(
            "A relaxed evening for anyone living with stress, low mood or anxiety. "
            "We share what helps and listen to each other. You do not have to speak."
        ),
        kind=Kind.INTENTIONAL,
        support_types=["emotional", "affiliational"],
        topics=["Mental health"],
        audience=Audience.ADULTS,
        languages=["English"],
        format=Format.IN_PERSON,
        capacity=14,
        frequency=Frequency.WEEKLY,
        weekday=Weekday.TUESDAY,
        start_time=datetime.time(18, 0),
        duration_minutes=90,
        venue=venues["church_hall"],
    )
    _member(tuesday, participant)
    _member(tuesday, participant2)
    ScheduleException.objects.create(
        organization=riverside,
        group=tuesday,
        date=holiday_tuesday(timezone.localdate()),
        reason="Holiday: the hall is closed for Christmas week",
    )
    Availability.objects.create(
        organization=riverside,
        group=tuesday,
        user=participant,
        slots=["tue-evening", "thu-evening"],
    )
    Availability.objects.create(
        organization=riverside,
        group=tuesday,
        user=participant2,
        slots=["tue-evening", "wed-evening", "sat-morning"],
    )
    Availability.objects.bulk_create(
        Availability(organization=riverside, group=tuesday, label=label, slots=slots)
        for label, slots in TUESDAY_CIRCLE_ANSWERS
    )

    grief = _group(
        riverside,
        [specialist],
        name="Grief and loss support",
        purpose=(
            "For people who have lost someone close, recently or long ago. "
            "A small, steady group where grief is welcome as it is."
        ),
        kind=Kind.MUTUAL,
        support_types=["emotional", "informational"],
        topics=["Grief"],
        audience=Audience.ADULTS,
        languages=["English", "Spanish"],
        is_open=False,
        format=Format.IN_PERSON,
        capacity=10,
        frequency=Frequency.BIWEEKLY,
        weekday=Weekday.THURSDAY,
        start_time=datetime.time(14, 0),
        duration_minutes=120,
        venue=venues["main_room"],
    )
    _member(grief, participant2, GroupMembership.Status.REQUESTED)

    _group(
        riverside,
        [admin],
        name="LGBTQIA+ peer group",
        purpose=(
            "A warm, affirming space for LGBTQIA+ people and anyone questioning. "
            "Come to the room or join from home."
        ),
        kind=Kind.MUTUAL,
        support_types=["emotional", "affiliational"],
        topics=["LGBTQIA+", "Mental health"],
        audience=Audience.IDENTITY,
        audience_detail="LGBTQIA+ people and anyone questioning",
        languages=["English"],
        format=Format.HYBRID,
        capacity=16,
        frequency=Frequency.MONTHLY,
        weekday=Weekday.SATURDAY,
        month_week=MonthWeek.FIRST,
        start_time=datetime.time(11, 0),
        duration_minutes=120,
        venue=venues["main_room"],
        online_url=ONLINE_LGBTQ_URL,
    )

    _group(
        riverside,
        [admin],
        name="Young adults drop-in",
        purpose=(
            "For people aged 18 to 25. Drop in after school, college or work for a hot "
            "drink, a game and people who get it. No need to sign up."
        ),
        kind=Kind.DROP_IN,
        support_types=["affiliational", "informational"],
        topics=["Student", "Mental health"],
        audience=Audience.YOUTH,
        languages=["English"],
        format=Format.IN_PERSON,
        capacity=20,
        frequency=Frequency.WEEKLY,
        weekday=Weekday.FRIDAY,
        start_time=datetime.time(16, 0),
        duration_minutes=120,
        venue=venues["main_room"],
    )

    _group(
        lakeshore,
        [lee],
        name="Family and caregivers circle (online)",
        purpose=(
            "For parents, partners and family members supporting someone they love. "
            "Join from home, camera on or off."
        ),
        kind=Kind.MUTUAL,
        support_types=["emotional", "informational"],
        topics=["Mental health"],
        audience=Audience.FAMILIES,
        languages=["English"],
        format=Format.ONLINE,
        capacity=25,
        frequency=Frequency.WEEKLY,
        weekday=Weekday.WEDNESDAY,
        start_time=datetime.time(19, 0),
        duration_minutes=60,
        online_url=ONLINE_FAMILY_URL,
        online_allowed_in_listings=True,
    )

    _group(
        lakeshore,
        [lee],
        name="Men's mental health group",
        purpose=(
            "Men talking honestly about pressure, anger, low mood and getting through. "
            "No fixing, no judging: just men who have been there."
        ),
        kind=Kind.INTENTIONAL,
        support_types=["emotional", "affiliational"],
        topics=["Men's", "Mental health"],
        audience=Audience.ADULTS,
        languages=["English"],
        format=Format.IN_PERSON,
        capacity=12,
        frequency=Frequency.BIWEEKLY,
        weekday=Weekday.MONDAY,
        start_time=datetime.time(18, 30),
        duration_minutes=90,
        venue=venues["library"],
    )
    return True
