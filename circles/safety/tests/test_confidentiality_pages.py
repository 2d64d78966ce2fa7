"""The statement's pages: reading and saying so, recording it for someone, and editing it."""

from typing import Any

import pytest

from circles.accounts.models import AuditEvent, Organization, Role, User
from circles.safety.actions import acknowledge_confidentiality, publish_statement
from circles.safety.confidentiality import current_statement, is_told
from circles.safety.models import ConfidentialityAcknowledgement
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db

STATEMENT = "/o/riverside/safety/confidentiality/"


def test_a_participant_reads_it_on_their_home_and_says_so(
    riverside: Organization, admin: User, participant: User
) -> None:
    publish_statement(riverside, "What you share stays here, with one limit.", admin)
    client = client_for(participant)
    home = client.get("/o/riverside/").content.decode()
    assert "What you share stays here, with one limit." in home and "I have read this" in home
    response = client.post(STATEMENT + "acknowledge/", {"next": "/o/riverside/"})
    assert response.status_code == 302 and response["Location"] == "/o/riverside/"
    ack = ConfidentialityAcknowledgement.objects.get()
    assert ack.user == participant and ack.how == "self" and ack.recorded_by == participant
    home = client.get("/o/riverside/").content.decode()
    assert "I have read this" not in home


def test_next_never_leaves_the_site(
    riverside: Organization, admin: User, participant: User
) -> None:
    publish_statement(riverside, "Private, with one limit.", admin)
    response = client_for(participant).post(STATEMENT + "acknowledge/", {"next": "//evil.example/"})
    assert response["Location"] == STATEMENT


def test_a_new_version_asks_again_on_the_home(
    riverside: Organization, admin: User, participant: User
) -> None:
    first = publish_statement(riverside, "Version one words.", admin)
    acknowledge_confidentiality(
        statement=first, user=participant, recorded_by=participant, how="self"
    )
    client = client_for(admin)
    response = client.post(STATEMENT + "edit/", {"text": "Version two words."})
    assert response.status_code == 302
    assert current_statement(riverside).version == 2  # type: ignore[union-attr]
    home = client_for(participant).get("/o/riverside/").content.decode()
    assert "Version two words." in home and "I have read this" in home


def test_an_unchanged_statement_is_not_a_new_version(riverside: Organization, admin: User) -> None:
    publish_statement(riverside, "Same words.", admin)
    client_for(admin).post(STATEMENT + "edit/", {"text": "Same words."})
    assert current_statement(riverside).version == 1  # type: ignore[union-attr]


def test_the_edit_form_starts_from_plain_default_words_and_refuses_empty(
    riverside: Organization, admin: User
) -> None:
    client = client_for(admin)
    text = client.get(STATEMENT + "edit/").content.decode()
    assert "There is one limit" in text
    response = client.post(STATEMENT + "edit/", {"text": "   "})
    assert (
        response.status_code == 400 and "Please write the statement." in response.content.decode()
    )


def test_a_specialist_records_telling_someone_in_person(
    riverside: Organization, admin: User, specialist: User, participant: User
) -> None:
    publish_statement(riverside, "Private, with one limit.", admin)
    url = f"{STATEMENT}people/{participant.pk}/tell/"
    client = client_for(specialist)
    assert "I have told them, in person" in client.get(url).content.decode()
    assert client.post(url, {"how": "psychic"}).status_code == 400
    client.post(url, {"how": "in_person"})
    ack = ConfidentialityAcknowledgement.objects.get()
    assert (ack.user, ack.how, ack.recorded_by) == (participant, "in_person", specialist)
    event = AuditEvent.objects.get(action="safety.confidentiality_acknowledged")
    assert event.actor_id == specialist.pk


def test_only_participants_here_can_be_recorded(
    riverside: Organization, admin: User, specialist: User, outsider: User, supervisor: User
) -> None:
    publish_statement(riverside, "Private, with one limit.", admin)
    client = client_for(specialist)
    assert client.get(f"{STATEMENT}people/{outsider.pk}/tell/").status_code == 404
    assert client.get(f"{STATEMENT}people/{supervisor.pk}/tell/").status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_who_has_been_told_lists_the_untold_first_in_constant_queries(
    count: int,
    riverside: Organization,
    admin: User,
    supervisor: User,
    django_assert_max_num_queries: Any,
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    for i in range(count):
        person = make_member(riverside, Role.PARTICIPANT, f"p{i}@example.org", f"Person {i}")
        if i % 2 == 0:
            acknowledge_confidentiality(
                statement=statement, user=person, recorded_by=admin, how="on_paper"
            )
    client = client_for(supervisor)
    client.get("/o/riverside/")
    with django_assert_max_num_queries(9):
        text = client.get(STATEMENT + "people/").content.decode()
    assert text.count("Told about confidentiality") == (count + 1) // 2
    assert text.count("Not yet told") == count // 2
    if count > 1:
        assert text.index("Not yet told") < text.index("Told about confidentiality")


def test_the_attendance_page_marks_who_has_not_been_told(
    riverside: Organization, admin: User, specialist: User, participant: User, participant2: User
) -> None:
    statement = publish_statement(riverside, "Private, with one limit.", admin)
    acknowledge_confidentiality(
        statement=statement, user=participant, recorded_by=admin, how="self"
    )
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    join_group(group, participant2)
    meeting = make_meeting(group)
    text = (
        client_for(specialist)
        .get(f"/o/riverside/meetings/{meeting.pk}/attendance/")
        .content.decode()
    )
    assert text.count("Told about confidentiality") == 1
    assert text.count("Not yet told") == 1


def test_joining_a_group_shows_the_statement(
    riverside: Organization, admin: User, specialist: User, participant: User
) -> None:
    publish_statement(riverside, "Private, with one limit.", admin)
    group = make_group(riverside, [specialist], is_open=True)
    client = client_for(participant)
    response = client.post(f"/groups/{group.pk}/join/", follow=True)
    text = response.content.decode()
    assert "Private, with one limit." in text and "I have read this" in text
    assert not is_told(riverside, participant)
