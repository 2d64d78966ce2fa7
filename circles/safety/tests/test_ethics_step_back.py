"""Stepping back: a colleague covers the groups, supervisors hear only who and when, and
the worker's hourly round hands over and back."""

import datetime
import io
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.safety.ethics import actions
from circles.safety.ethics.models import StepBack, StepBackGroup
from circles.safety.ethics.queries import covering, org_today
from circles.testing.fixtures import client_for, make_group

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def run_worker_at(when: datetime.datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=when):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def groups(riverside: Any, specialist: Any, supervisor: Any) -> dict[str, Any]:
    return {
        "own": make_group(riverside, [specialist], name="Monday circle"),
        "shared": make_group(riverside, [specialist, supervisor], name="Shared circle"),
        "archived": make_group(riverside, [specialist], name="Old circle", is_archived=True),
        "other": make_group(riverside, [supervisor], name="Not theirs"),
    }


# The worker closes its database connection: a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_stepping_back_today_hands_the_groups_over_and_tells_the_supervisor_only_that(
    riverside: Any,
    specialist: Any,
    supervisor: Any,
    admin: Any,
    groups: dict[str, Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    today = org_today(riverside)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(specialist).post(
            "/o/riverside/ethics/away/new/",
            {
                "starts_on": today.isoformat(),
                "ends_on": (today + 6 * DAY).isoformat(),
                "cover": supervisor.pk,
            },
        )
    assert answer.status_code == 302
    away = StepBack.objects.get()
    assert away.handed_over_at is not None
    assert groups["own"].facilitators.filter(pk=supervisor.pk).exists()
    assert not groups["archived"].facilitators.filter(pk=supervisor.pk).exists()
    handed = {g.group_id: g.added for g in StepBackGroup.objects.filter(step_back=away)}
    assert handed == {groups["own"].pk: True, groups["shared"].pk: False}
    added = AuditEvent.objects.filter(action="group.facilitator_added")
    assert [e.object_id for e in added] == [str(groups["own"].pk)]
    assert AuditEvent.objects.filter(action="ethics.stepped_back").count() == 1
    assert covering(riverside, today) == {specialist.pk: supervisor.pk}
    assert covering(riverside, today + 7 * DAY) == {}

    assert mail.outbox == []
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [supervisor.email]
    assert specialist.display_name in message.subject
    assert supervisor.display_name in message.body
    assert "no need to ask why" in message.body


# The worker closes its database connection: a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_a_later_step_back_is_handed_over_and_back_by_the_hourly_round(
    riverside: Any, specialist: Any, supervisor: Any, groups: dict[str, Any]
) -> None:
    today = org_today(riverside)
    starts, ends = today + 10 * DAY, today + 12 * DAY
    away = actions.step_back(riverside, specialist, supervisor, starts, ends)
    assert away.handed_over_at is None
    assert not groups["own"].facilitators.filter(pk=supervisor.pk).exists()
    call_command("step_back_rounds", stdout=io.StringIO())  # the worker starting

    run_worker_at(noon(starts - DAY))
    away.refresh_from_db()
    assert away.handed_over_at is None

    run_worker_at(noon(starts))
    away.refresh_from_db()
    assert away.handed_over_at is not None and away.handed_back_at is None
    assert groups["own"].facilitators.filter(pk=supervisor.pk).exists()

    run_worker_at(noon(ends))
    away.refresh_from_db()
    assert away.handed_back_at is None

    run_worker_at(noon(ends + DAY))
    away.refresh_from_db()
    assert away.handed_back_at is not None
    assert not groups["own"].facilitators.filter(pk=supervisor.pk).exists()
    # The cover facilitated the shared group before, and still does.
    assert groups["shared"].facilitators.filter(pk=supervisor.pk).exists()
    assert groups["own"].facilitators.filter(pk=specialist.pk).exists()
    removed = AuditEvent.objects.filter(action="group.facilitator_removed")
    assert [e.object_id for e in removed] == [str(groups["own"].pk)]
    assert AuditEvent.objects.filter(action="ethics.handed_back").count() == 1


