"""Check-ins the person agreed to: today's list and quick results."""

from typing import Any

import pytest

from circles.peerwork.models import CheckIn, CheckInPlan, Person, today_for
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def _plan(person: Person, weekday: int | None = None) -> CheckInPlan:
    day = today_for(person.organization).weekday() if weekday is None else weekday
    return CheckInPlan.objects.create(
        organization=person.organization, person=person, weekday=day, way="phone"
    )


def test_check_ins_need_the_persons_agreement(specialist: Any, casey_record: Person) -> None:
    url = f"/o/riverside/peer-support/people/{casey_record.pk}/check-ins/new/"
    refused = client_for(specialist).post(url, {"weekday": "3", "way": "phone"})
    assert refused.status_code == 400
    assert "only when the person has agreed" in refused.content.decode()
    odd = client_for(specialist).post(url, {"weekday": "9", "way": "phone", "agreed": "on"})
    assert odd.status_code == 400
    ok = client_for(specialist).post(url, {"weekday": "3", "way": "text", "agreed": "on"})
    assert ok.status_code == 302
    plan = CheckInPlan.objects.get()
    assert (plan.weekday, plan.way) == (3, "text")


def test_todays_check_ins_are_on_the_home_page_and_caseload(
    specialist: Any, casey_record: Person
) -> None:
    _plan(casey_record)
    tomorrow = (today_for(casey_record.organization).weekday() + 1) % 7
    _plan(casey_record, tomorrow)
    home = client_for(specialist).get("/o/riverside/").content.decode()
    assert "Today's check-ins" in home
    assert home.split("Today's check-ins")[1].count("Casey") == 1
    caseload = client_for(specialist).get("/o/riverside/peer-support/caseload/").content.decode()
    assert "We talked" in caseload


def test_a_quick_result_and_a_short_note(specialist: Any, casey_record: Person) -> None:
    plan = _plan(casey_record)
    url = f"/o/riverside/peer-support/check-ins/{plan.pk}/record/"
    client_for(specialist).post(url, {"result": "talked", "note": "Good week."})
    checkin = CheckIn.objects.get()
    assert checkin.result == "talked" and checkin.note == "Good week."
    home = client_for(specialist).get("/o/riverside/").content.decode()
    assert "We talked" in home.split("Today's check-ins")[1]


def test_asking_to_stop_stops_the_check_ins(specialist: Any, casey_record: Person) -> None:
    plan = _plan(casey_record)
    url = f"/o/riverside/peer-support/check-ins/{plan.pk}/record/"
    client_for(specialist).post(url, {"result": "stop", "note": "ignored"})
    plan.refresh_from_db()
    assert plan.stopped_on is not None
    assert CheckIn.objects.get().note == ""


def test_only_their_specialist_records(colleague: Any, casey_record: Person) -> None:
    plan = _plan(casey_record)
    url = f"/o/riverside/peer-support/check-ins/{plan.pk}/record/"
    assert client_for(colleague).post(url, {"result": "talked"}).status_code == 403
