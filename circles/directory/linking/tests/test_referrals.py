"""Referrals that close the loop: the state machine, who does what, reminders, outcomes."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.directory.linking.actions import make_referral, move_referral
from circles.directory.linking.models import (
    OPEN_STATES,
    TRANSITIONS,
    IllegalTransition,
    Referral,
    SavedResource,
    State,
)
from circles.directory.linking.views.referrals import MIN_COUNT
from circles.directory.models import Service
from circles.directory.tests.factories import make_service
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(riverside: Organization) -> Service:
    return make_service(riverside, name="Night shelter", description="A bed for the night.")


@pytest.fixture
def referral(
    riverside: Organization, specialist: User, participant: User, shelter: Service
) -> Referral:
    return make_referral(
        riverside, specialist, participant.pk, service=shelter, note="Somewhere warm to sleep"
    )


def test_every_state_has_its_moves_and_endings_have_none() -> None:
    assert set(TRANSITIONS) == set(State.values)
    assert {State.SENT, State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS} == OPEN_STATES
    for ending in (State.DECLINED, State.COMPLETED, State.NOT_COMPLETED, State.WITHDRAWN):
        assert TRANSITIONS[ending] == frozenset()


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([State.RECEIVED, State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED], True),
        ([State.RECEIVED, State.DECLINED], True),
        ([State.ACCEPTED, State.NOT_COMPLETED], True),
        ([State.WITHDRAWN], True),
        ([State.COMPLETED], False),  # sent straight to completed
        ([State.IN_PROGRESS], False),
        ([State.DECLINED, State.ACCEPTED], False),  # an ending is final
        ([State.ACCEPTED, State.RECEIVED], False),  # no going back
        ([State.SENT], False),
    ],
)
def test_state_machine(
    referral: Referral, specialist: User, path: list[str], allowed: bool
) -> None:
    try:
        for to in path:
            move_referral(referral, specialist, to, reason="full")
    except IllegalTransition:
        assert not allowed
        referral.refresh_from_db()
        assert referral.state != path[-1] or (path[-1] == State.SENT and len(path) == 1)
    else:
        assert allowed
        referral.refresh_from_db()
        assert referral.state == path[-1]
        assert [s.state for s in referral.steps.all()] == [State.SENT, *path]


def test_notes_are_encrypted_at_rest(referral: Referral, specialist: User) -> None:
    move_referral(referral, specialist, State.DECLINED, reason="No beds for under-25s")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT note, state_reason FROM linking_referral WHERE id = %s", [referral.pk]
        )
        note, reason = cursor.fetchone()
    assert "warm" not in note
    assert "beds" not in reason
    referral.refresh_from_db()
    assert referral.note == "Somewhere warm to sleep"
    assert referral.state_reason == "No beds for under-25s"


def test_specialist_refers_from_a_resource_page(
    specialist: User, participant: User, shelter: Service
) -> None:
    client = client_for(specialist)
    url = f"/o/riverside/directory/referrals/new/?service={shelter.pk}"
    page = client.get(url).content.decode()
    assert "Refer someone to Night shelter" in page
    assert "Casey" in page
    response = client.post(url, {"person": str(participant.pk), "note": "", "follow_up_on": ""})
    assert response.status_code == 302
    made = Referral.objects.get()
    assert made.service == shelter
    assert made.person == participant
    assert made.state == State.SENT


def test_bad_referral_input_is_shown_again(specialist: User, participant2: User) -> None:
    client = client_for(specialist)
    response = client.post(
        "/o/riverside/directory/referrals/new/",
        {
            "person": "99999999999999999999999",
            "outside_name": "",
            "outside_contact": "Call 555",
            "note": "kept",
            "follow_up_on": "2026-02-30",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please choose a person from the list." in page
    assert "Please give the service&#x27;s name." in page
    assert "kept" in page and "Call 555" in page
    assert not Referral.objects.exists()


def test_referral_outside_circles_logged_by_hand(specialist: User, participant: User) -> None:
    response = client_for(specialist).post(
        "/o/riverside/directory/referrals/new/",
        {
            "person": str(participant.pk),
            "outside_name": "County housing office",
            "outside_contact": "555 0199",
            "follow_up_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    made = Referral.objects.get()
    assert made.service is None
    assert made.name == "County housing office"


def test_only_people_of_the_organisation_can_be_referred(
    specialist: User, outsider: User, shelter: Service
) -> None:
    response = client_for(specialist).post(
        f"/o/riverside/directory/referrals/new/?service={shelter.pk}",
        {"person": str(outsider.pk)},
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_maker_moves_it_and_a_reason_is_asked_for(referral: Referral, specialist: User) -> None:
    client = client_for(specialist)
    url = f"/o/riverside/directory/referrals/{referral.pk}/move/"
    response = client.post(url, {"state": State.DECLINED, "reason": ""})
    assert response.status_code == 400
    assert "Please say briefly why" in response.content.decode()
    response = client.post(url, {"state": State.COMPLETED})
    assert response.status_code == 400
    assert "not possible from where this referral is now" in response.content.decode()
    assert client.post(url, {"state": State.RECEIVED}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == State.RECEIVED
    # A plain visit writes nothing.
    assert client.get(url).status_code == 302


def test_the_person_says_how_it_went_and_asks_to_be_accompanied(
    referral: Referral, participant: User, specialist: User
) -> None:
    client = client_for(participant)
    page = client.get(f"/o/riverside/directory/referrals/{referral.pk}/").content.decode()
    assert "Tell us how it went" in page
    assert "What happened next?" not in page
    client.post(
        f"/o/riverside/directory/referrals/{referral.pk}/how-it-went/",
        {"how_it_went": "They were kind and I have a bed tonight."},
    )
    client.post(f"/o/riverside/directory/referrals/{referral.pk}/accompany/")
    referral.refresh_from_db()
    assert referral.how_it_went.startswith("They were kind")
    assert referral.accompany_asked_at is not None
    # The specialist reads it, and the request shows on their home page.
    staff = client_for(specialist)
    assert (
        "I have a bed tonight"
        in staff.get(f"/o/riverside/directory/referrals/{referral.pk}/").content.decode()
    )
    home = staff.get("/o/riverside/").content.decode()
    assert "asked you to come along" in home
    assert "Casey: Night shelter" in home


def test_the_person_cannot_move_it_and_others_cannot_read_it(
    referral: Referral, participant: User, participant2: User, supervisor: User
) -> None:
    url = f"/o/riverside/directory/referrals/{referral.pk}/"
    assert client_for(participant).post(url + "move/", {"state": "withdrawn"}).status_code == 403
    assert client_for(participant2).get(url).status_code == 403
    assert client_for(supervisor).get(url).status_code == 403


def test_follow_up_reminder_on_the_specialists_home(
    riverside: Organization, specialist: User, participant: User, shelter: Service
) -> None:
    today = timezone.localdate()
    make_referral(riverside, specialist, participant.pk, service=shelter, follow_up_on=today)
    later = make_referral(
        riverside,
        specialist,
        participant.pk,
        outside_name="Food bank",
        follow_up_on=today + datetime.timedelta(days=10),
    )
    home = client_for(specialist).get("/o/riverside/").content.decode()
    assert "Casey: Night shelter" in home
    assert "check in today" in home
    assert "Casey: Food bank" not in home
    assert later.pk


def test_the_person_sees_their_referrals_at_home(referral: Referral, participant: User) -> None:
    home = client_for(participant).get("/o/riverside/").content.decode()
    assert "Your referrals" in home
    assert "Night shelter" in home


def test_outcomes_hide_small_counts(
    riverside: Organization, specialist: User, participant: User, supervisor: User
) -> None:
    client = client_for(supervisor)
    assert (
        "Fewer than 5 referrals"
        in client.get("/o/riverside/directory/referrals/outcomes/").content.decode()
    )
    for n in range(MIN_COUNT + 1):
        made = make_referral(riverside, specialist, participant.pk, outside_name=f"S{n}")
        if n == 0:
            move_referral(made, specialist, State.WITHDRAWN)
    response = client.get("/o/riverside/directory/referrals/outcomes/")
    rows = {row["state"]: row["count"] for row in response.context["rows"]}
    assert rows[State.SENT] == MIN_COUNT
    assert rows[State.WITHDRAWN] is None  # one: not shown
    assert "fewer than 5" in response.content.decode()


def test_saved_lists(
    riverside: Organization, specialist: User, participant: User, shelter: Service
) -> None:
    staff = client_for(specialist)
    page = staff.get(f"/o/riverside/directory/saved/add/{shelter.pk}/").content.decode()
    assert "Save it to whose list?" in page or "Save to their list" in page
    assert (
        staff.post(
            f"/o/riverside/directory/saved/add/{shelter.pk}/", {"person": str(participant.pk)}
        ).status_code
        == 302
    )
    # Saving twice keeps it once.
    staff.post(f"/o/riverside/directory/saved/add/{shelter.pk}/", {"person": str(participant.pk)})
    assert SavedResource.objects.count() == 1
    person = client_for(participant)
    assert "Night shelter" in person.get("/o/riverside/directory/saved/").content.decode()
    saved = SavedResource.objects.get()
    person.post(f"/o/riverside/directory/saved/{saved.pk}/remove/")
    assert not SavedResource.objects.exists()
    # The person saves for themself.
    person.post(f"/o/riverside/directory/saved/add/{shelter.pk}/")
    assert SavedResource.objects.get().person == participant


def test_referral_list_queries_do_not_grow(
    riverside: Organization,
    specialist: User,
    participant: User,
    shelter: Service,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(specialist)
    make_referral(riverside, specialist, participant.pk, service=shelter)
    client.get("/o/riverside/directory/referrals/")
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/o/riverside/directory/referrals/")
    for n in range(5):
        make_referral(riverside, specialist, participant.pk, outside_name=f"S{n}")
    with django_assert_num_queries(len(one)):
        client.get("/o/riverside/directory/referrals/")
