"""A concern's state machine, who is told in what order, and passing it on in time."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from circles.accounts.models import AuditEvent, Organization, Role, User
from circles.safety.actions import (
    acknowledge_concern,
    add_follow_up,
    close_concern,
    raise_concern,
    save_duty_entry,
)
from circles.safety.duty import chain_at
from circles.safety.models import ConcernStep, OnDutyEntry, SafetyConcern, SafetySettings
from circles.safety.workflow import IllegalTransition, escalate_if_due, move
from circles.testing.fixtures import make_member

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


def concern_by(organization: Organization, who: User, **extra: Any) -> SafetyConcern:
    return raise_concern(
        organization=organization,
        raised_by=who,
        kind=SafetyConcern.Kind.SELF,
        what_happened="They said they had a plan for tonight.",
        **extra,
    )


def told(concern: SafetyConcern) -> list[int]:
    return list(
        ConcernStep.objects.filter(concern=concern, kind=ConcernStep.Kind.NOTIFIED)
        .order_by("at", "id")
        .values_list("told_id", flat=True)
    )


@pytest.mark.parametrize(
    ("start", "goal", "allowed"),
    [
        ("raised", "acknowledged", True),
        ("raised", "escalated", True),
        ("raised", "closed", False),
        ("escalated", "escalated", True),
        ("escalated", "acknowledged", True),
        ("escalated", "closed", False),
        ("acknowledged", "closed", True),
        ("acknowledged", "raised", False),
        ("acknowledged", "escalated", False),
        ("acknowledged", "acknowledged", False),
        ("closed", "raised", False),
        ("closed", "acknowledged", False),
        ("closed", "escalated", False),
        ("closed", "closed", False),
    ],
)
def test_the_state_machine_refuses_illegal_moves(start: str, goal: str, allowed: bool) -> None:
    concern = SafetyConcern(status=start)
    if allowed:
        move(concern, goal)
        assert concern.status == goal
    else:
        with pytest.raises(IllegalTransition):
            move(concern, goal)
        assert concern.status == start


def test_raising_tells_the_first_supervisor_at_once_and_sets_the_limit(
    riverside: Organization, supervisor: User, specialist: User, participant: User
) -> None:
    before = timezone.now()
    concern = concern_by(riverside, specialist, about_user=participant)
    assert concern.status == SafetyConcern.Status.RAISED
    assert told(concern) == [supervisor.pk]
    assert concern.next_escalation_at is not None
    assert before + 15 * MINUTE <= concern.next_escalation_at <= timezone.now() + 15 * MINUTE
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"safety.concern_raised", "safety.concern_notified"} <= actions


def test_a_closed_concern_cannot_be_closed_or_followed_up_again(
    riverside: Organization, supervisor: User, specialist: User
) -> None:
    concern = concern_by(riverside, specialist)
    with pytest.raises(IllegalTransition):
        close_concern(concern, supervisor, "Too early: nobody has it yet.")
    assert acknowledge_concern(concern, supervisor)
    assert not acknowledge_concern(concern, supervisor)  # the first stands
    add_follow_up(concern, supervisor, "Talked with them; they called 988 together.")
    close_concern(concern, supervisor, "They are safe and staying with a friend.")
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.CLOSED and concern.closed_by == supervisor
    with pytest.raises(IllegalTransition):
        close_concern(concern, supervisor, "Again.")
    with pytest.raises(IllegalTransition):
        add_follow_up(concern, supervisor, "More.")
    kinds = list(concern.steps.values_list("kind", flat=True))
    assert kinds == ["raised", "notified", "acknowledged", "follow_up", "closed"]
    actions = list(
        AuditEvent.objects.filter(action__startswith="safety.concern_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "safety.concern_raised",
        "safety.concern_notified",
        "safety.concern_acknowledged",
        "safety.concern_follow_up",
        "safety.concern_closed",
    ]


def test_escalation_goes_down_the_list_then_to_every_admin(
    riverside: Organization, supervisor: User, specialist: User, admin: User
) -> None:
    second = make_member(riverside, Role.SUPERVISOR, "second@example.org", "Dana")
    other_admin = make_member(riverside, Role.ADMIN, "admin2@example.org", "Kim")
    concern = concern_by(riverside, specialist)
    start = concern.raised_at
    # Not due yet: nothing happens.
    assert escalate_if_due(concern.pk, start + 14 * MINUTE) is None
    passed = escalate_if_due(concern.pk, start + 15 * MINUTE)
    assert passed is not None and passed.next_at == start + 30 * MINUTE
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.ESCALATED and concern.level == 1
    assert told(concern) == [supervisor.pk, second.pk]

    passed = escalate_if_due(concern.pk, start + 30 * MINUTE)
    assert passed is not None and passed.next_at is None
    concern.refresh_from_db()
    assert concern.told_admins
    assert told(concern) == [supervisor.pk, second.pk, admin.pk, other_admin.pk]
    # Everyone has been told: nothing further.
    assert escalate_if_due(concern.pk, start + 60 * MINUTE) is None
    assert AuditEvent.objects.filter(action="safety.concern_escalated").count() == 2


def test_an_acknowledged_concern_is_not_passed_on(
    riverside: Organization, supervisor: User, specialist: User
) -> None:
    concern = concern_by(riverside, specialist)
    acknowledge_concern(concern, supervisor)
    assert escalate_if_due(concern.pk, concern.raised_at + 20 * MINUTE) is None
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.ACKNOWLEDGED


def test_the_organisations_limit_is_used(
    riverside: Organization, supervisor: User, specialist: User
) -> None:
    SafetySettings.objects.create(organization=riverside, ack_limit_minutes=5)
    concern = concern_by(riverside, specialist)
    assert concern.next_escalation_at == concern.raised_at + 5 * MINUTE


def test_a_supervisor_who_raises_is_not_told_their_own_concern(
    riverside: Organization, supervisor: User, admin: User
) -> None:
    concern = concern_by(riverside, supervisor)
    # Nobody else on the list: straight to the admins.
    assert told(concern) == [admin.pk]
    assert concern.told_admins and concern.next_escalation_at is None


def test_the_on_duty_list_order_and_hours(
    riverside: Organization, supervisor: User, specialist: User, admin: User
) -> None:
    second = make_member(riverside, Role.SUPERVISOR, "second@example.org", "Dana")
    # Dana first on weekdays 09:00-17:00; Sam second, all the time.
    save_duty_entry(
        OnDutyEntry(
            organization=riverside,
            user=second,
            position=1,
            days="01234",
            starts=datetime.time(9),
            ends=datetime.time(17),
        ),
        admin,
    )
    save_duty_entry(OnDutyEntry(organization=riverside, user=supervisor, position=2), admin)
    tz = riverside.timezone
    from zoneinfo import ZoneInfo

    monday_noon = datetime.datetime(2026, 11, 30, 12, tzinfo=ZoneInfo(tz))
    monday_night = datetime.datetime(2026, 11, 30, 22, tzinfo=ZoneInfo(tz))
    saturday_noon = datetime.datetime(2026, 12, 5, 12, tzinfo=ZoneInfo(tz))
    assert [u.pk for u in chain_at(riverside, monday_noon)] == [second.pk, supervisor.pk]
    assert [u.pk for u in chain_at(riverside, monday_night)] == [supervisor.pk]
    assert [u.pk for u in chain_at(riverside, saturday_noon)] == [supervisor.pk]


def test_hours_past_midnight_wrap() -> None:
    entry = OnDutyEntry(starts=datetime.time(22), ends=datetime.time(6))
    assert entry.on_duty_at(datetime.datetime(2026, 12, 1, 23))
    assert entry.on_duty_at(datetime.datetime(2026, 12, 1, 5))
    assert not entry.on_duty_at(datetime.datetime(2026, 12, 1, 12))


def test_when_nobody_on_the_list_is_on_duty_everyone_on_it_is_asked_in_order(
    riverside: Organization, supervisor: User, admin: User
) -> None:
    save_duty_entry(
        OnDutyEntry(organization=riverside, user=supervisor, position=1, days="5"), admin
    )
    from zoneinfo import ZoneInfo

    monday = datetime.datetime(2026, 11, 30, 12, tzinfo=ZoneInfo(riverside.timezone))
    assert [u.pk for u in chain_at(riverside, monday)] == [supervisor.pk]


def test_someone_who_left_is_not_told(
    riverside: Organization, supervisor: User, specialist: User, admin: User
) -> None:
    from circles.accounts.models import Membership

    Membership.objects.filter(user=supervisor).update(is_active=False)
    concern = concern_by(riverside, specialist)
    assert told(concern) == [admin.pk]
