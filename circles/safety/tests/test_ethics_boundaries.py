"""Dual relationships and gifts: declared by the worker, kept private, seen by supervisors."""

import datetime
from typing import Any

import pytest
from django.db import connection

from circles.accounts.models import AuditEvent, Role
from circles.safety.ethics import actions
from circles.safety.ethics.models import DualRelationship, Gift
from circles.safety.ethics.queries import kept_apart_pairs, kept_apart_user_ids, org_today
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db


def test_declaring_keeps_the_note_encrypted_and_out_of_the_audit(
    riverside: Any, specialist: Any, participant: Any
) -> None:
    client = client_for(specialist)
    form = client.get("/o/riverside/ethics/boundaries/new/").content.decode()
    assert participant.display_name in form
    answer = client.post(
        "/o/riverside/ethics/boundaries/new/",
        {"person": participant.pk, "note": "My cousin on my mother's side"},
    )
    assert answer.status_code == 302
    relationship = DualRelationship.objects.get()
    assert relationship.worker == specialist and relationship.person == participant
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {DualRelationship._meta.db_table}")
        (raw,) = cursor.fetchone()
    assert "cousin" not in raw
    assert relationship.note == "My cousin on my mother's side"
    event = AuditEvent.objects.get(action="ethics.relationship_declared")
    assert "cousin" not in str(event.detail)
    mine = client.get("/o/riverside/ethics/").content.decode()
    assert "My cousin" in mine
    again = client.get("/o/riverside/ethics/boundaries/new/").content.decode()
    assert f'value="{participant.pk}"' not in again


def test_a_person_of_another_organisation_cannot_be_chosen(
    riverside: Any, specialist: Any, outsider: Any
) -> None:
    answer = client_for(specialist).post(
        "/o/riverside/ethics/boundaries/new/", {"person": outsider.pk, "note": "typed words"}
    )
    assert answer.status_code == 400
    assert "Please choose the person from the list." in answer.content.decode()
    assert "typed words" in answer.content.decode()
    assert not DualRelationship.objects.exists()


def test_kept_apart_reads_both_ways_and_only_current_ones(
    riverside: Any, lakeshore: Any, specialist: Any, participant: Any, participant2: Any
) -> None:
    actions.declare_relationship(riverside, specialist, participant, "")
    ended = actions.declare_relationship(riverside, specialist, participant2, "")
    actions.end_relationship(ended, actor=specialist)
    other = make_member(lakeshore, Role.PARTICIPANT, "l@example.net")
    DualRelationship.objects.create(organization=lakeshore, worker=specialist, person=other)
    assert kept_apart_user_ids(riverside, specialist) == {participant.pk}
    assert kept_apart_user_ids(riverside, participant) == {specialist.pk}
    assert kept_apart_user_ids(riverside, participant2) == set()
    assert kept_apart_pairs(riverside) == {frozenset({specialist.pk, participant.pk})}
    assert kept_apart_pairs(lakeshore) == {frozenset({specialist.pk, other.pk})}


def test_pairs_are_read_in_one_query_however_many(
    riverside: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    for i in range(30):
        person = make_member(riverside, Role.PARTICIPANT, f"p{i}@example.org")
        actions.declare_relationship(riverside, specialist, person, "")
    with django_assert_num_queries(1):
        assert len(kept_apart_pairs(riverside)) == 30


def test_ending_a_relationship_is_audited_and_only_for_its_owner(
    riverside: Any, specialist: Any, supervisor: Any, participant: Any
) -> None:
    relationship = actions.declare_relationship(riverside, specialist, participant, "")
    url = f"/o/riverside/ethics/boundaries/{relationship.pk}/end/"
    assert client_for(supervisor).post(url).status_code == 403
    assert client_for(specialist).get(url).status_code == 405
    assert client_for(specialist).post(url).status_code == 302
    relationship.refresh_from_db()
    assert relationship.ended_at is not None
    assert AuditEvent.objects.filter(action="ethics.relationship_ended").count() == 1


def test_a_gift_is_logged_encrypted_and_the_supervisor_sees_it(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    today = org_today(riverside)
    answer = client_for(specialist).post(
        "/o/riverside/ethics/gifts/new/",
        {
            "offered_on": today.isoformat(),
            "what": "Forty dollars in an envelope",
            "value": "money",
            "decision": "declined",
            "why": "We never take money; I thanked them warmly.",
        },
    )
    assert answer.status_code == 302
    gift = Gift.objects.get()
    assert (gift.worker, gift.value, gift.decision) == (specialist, "money", "declined")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT what, why FROM {Gift._meta.db_table}")
        raw_what, raw_why = cursor.fetchone()
    assert "envelope" not in raw_what and "thanked" not in raw_why
    logged = AuditEvent.objects.get(action="ethics.gift_logged")
    assert logged.detail == {"value": "money", "decision": "declined"}
    page = client_for(supervisor).get("/o/riverside/ethics/team/boundaries/").content.decode()
    assert "Forty dollars in an envelope" in page and "I said no, thank you" in page
    assert AuditEvent.objects.filter(action="ethics.gift_log_read", actor_id=supervisor.pk).exists()


@pytest.mark.parametrize(
    "day, message",
    [
        (datetime.timedelta(days=2), "already come"),
        (-datetime.timedelta(days=4 * 366), "last three years"),
    ],
)
def test_gift_dates_must_be_sensible(
    riverside: Any, specialist: Any, day: datetime.timedelta, message: str
) -> None:
    when = org_today(riverside) + day
    answer = client_for(specialist).post(
        "/o/riverside/ethics/gifts/new/",
        {
            "offered_on": when.isoformat(),
            "what": "A scarf",
            "value": "small",
            "decision": "accepted",
            "why": "Hand-made",
        },
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert message in body and "A scarf" in body
    assert not Gift.objects.exists()


def test_team_boundaries_page_does_not_grow_in_queries(
    riverside: Any,
    specialist: Any,
    supervisor: Any,
    django_assert_num_queries: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(supervisor)
    url = "/o/riverside/ethics/team/boundaries/"

    def add(n: int) -> None:
        for i in range(n):
            person = make_member(riverside, Role.PARTICIPANT, f"g{n}-{i}@example.org")
            actions.declare_relationship(riverside, specialist, person, "")
            gift = Gift(
                offered_on=org_today(riverside), what="A card", value="token", decision="accepted"
            )
            gift.why = "A thank-you card"
            actions.log_gift(riverside, gift, specialist)

    add(1)
    client.get(url)
    with django_assert_max_num_queries(13) as first:
        client.get(url)
    add(6)
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(url)
    assert page.content.decode().count("A thank-you card") == 7
