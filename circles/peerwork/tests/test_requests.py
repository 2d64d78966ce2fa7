"""The request list, the proposals and the person's choice."""

from datetime import timedelta
from typing import Any

import pytest

from circles.accounts.models import Invitation
from circles.peerwork.actions import submit_request
from circles.peerwork.models import Person, Proposal
from circles.peerwork.tests.conftest import profile
from circles.safety.ethics.models import DualRelationship
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

URL = "/o/riverside/peer-support/requests/"


def _ask(riverside: Any, name: str, **extra: Any) -> Person:
    return submit_request(riverside, source=Person.Source.PUBLIC, name=name, phone="1", **extra)


def test_overdue_requests_come_first(riverside: Any, supervisor: Any) -> None:
    fresh = _ask(riverside, "Fresh")
    late = _ask(riverside, "Late")
    Person.objects.filter(pk=late.pk).update(answer_by=fresh.answer_by - timedelta(days=5))
    page = client_for(supervisor).get(URL).content.decode()
    assert page.index("Late") < page.index("Fresh")
    assert "We promised an answer by" in page


def test_request_list_queries_do_not_grow(
    riverside: Any, supervisor: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    profile(riverside, specialist)
    _ask(riverside, "One")
    client = client_for(supervisor)
    client.get(URL)
    with django_assert_num_queries(6):
        assert client.get(URL).status_code == 200
    for n in range(5):
        _ask(riverside, f"More {n}")
    with django_assert_num_queries(6):
        page = client.get(URL).content.decode()
    assert "More 4" in page


def test_proposals_show_plain_reasons(riverside: Any, supervisor: Any, colleague: Any) -> None:
    profile(riverside, colleague, languages=["hmn", "en"], days=["tue"], parts=["evening"])
    person = _ask(riverside, "Mai", preferences={"languages": ["hmn"], "days": ["tue"]})
    page = (
        client_for(supervisor)
        .get(f"/o/riverside/peer-support/people/{person.pk}/proposals/")
        .content.decode()
    )
    assert "Pa Houa" in page
    assert "speaks Hmong; available Tuesday" in page


def test_proposal_page_queries_are_pinned(
    riverside: Any, supervisor: Any, specialist: Any, colleague: Any, django_assert_num_queries: Any
) -> None:
    profile(riverside, specialist)
    profile(riverside, colleague)
    person = _ask(riverside, "Mai")
    url = f"/o/riverside/peer-support/people/{person.pk}/proposals/"
    client = client_for(supervisor)
    client.get(url)
    with django_assert_num_queries(7):
        assert client.get(url).status_code == 200


def test_choosing_puts_them_on_the_caseload_and_may_invite(
    riverside: Any, supervisor: Any, specialist: Any
) -> None:
    profile(riverside, specialist)
    person = submit_request(
        riverside, source=Person.Source.PUBLIC, name="Dee", email="dee@example.com"
    )
    response = client_for(supervisor).post(
        f"/o/riverside/peer-support/people/{person.pk}/choose/",
        {"specialist": str(specialist.pk), "invite": "on"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == Person.Status.SUPPORTED and person.specialist_id == specialist.pk
    assert person.since is not None
    assert Invitation.objects.get().email == "dee@example.com"
    assert not Proposal.objects.filter(person=person).exists()


def test_supported_without_an_account(riverside: Any, supervisor: Any, specialist: Any) -> None:
    profile(riverside, specialist)
    person = _ask(riverside, "Dee")
    client_for(supervisor).post(
        f"/o/riverside/peer-support/people/{person.pk}/choose/", {"specialist": specialist.pk}
    )
    person.refresh_from_db()
    assert person.status == Person.Status.SUPPORTED and person.user_id is None
    assert not Invitation.objects.exists()


def test_a_bad_choice_keeps_the_page(riverside: Any, supervisor: Any, specialist: Any) -> None:
    profile(riverside, specialist)
    person = _ask(riverside, "Dee")
    response = client_for(supervisor).post(
        f"/o/riverside/peer-support/people/{person.pk}/choose/",
        {"specialist": "99999999999999999999999"},
    )
    assert response.status_code == 400
    assert "Please choose again" in response.content.decode()
    person.refresh_from_db()
    assert person.status == Person.Status.WAITING


def test_a_specialist_with_no_room_cannot_be_chosen(
    riverside: Any, supervisor: Any, specialist: Any
) -> None:
    profile(riverside, specialist, capacity=0)
    person = _ask(riverside, "Dee")
    response = client_for(supervisor).post(
        f"/o/riverside/peer-support/people/{person.pk}/choose/", {"specialist": specialist.pk}
    )
    assert response.status_code == 400


def test_dual_relationships_keep_a_pair_apart(
    riverside: Any, supervisor: Any, specialist: Any, participant2: Any
) -> None:
    profile(riverside, specialist)
    DualRelationship.objects.create(organization=riverside, worker=specialist, person=participant2)
    person = submit_request(riverside, source=Person.Source.MEMBER, user=participant2)
    assert not Proposal.objects.filter(person=person).exists()
    page = (
        client_for(supervisor)
        .get(f"/o/riverside/peer-support/people/{person.pk}/proposals/")
        .content.decode()
    )
    assert "Jordan" not in page


def test_a_change_request_is_proposed_others(
    riverside: Any, supervisor: Any, specialist: Any, colleague: Any, casey_record: Person
) -> None:
    profile(riverside, specialist)
    profile(riverside, colleague)
    from circles.peerwork.actions import ask_for_change

    ask_for_change(casey_record, casey_record.user)  # type: ignore[arg-type]
    assert list(
        Proposal.objects.filter(person=casey_record).values_list("specialist_id", flat=True)
    ) == [colleague.pk]
    page = client_for(supervisor).get(URL).content.decode()
    assert "Asking for a change from" in page
