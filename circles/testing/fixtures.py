"""The people every test can call on, one fixture each.

Riverside Peer Center has one person in each role; Lakeshore Recovery Network
has ``outsider``, its admin, who must never see anything of Riverside's.
"""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from circles.accounts.models import Membership, Organization, Role, User
from circles.lib import ratelimit

PASSWORD = "a long test passphrase 42"


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any) -> None:
    # Rate limits and spent two-step codes live in the cache; no test inherits them.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _no_random_sweeps(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rate limiter sweeps old counts on a random request; pinned query counts
    # must not depend on the dice. Its own tests sweep on purpose.
    monkeypatch.setattr(ratelimit, "SWEEP_ONE_IN", 10**9)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is what production uses (see test_passwords.py); tests only need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Serve static files straight from the source tree (no collectstatic in tests).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def make_person(email: str, name: str = "", **extra: Any) -> User:
    return User.objects.create_user(email, PASSWORD, preferred_name=name, **extra)


def make_member(organization: Organization, role: str, email: str, name: str = "") -> User:
    user = make_person(email, name)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def riverside(db: Any) -> Organization:
    return Organization.objects.create(
        name="Riverside Peer Center", slug="riverside", require_staff_mfa=False
    )


@pytest.fixture
def lakeshore(db: Any) -> Organization:
    return Organization.objects.create(
        name="Lakeshore Recovery Network", slug="lakeshore", require_staff_mfa=False
    )


@pytest.fixture
def admin(riverside: Organization) -> User:
    return make_member(riverside, Role.ADMIN, "admin@example.org", "Alex")


@pytest.fixture
def supervisor(riverside: Organization) -> User:
    return make_member(riverside, Role.SUPERVISOR, "supervisor@example.org", "Sam")


@pytest.fixture
def specialist(riverside: Organization) -> User:
    return make_member(riverside, Role.SPECIALIST, "specialist@example.org", "Jordan")


@pytest.fixture
def observer(riverside: Organization) -> User:
    return make_member(riverside, Role.OBSERVER, "observer@example.org", "Robin")


@pytest.fixture
def participant(riverside: Organization) -> User:
    return make_member(riverside, Role.PARTICIPANT, "participant@example.org", "Casey")


@pytest.fixture
def participant2(riverside: Organization) -> User:
    return make_member(riverside, Role.PARTICIPANT, "participant2@example.org", "Morgan")


@pytest.fixture
def outsider(lakeshore: Organization) -> User:
    return make_member(lakeshore, Role.ADMIN, "outsider@example.net", "Lee")


@pytest.fixture
def everyone(
    admin: User,
    supervisor: User,
    specialist: User,
    observer: User,
    participant: User,
    participant2: User,
    outsider: User,
) -> dict[str, User]:
    return {
        "admin": admin,
        "supervisor": supervisor,
        "specialist": specialist,
        "observer": observer,
        "participant": participant,
        "participant2": participant2,
        "outsider": outsider,
    }


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def make_venue(organization: Organization, **extra: Any) -> Any:
    from circles.groups.models import Venue

    values: dict[str, Any] = {"name": "Community room", "address": "1 River St", "capacity": 20}
    values.update(extra)
    return Venue.objects.create(organization=organization, **values)


def make_group(
    organization: Organization, facilitators: list[User] | None = None, **extra: Any
) -> Any:
    """A weekly Tuesday-evening group; pass fields to change anything."""
    import datetime

    from circles.groups.models import SupportGroup

    values: dict[str, Any] = {
        "name": "Tuesday evening circle",
        "purpose": "A place to share what helps, with people who have been there too.",
        "start_time": datetime.time(18, 0),
        "duration_minutes": 90,
        "starts_on": datetime.date(2026, 1, 6),
        "topics": ["Mental health"],
        "support_types": ["emotional"],
        "languages": ["English"],
    }
    values.update(extra)
    group = SupportGroup.objects.create(organization=organization, **values)
    if facilitators:
        group.facilitators.set(facilitators)
    return group


def join_group(group: Any, user: User, status: str = "member") -> Any:
    from circles.groups.models import GroupMembership

    return GroupMembership.objects.create(
        organization=group.organization, group=group, user=user, status=status
    )


def make_meeting(group: Any, when: Any = None, **extra: Any) -> Any:
    """A meeting of ``group``; by default tomorrow at the group's start time (UTC)."""
    import datetime

    from django.utils import timezone

    from circles.meetings.models import Meeting

    if when is None:
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        when = tomorrow.replace(hour=18, minute=0, second=0, microsecond=0)
    values: dict[str, Any] = {
        "starts_at": when,
        "scheduled_for": when,
        "duration": datetime.timedelta(minutes=group.duration_minutes),
    }
    values.update(extra)
    return Meeting.objects.create(organization=group.organization, group=group, **values)


def give_feedback(
    meeting: Any,
    count: int = 1,
    scores: tuple[int, int, int, int] = (8, 8, 8, 8),
    released: bool = True,
    helped: str = "",
    better: str = "",
) -> list[Any]:
    """``count`` anonymous answers about ``meeting``; released = its link has closed."""
    import datetime

    from django.utils import timezone

    from circles.feedback.models import FeedbackResponse
    from circles.feedback.sheet import meeting_date

    if meeting.feedback_closes_at is None:
        offset = datetime.timedelta(days=-1 if released else 7)
        meeting.feedback_closes_at = timezone.now() + offset
        if released:
            # Keep release order = meeting order, like real windows.
            meeting.feedback_closes_at = min(
                meeting.feedback_closes_at, meeting.starts_at + datetime.timedelta(days=7)
            )
        meeting.save(update_fields=["feedback_closes_at"])
    return [
        FeedbackResponse.objects.create(
            organization=meeting.organization,
            group=meeting.group,
            meeting=meeting,
            meeting_date=meeting_date(meeting),
            window_closes=meeting.feedback_closes_at,
            score_1=scores[0],
            score_2=scores[1],
            score_3=scores[2],
            score_4=scores[3],
            helped=helped,
            better=better,
        )
        for _ in range(count)
    ]
