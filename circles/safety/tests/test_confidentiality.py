"""The confidentiality statement: versions, who was told, and how."""

from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template

from circles.accounts.models import AuditEvent, Organization, User
from circles.safety.actions import acknowledge_confidentiality, publish_statement
from circles.safety.confidentiality import current_statement, is_told, told_user_ids
from circles.safety.models import ConfidentialityAcknowledgement

pytestmark = pytest.mark.django_db


def test_no_statement_means_nobody_is_told(riverside: Organization, participant: User) -> None:
    assert current_statement(riverside) is None
    assert not is_told(riverside, participant)
    assert told_user_ids(riverside, [participant.pk]) == set()


def test_a_new_version_asks_again(
    riverside: Organization, admin: User, participant: User, participant2: User
) -> None:
    first = publish_statement(riverside, "We keep it private, with one limit.", admin)
    assert first.version == 1
    acknowledge_confidentiality(
        statement=first, user=participant, recorded_by=participant, how="self"
    )
    assert is_told(riverside, participant)
    assert not is_told(riverside, participant2)

    second = publish_statement(riverside, "Clearer words.", admin)
    assert second.version == 2
    assert current_statement(riverside) == second
    assert not is_told(riverside, participant)
    assert AuditEvent.objects.filter(action="safety.statement_published").count() == 2


def test_acknowledging_twice_keeps_the_first_and_audits_once(
    riverside: Organization, admin: User, specialist: User, participant: User
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    one = acknowledge_confidentiality(
        statement=statement, user=participant, recorded_by=specialist, how="in_person"
    )
    two = acknowledge_confidentiality(
        statement=statement, user=participant, recorded_by=participant, how="self"
    )
    assert one.pk == two.pk and two.how == "in_person" and two.recorded_by_id == specialist.pk
    event = AuditEvent.objects.get(action="safety.confidentiality_acknowledged")
    assert event.actor_id == specialist.pk
    assert event.detail == {"version": 1, "how": "in_person", "user_id": participant.pk}


def test_a_person_without_an_account_can_be_told(
    riverside: Organization, admin: User, specialist: User
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    ack = acknowledge_confidentiality(
        statement=statement, user=None, recorded_by=specialist, how="on_paper"
    )
    assert ack.user is None and ack.how == ConfidentialityAcknowledgement.How.ON_PAPER
    # Each such person gets their own record.
    other = acknowledge_confidentiality(
        statement=statement, user=None, recorded_by=specialist, how="in_person"
    )
    assert other.pk != ack.pk


def test_an_unknown_way_is_refused(riverside: Organization, admin: User) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    with pytest.raises(ValueError):
        acknowledge_confidentiality(
            statement=statement, user=admin, recorded_by=admin, how="psychic"
        )


def test_told_ids_is_one_query_however_many_people(
    riverside: Organization,
    admin: User,
    participant: User,
    participant2: User,
    django_assert_num_queries: Any,
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    acknowledge_confidentiality(
        statement=statement, user=participant, recorded_by=admin, how="self"
    )
    with django_assert_num_queries(1):
        assert told_user_ids(riverside, [participant.pk, participant2.pk, admin.pk]) == {
            participant.pk
        }


def test_acknowledgements_stay_in_their_organisation(
    riverside: Organization, lakeshore: Organization, admin: User, outsider: User, participant: User
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    acknowledge_confidentiality(
        statement=statement, user=participant, recorded_by=admin, how="self"
    )
    publish_statement(lakeshore, "Lakeshore's words.", outsider)
    assert told_user_ids(lakeshore, [participant.pk]) == set()


def test_the_pill_says_told_or_not_yet(
    riverside: Organization, admin: User, participant: User, participant2: User
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    acknowledge_confidentiality(
        statement=statement, user=participant, recorded_by=admin, how="self"
    )
    template = Template(
        "{% load safety_tags %}{% told_ids org ids as told %}"
        "{% confidentiality_pill org one told %}|{% confidentiality_pill org two %}"
    )
    html = template.render(
        Context(
            {
                "org": riverside,
                "ids": [participant.pk, participant2.pk],
                "one": participant,
                "two": participant2,
            }
        )
    )
    assert "Told about confidentiality" in html.split("|")[0]
    assert "Not yet told" in html.split("|")[1]
    assert connection.vendor in ("sqlite", "postgresql")
