"""/resources/ and a resource's page, for anyone; "this is out of date" without an account."""

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import AnonymousAuditEvent, Organization
from circles.directory.linking.models import OutOfDateReport
from circles.directory.linking.views.public import REPORTS_FROM_ADDRESS
from circles.directory.models import Phone, Schedule, Service
from circles.directory.tests.factories import make_place, make_provider, make_service, publish
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def pantry(riverside: Organization) -> Service:
    publish(riverside)
    service = make_service(
        riverside,
        name="Community food pantry",
        description="Groceries for anyone who needs them.",
        fees_description="Free",
    )
    Phone.objects.create(owner=riverside, hsds_id=uuid.uuid4(), service=service, number="555 0100")
    make_place(service)
    Schedule.objects.create(
        owner=riverside,
        hsds_id=uuid.uuid4(),
        service=service,
        freq="WEEKLY",
        byday="MO,TU,WE,TH,FR",
        opens_at=datetime.time(9),
        closes_at=datetime.time(17),
    )
    return service


def test_search_for_anyone(pantry: Service) -> None:
    response = Client().get("/resources/", {"q": "groceries"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 resource found" in page
    assert "Community food pantry" in page
    assert 'href="tel:5550100"' in page
    # Crisis lines come before any result.
    assert page.index("988") < page.index("Community food pantry")


def test_search_with_htmx_answers_the_results_only(pantry: Service) -> None:
    response = Client().get("/resources/", {"q": "food"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "Community food pantry" in page
    assert "<html" not in page
    assert "HX-Request" in response["Vary"]


def test_first_visit_lists_everything(pantry: Service) -> None:
    page = Client().get("/resources/").content.decode()
    assert "Community food pantry" in page


def test_unknown_and_odd_filters_are_ignored_kindly(pantry: Service) -> None:
    response = Client().get(
        "/resources/",
        {"q": "food", "category": "nope", "near": "abcde", "within": "7", "page": "²", "lat": "x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please type a five-digit ZIP code" in page
    assert "Community food pantry" in page


def test_unpublished_directories_stay_private(lakeshore: Organization, outsider: Any) -> None:
    hidden = make_service(lakeshore, name="Lakeshore shelter")
    assert "Lakeshore shelter" not in Client().get("/resources/", {"q": "shelter"}).content.decode()
    assert Client().get(f"/resources/{hidden.pk}/").status_code == 404
    # Their own staff find it.
    staff = client_for(outsider)
    assert "Lakeshore shelter" in staff.get("/resources/", {"q": "shelter"}).content.decode()
    assert staff.get(f"/resources/{hidden.pk}/").status_code == 200


def test_resource_page_in_plain_words(pantry: Service) -> None:
    response = Client().get(f"/resources/{pantry.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Community food pantry" in page
    assert "Monday to Friday" in page
    assert "100 Main St" in page
    assert "Not checked by anyone here yet." in page
    assert "It may be out of date" in page
    assert "Tell us this is out of date" in page
    assert "print.css" in page


def test_resource_page_shows_who_checked_it(pantry: Service, specialist: Any) -> None:
    from circles.directory.linking.actions import confirm_service

    confirm_service(pantry, specialist)
    page = Client().get(f"/resources/{pantry.pk}/").content.decode()
    assert "Last checked on" in page
    assert "by Jordan of Riverside Peer Center" in page
    assert "It may be out of date" not in page


def test_member_sees_ways_to_keep_it(pantry: Service, participant: Any, specialist: Any) -> None:
    page = client_for(participant).get(f"/resources/{pantry.pk}/").content.decode()
    assert "Save it to my list" in page
    assert "Refer someone" not in page
    page = client_for(specialist).get(f"/resources/{pantry.pk}/").content.decode()
    assert "Refer someone to it" in page


def test_anyone_can_say_it_is_out_of_date(pantry: Service) -> None:
    response = Client().post(f"/resources/{pantry.pk}/out-of-date/", {"what": "New number"})
    assert response.status_code == 302
    report = OutOfDateReport.objects.get()
    assert report.what == "New number"
    assert report.service == pantry
    assert isinstance(report.day, datetime.date)
    # No user, no address, no time: the row has nothing else.
    fields = {f.name for f in OutOfDateReport._meta.get_fields()}
    assert fields == {
        "id",
        "organization",
        "service",
        "day",
        "what",
        "resolved_at",
        "resolved_by",
    }
    assert AnonymousAuditEvent.objects.filter(action="directory.reported_out_of_date").exists()
    follow = Client().get(response["Location"]).content.decode()
    assert "Community food pantry" in follow


def test_reports_are_rate_limited(pantry: Service) -> None:
    client = Client()
    for _ in range(REPORTS_FROM_ADDRESS.allowed):
        client.post(f"/resources/{pantry.pk}/out-of-date/", {"what": ""})
    response = client.post(f"/resources/{pantry.pk}/out-of-date/", {"what": ""}, follow=True)
    assert OutOfDateReport.objects.count() == REPORTS_FROM_ADDRESS.allowed
    assert "many reports today" in response.content.decode()


def test_a_too_long_report_is_shown_again(pantry: Service) -> None:
    response = Client().post(f"/resources/{pantry.pk}/out-of-date/", {"what": "x" * 501})
    assert response.status_code == 400
    assert "x" * 501 in response.content.decode()
    assert not OutOfDateReport.objects.exists()


def test_unpublished_cannot_be_reported(lakeshore: Organization) -> None:
    hidden = make_service(lakeshore)
    assert Client().post(f"/resources/{hidden.pk}/out-of-date/", {}).status_code == 404


def test_find_help_has_a_search_box(db: Any) -> None:
    page = Client().get("/help/").content.decode()
    assert 'action="/resources/"' in page
    assert "on its way" not in page


def _more(owner: Organization, n: int) -> None:
    provider = make_provider(owner)
    for i in range(n):
        service = make_service(owner, provider, name=f"Food stop {i}", description="food")
        Phone.objects.create(owner=owner, hsds_id=uuid.uuid4(), service=service, number="555")
        make_place(service)


# Filter choices (3), the ranked ids and the category matches (2), the page (10).
SEARCH_QUERIES = 15
# The service (1), what its page shows (10), the directory's freshness setting (1).
RESOURCE_QUERIES = 12


def test_search_page_queries_do_not_grow(
    pantry: Service, riverside: Organization, django_assert_num_queries: Any
) -> None:
    client = Client()
    with django_assert_num_queries(SEARCH_QUERIES):
        assert "1 resource found" in client.get("/resources/", {"q": "food"}).content.decode()
    _more(riverside, 8)
    with django_assert_num_queries(SEARCH_QUERIES):
        assert "9 resources found" in client.get("/resources/", {"q": "food"}).content.decode()


def test_resource_page_queries_do_not_grow(
    pantry: Service, riverside: Organization, django_assert_num_queries: Any
) -> None:
    client = Client()
    with django_assert_num_queries(RESOURCE_QUERIES):
        client.get(f"/resources/{pantry.pk}/")
    for _ in range(4):
        make_place(pantry)
        Phone.objects.create(owner=riverside, hsds_id=uuid.uuid4(), service=pantry, number="1")
    with django_assert_num_queries(RESOURCE_QUERIES):
        page = client.get(f"/resources/{pantry.pk}/").content.decode()
    assert page.count("100 Main St") == 5
