"""Cancelling a date (a holiday, a cancelled week) and taking it back."""

import datetime
from typing import Any

import pytest

from circles.accounts.models import AuditEvent
from circles.groups.models import ScheduleException
from circles.testing.fixtures import client_for, join_group, make_group

pytestmark = pytest.mark.django_db

# 1 December 2099 is a Tuesday.
FIRST = datetime.date(2099, 12, 1)


def weekly_group(riverside: Any, specialist: Any) -> Any:
    return make_group(riverside, facilitators=[specialist], starts_on=FIRST)


def test_a_cancelled_date_is_skipped_and_listed(
    specialist: Any, participant: Any, riverside: Any
) -> None:
    group = weekly_group(riverside, specialist)
    join_group(group, participant)
    client = client_for(specialist)
    url = f"/o/riverside/groups/{group.pk}/dates/"
    response = client.post(url, {"date": "2099-12-08", "reason": "Room closed"})
    assert response.status_code == 302
    assert "will not meet on 8 December" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="group.date_cancelled").exists()

    html = client_for(participant).get(f"/o/riverside/groups/{group.pk}/").content.decode()
    assert "Not meeting on Tuesday 8 December (Room closed)" in html
    assert "Tuesday 1 December 2099" in html
    assert "Tuesday 8 December 2099" not in html
    # Five dates are still shown: the list reaches one week further.
    assert "Tuesday 5 January 2100" in html


def test_a_date_the_group_does_not_meet_is_refused_kindly(specialist: Any, riverside: Any) -> None:
    group = weekly_group(riverside, specialist)
    page = client_for(specialist).post(
        f"/o/riverside/groups/{group.pk}/dates/", {"date": "2099-12-09", "reason": "Holiday"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "The group does not meet on that date" in html
    assert 'value="Holiday"' in html
    assert not ScheduleException.objects.exists()


def test_the_same_date_twice_is_explained(specialist: Any, riverside: Any) -> None:
    group = weekly_group(riverside, specialist)
    url = f"/o/riverside/groups/{group.pk}/dates/"
    client = client_for(specialist)
    client.post(url, {"date": "2099-12-08"})
    html = client.post(url, {"date": "2099-12-08"}).content.decode()
    assert "already not meeting on that date" in html
    assert ScheduleException.objects.count() == 1


def test_the_date_can_be_taken_back(specialist: Any, riverside: Any) -> None:
    group = weekly_group(riverside, specialist)
    exception = group.exceptions.create(organization=riverside, date=datetime.date(2099, 12, 8))
    client = client_for(specialist)
    url = f"/o/riverside/groups/{group.pk}/dates/"
    response = client.post(f"{url}{exception.pk}/remove/")
    assert response.status_code == 302
    assert not ScheduleException.objects.exists()
    assert "meets on 8 December after all" in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action="group.date_restored").exists()
    detail = client.get(f"/o/riverside/groups/{group.pk}/").content.decode()
    assert "Tuesday 8 December 2099" in detail


def test_another_groups_date_cannot_be_taken_back(
    specialist: Any, admin: Any, riverside: Any
) -> None:
    mine = weekly_group(riverside, specialist)
    theirs = make_group(riverside, facilitators=[admin], starts_on=FIRST)
    exception = theirs.exceptions.create(organization=riverside, date=datetime.date(2099, 12, 8))
    response = client_for(specialist).post(
        f"/o/riverside/groups/{mine.pk}/dates/{exception.pk}/remove/"
    )
    assert response.status_code == 302
    assert ScheduleException.objects.filter(pk=exception.pk).exists()


def test_members_may_not_cancel_dates(specialist: Any, participant: Any, riverside: Any) -> None:
    group = weekly_group(riverside, specialist)
    join_group(group, participant)
    response = client_for(participant).post(
        f"/o/riverside/groups/{group.pk}/dates/", {"date": "2099-12-08"}
    )
    assert response.status_code == 403
    assert not ScheduleException.objects.exists()


def test_page_offers_the_next_dates_to_cancel(specialist: Any, riverside: Any) -> None:
    group = weekly_group(riverside, specialist)
    html = client_for(specialist).get(f"/o/riverside/groups/{group.pk}/dates/").content.decode()
    assert 'value="2099-12-01"' in html
    assert "Cancel 1 December" in html
