"""Freshness: the queue of what to check next, "checked, still right", corrections, reports."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from circles.accounts.models import AuditEvent, Organization, User
from circles.directory.linking.actions import report_out_of_date
from circles.directory.linking.models import OutOfDateReport
from circles.directory.models import DirectorySettings, Service
from circles.directory.tests.factories import make_provider, make_service
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db
QUEUE = "/o/riverside/directory/freshness/"


def _checked(service: Service, days_ago: int) -> Service:
    service.last_checked_at = timezone.now() - datetime.timedelta(days=days_ago)
    service.save(update_fields=["last_checked_at"])
    return service


@pytest.fixture
def records(riverside: Organization) -> dict[str, Service]:
    provider = make_provider(riverside)
    return {
        "fresh": _checked(make_service(riverside, provider, name="Fresh pantry"), 10),
        "old": _checked(make_service(riverside, provider, name="Old clinic"), 300),
        "older": _checked(make_service(riverside, provider, name="Older shelter"), 400),
        "never": make_service(riverside, provider, name="Never checked line"),
    }


def test_queue_lists_what_to_check_next(records: dict[str, Service], specialist: User) -> None:
    response = client_for(specialist).get(QUEUE)
    page = response.content.decode()
    assert "3 of 4 resources need a check." in page
    assert "Fresh pantry" not in page
    # Never checked first, then the longest since a check.
    assert page.index("Never checked line") < page.index("Older shelter") < page.index("Old clinic")


def test_the_organisations_limit_decides(
    records: dict[str, Service], specialist: User, riverside: Organization
) -> None:
    DirectorySettings.objects.create(owner=riverside, check_every_months=12)
    page = client_for(specialist).get(QUEUE).content.decode()
    assert "Old clinic" not in page
    assert "Older shelter" in page


def test_checked_still_right(
    records: dict[str, Service], specialist: User, riverside: Organization
) -> None:
    report = report_out_of_date(records["old"], "Moved?")
    client = client_for(specialist)
    response = client.post(f"/o/riverside/directory/services/{records['old'].pk}/checked/")
    assert response.status_code == 302
    records["old"].refresh_from_db()
    assert records["old"].last_checked_by == specialist
    checked_at = records["old"].last_checked_at
    assert checked_at is not None
    assert timezone.now() - checked_at < datetime.timedelta(minutes=1)
    report.refresh_from_db()
    assert report.resolved_by == specialist
    follow = client.get(QUEUE)
    assert "marked as checked today" in follow.content.decode()
    assert records["old"] not in follow.context["stale"]
    assert AuditEvent.objects.filter(action="directory.service_checked").exists()


def test_public_reports_are_in_the_queue_and_can_be_closed(
    records: dict[str, Service], specialist: User
) -> None:
    report = report_out_of_date(records["fresh"], "The phone number is wrong")
    client = client_for(specialist)
    page = client.get(QUEUE).content.decode()
    assert "The phone number is wrong" in page
    assert client.get(f"/o/riverside/directory/reports/{report.pk}/dismiss/").status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is None  # a plain visit writes nothing
    client.post(f"/o/riverside/directory/reports/{report.pk}/dismiss/")
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert "The phone number is wrong" not in client.get(QUEUE).content.decode()


def test_edit_form_corrects_and_marks_checked(
    records: dict[str, Service], specialist: User
) -> None:
    service = records["older"]
    url = f"/o/riverside/directory/services/{service.pk}/edit/"
    client = client_for(specialist)
    assert "Correct Older shelter" in client.get(url).content.decode()
    data = {
        "name": "Older shelter",
        "alternate_name": "",
        "description": "Beds for the night, now open all year.",
        "url": "example.org/shelter",
        "email": "",
        "status": "active",
        "application_process": "",
        "eligibility_description": "",
        "fees_description": "Free",
        "wait_time": "",
        "interpretation_services": "",
        "alert": "",
    }
    assert client.post(url, data).status_code == 302
    service.refresh_from_db()
    assert service.description == "Beds for the night, now open all year."
    assert service.url == "https://example.org/shelter"
    assert service.last_checked_by == specialist
    event = AuditEvent.objects.get(action="directory.service_corrected")
    assert event.detail["fields"] == ["description", "fees_description", "url"]


def test_bad_edits_are_shown_again(records: dict[str, Service], specialist: User) -> None:
    service = records["older"]
    url = f"/o/riverside/directory/services/{service.pk}/edit/"
    response = client_for(specialist).post(
        url, {"name": "", "description": "kept words", "status": "nope", "email": "not mail"}
    )
    assert response.status_code == 400
    assert "kept words" in response.content.decode()
    service.refresh_from_db()
    assert service.name == "Older shelter"


def test_other_organisations_records_are_not_ours(
    lakeshore: Organization, specialist: User
) -> None:
    theirs = make_service(lakeshore, name="Lakeshore line")
    client = client_for(specialist)
    assert client.get(f"/o/riverside/directory/services/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/o/riverside/directory/services/{theirs.pk}/checked/").status_code == 404


def test_queue_queries_do_not_grow(
    records: dict[str, Service],
    riverside: Organization,
    specialist: User,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(specialist)
    client.get(QUEUE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    provider = make_provider(riverside)
    for n in range(5):
        report_out_of_date(make_service(riverside, provider, name=f"Stale {n}"), "x")
    with django_assert_num_queries(len(few)):
        page = client.get(QUEUE).content.decode()
    assert "Stale 4" in page
    assert OutOfDateReport.objects.count() == 5