def test_coming_back_early_hands_back_at_once(
    riverside: Any, specialist: Any, supervisor: Any, groups: dict[str, Any]
) -> None:
    today = org_today(riverside)
    away = actions.step_back(riverside, specialist, supervisor, today, today + 20 * DAY)
    url = f"/o/riverside/ethics/away/{away.pk}/end/"
    assert client_for(supervisor).post(url).status_code == 403
    assert client_for(specialist).post(url).status_code == 302
    away.refresh_from_db()
    assert away.handed_back_at is not None and away.ends_on == today
    assert not groups["own"].facilitators.filter(pk=supervisor.pk).exists()
    assert covering(riverside, today) == {}
    assert AuditEvent.objects.filter(action="ethics.came_back").count() == 1


def test_calling_off_a_planned_step_back_hands_nothing_over(
    riverside: Any, specialist: Any, supervisor: Any, groups: dict[str, Any]
) -> None:
    today = org_today(riverside)
    away = actions.step_back(riverside, specialist, supervisor, today + 5 * DAY, today + 9 * DAY)
    actions.come_back(away, actor=specialist)
    actions.step_back_rounds(today=today + 6 * DAY)
    away.refresh_from_db()
    assert away.handed_over_at is None and away.handed_back_at is not None
    assert not groups["own"].facilitators.filter(pk=supervisor.pk).exists()


@pytest.mark.parametrize(
    "starts, ends, message",
    [
        (-1, 3, "Please start today or later."),
        (2, 1, "on or after the first day"),
        (400, 401, "within the next year"),
        (0, 400, "a year at most"),
    ],
)
def test_step_back_dates_must_make_sense(
    riverside: Any, specialist: Any, supervisor: Any, starts: int, ends: int, message: str
) -> None:
    today = org_today(riverside)
    answer = client_for(specialist).post(
        "/o/riverside/ethics/away/new/",
        {
            "starts_on": (today + starts * DAY).isoformat(),
            "ends_on": (today + ends * DAY).isoformat(),
            "cover": supervisor.pk,
        },
    )
    assert answer.status_code == 400
    assert message in answer.content.decode()
    assert not StepBack.objects.exists()


def test_the_cover_must_be_a_colleague_here(
    riverside: Any, specialist: Any, participant: Any, outsider: Any
) -> None:
    today = org_today(riverside)
    for person in (participant, outsider, specialist):
        answer = client_for(specialist).post(
            "/o/riverside/ethics/away/new/",
            {"starts_on": today.isoformat(), "ends_on": today.isoformat(), "cover": person.pk},
        )
        assert answer.status_code == 400
        assert "Please choose a colleague from the list." in answer.content.decode()
    assert not StepBack.objects.exists()


def test_supervisors_see_who_is_away_and_who_covers(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any
) -> None:
    today = org_today(riverside)
    actions.step_back(riverside, specialist, admin, today, today + 2 * DAY)
    page = client_for(supervisor).get("/o/riverside/ethics/team/").content.decode()
    assert f"{specialist.display_name}: from" in page
    assert f"{admin.display_name} covers." in page


# The worker closes its database connection: a real transaction, as in production.
@pytest.mark.django_db(transaction=True)
def test_without_a_supervisor_the_admins_are_told_and_never_the_worker(
    riverside: Any, specialist: Any, admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    today = org_today(riverside)
    with django_capture_on_commit_callbacks(execute=True):
        actions.step_back(riverside, admin, specialist, today, today)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert mail.outbox == []  # the only admin is the one stepping back
    with django_capture_on_commit_callbacks(execute=True):
        actions.step_back(riverside, specialist, admin, today, today + DAY)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_the_cover_cannot_be_away_themselves_at_that_time(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any
) -> None:
    today = org_today(riverside)
    actions.step_back(riverside, supervisor, admin, today + 3 * DAY, today + 5 * DAY)
    answer = client_for(specialist).post(
        "/o/riverside/ethics/away/new/",
        {
            "starts_on": (today + 5 * DAY).isoformat(),
            "ends_on": (today + 8 * DAY).isoformat(),
            "cover": supervisor.pk,
        },
    )
    assert answer.status_code == 400
    assert "is away for some of that time" in answer.content.decode()
    fine = client_for(specialist).post(
        "/o/riverside/ethics/away/new/",
        {
            "starts_on": (today + 6 * DAY).isoformat(),
            "ends_on": (today + 8 * DAY).isoformat(),
            "cover": supervisor.pk,
        },
    )
    assert fine.status_code == 302
    assert StepBack.objects.filter(worker=specialist).count() == 1
