"""Raising a concern, seeing where it stands, acknowledging, following up and closing."""

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from circles.accounts.models import AuditEvent, Organization, Role, User
from circles.safety.actions import acknowledge_concern, raise_concern
from circles.safety.models import ConcernStep, SafetyConcern, SafetySettings
from circles.testing.fixtures import client_for, make_group, make_meeting, make_member

pytestmark = pytest.mark.django_db

WORDS = "They told me they have pills saved up for tonight."
NEW = "/o/riverside/safety/concerns/new/"


def answers(**extra: str) -> dict[str, str]:
    return {
        "kind": "self",
        "what_happened": WORDS,
        "already_done": "We called 988 together.",
        "person_knows": "yes",
        "person_wishes": "To stay with their sister tonight.",
        "contact_yes": "Their sister",
        "contact_no": "Their father",
        **extra,
    }


def page(concern: SafetyConcern, action: str = "") -> str:
    name = f"safety_concern_{action}" if action else "safety_concern"
    return reverse(name, args=["riverside", concern.pk])


def concern_by(organization: Organization, who: User, **extra: Any) -> SafetyConcern:
    return raise_concern(
        organization=organization,
        raised_by=who,
        kind=SafetyConcern.Kind.SELF,
        what_happened=WORDS,
        **extra,
    )


def test_a_specialist_raises_a_concern_about_a_person_from_a_meeting(
    riverside: Organization, specialist: User, supervisor: User, participant: User
) -> None:
    meeting = make_meeting(make_group(riverside, [specialist]))
    client = client_for(specialist)
    form = client.get(f"{NEW}?about={participant.pk}&meeting={meeting.pk}")
    assert form.status_code == 200
    text = form.content.decode()
    assert "Casey" in text and 'href="tel:988"' in text and 'href="tel:911"' in text
    response = client.post(NEW, {**answers(), "about": participant.pk, "meeting": meeting.pk})
    concern = SafetyConcern.objects.get()
    assert response.status_code == 302 and response["Location"] == page(concern)
    assert concern.about_user == participant and concern.meeting == meeting
    assert concern.raised_by == specialist and concern.what_happened == WORDS
    assert concern.contact_no == "Their father"
    assert list(concern.steps.values_list("kind", "told_id")) == [
        ("raised", None),
        ("notified", supervisor.pk),
    ]
    # The raiser sees where it stands, but does not acknowledge their own concern.
    detail = client.get(page(concern)).content.decode()
    assert "Raised, waiting for someone on duty" in detail and "Sam" in detail
    assert "I have it" not in detail


def test_bad_ids_in_the_address_are_ignored_kindly(
    riverside: Organization, lakeshore: Organization, specialist: User, outsider: User
) -> None:
    other_meeting = make_meeting(make_group(lakeshore, [outsider]))
    client = client_for(specialist)
    for query in [
        f"?about={outsider.pk}",
        f"?meeting={other_meeting.pk}",
        "?about=abc&meeting=-1",
        "?about=99999999999999999999999",
        "?about=²",
    ]:
        response = client.get(NEW + query)
        assert response.status_code == 200, query
        assert "Lee" not in response.content.decode()
    client.post(NEW, {**answers(), "about": outsider.pk, "meeting": other_meeting.pk})
    concern = SafetyConcern.objects.get()
    assert concern.about_user is None and concern.meeting is None


def test_bad_answers_keep_what_was_typed(riverside: Organization, specialist: User) -> None:
    response = client_for(specialist).post(
        NEW, answers(kind="tea", what_happened="   ", contact_yes="Their sister")
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Please choose one of the options." in text
    assert "Please write a few words here." in text
    assert "Their sister" in text and "We called 988 together." in text
    assert not SafetyConcern.objects.exists()


def test_the_words_are_encrypted_at_rest(riverside: Organization, specialist: User) -> None:
    concern = concern_by(riverside, specialist, contact_no="Their father")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT what_happened, contact_no FROM safety_safetyconcern WHERE id = %s",
            [concern.pk],
        )
        raw = cursor.fetchone()
    assert raw is not None
    assert "pills" not in raw[0] and "father" not in raw[1]
    assert SafetyConcern.objects.get().what_happened == WORDS


def test_who_sees_a_concern(
    riverside: Organization,
    admin: User,
    supervisor: User,
    specialist: User,
    participant: User,
) -> None:
    other_specialist = make_member(riverside, Role.SPECIALIST, "other@example.org", "Ari")
    concern = concern_by(riverside, specialist, about_user=participant)
    assert client_for(specialist).get(page(concern)).status_code == 200
    assert client_for(supervisor).get(page(concern)).status_code == 200
    assert client_for(admin).get(page(concern)).status_code == 200
    # Another specialist: as if it did not exist.
    assert client_for(other_specialist).get(page(concern)).status_code == 404
    assert client_for(other_specialist).post(page(concern, "acknowledge")).status_code == 404
    listing = client_for(other_specialist).get("/o/riverside/safety/concerns/")
    assert "Casey" not in listing.content.decode()
    # The person it is about never reaches the staff page.
    assert client_for(participant).get(page(concern)).status_code == 403
    # Every open of the concern is audited.
    assert AuditEvent.objects.filter(action="safety.concern_read").count() == 3


def test_acknowledge_follow_up_and_close_through_the_pages(
    riverside: Organization, supervisor: User, specialist: User
) -> None:
    concern = concern_by(riverside, specialist)
    client = client_for(supervisor)
    assert "I have it" in client.get(page(concern)).content.decode()
    # Closing before anyone has it is refused kindly.
    client.post(page(concern, "close"), {"close-outcome": "Done."})
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.RAISED
    assert client.post(page(concern, "acknowledge")).status_code == 302
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.ACKNOWLEDGED
    assert concern.acknowledged_by == supervisor and concern.next_escalation_at is None
    # The raiser adds what happened next; an empty note is refused.
    raiser = client_for(specialist)
    assert raiser.post(page(concern, "follow_up"), {"followup-note": "  "}).status_code == 400
    raiser.post(page(concern, "follow_up"), {"followup-note": "They are with their sister."})
    client.post(
        page(concern, "wishes"),
        {
            "wishes-person_knows": "yes",
            "wishes-person_wishes": "To be called tomorrow.",
            "wishes-contact_yes": "",
            "wishes-contact_no": "Their father",
            "wishes-shared_with_person": "That we told the supervisor on duty.",
        },
    )
    assert client.post(page(concern, "close"), {"close-outcome": ""}).status_code == 400
    client.post(page(concern, "close"), {"close-outcome": "They are safe tonight."})
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.CLOSED
    assert concern.shared_with_person == "That we told the supervisor on duty."
    steps = list(concern.steps.values_list("kind", flat=True))
    assert steps == ["raised", "notified", "acknowledged", "follow_up", "follow_up", "closed"]
    note = ConcernStep.objects.get(kind="follow_up", actor=specialist).note
    assert note == "They are with their sister."
    closed_page = raiser.get(page(concern)).content.decode()
    assert "They are safe tonight." in closed_page and "Add a follow-up" not in closed_page


def test_the_raiser_cannot_acknowledge_or_close(
    riverside: Organization, supervisor: User, specialist: User
) -> None:
    concern = concern_by(riverside, specialist)
    client = client_for(specialist)
    assert client.post(page(concern, "acknowledge")).status_code == 403
    assert client.post(page(concern, "close"), {"close-outcome": "x"}).status_code == 403


def test_the_list_shows_the_longest_waiting_first_and_not_the_words(
    riverside: Organization, supervisor: User, specialist: User, participant: User
) -> None:
    first = concern_by(riverside, specialist, about_user=participant)
    second = concern_by(riverside, specialist)
    acknowledge_concern(second, supervisor)
    third = concern_by(riverside, specialist)
    text = client_for(supervisor).get("/o/riverside/safety/concerns/").content.decode()
    assert WORDS not in text
    assert text.index(page(first)) < text.index(page(third)) < text.index(page(second))
    assert "2 concerns are waiting" in text
    assert "Acknowledged after" in text


@pytest.mark.parametrize("count", [1, 6])
def test_list_and_home_query_counts_do_not_grow(
    count: int,
    riverside: Organization,
    supervisor: User,
    specialist: User,
    admin: User,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(count):
        person = make_member(riverside, Role.PARTICIPANT, f"p{i}@example.org", f"P{i}")
        concern = concern_by(riverside, specialist, about_user=person)
        if i % 2:
            acknowledge_concern(concern, supervisor)
    client = client_for(supervisor)
    client.get("/o/riverside/")
    with django_assert_max_num_queries(9):
        response = client.get("/o/riverside/safety/concerns/")
    assert response.content.decode().count('class="card concern-card') == count
    with django_assert_max_num_queries(9):
        client.get("/o/riverside/safety/concerns/?show=closed")


def test_supervisor_home_shows_concerns_waiting(
    riverside: Organization, supervisor: User, specialist: User, participant: User
) -> None:
    concern = concern_by(riverside, specialist, about_user=participant)
    text = client_for(supervisor).get("/o/riverside/").content.decode()
    assert page(concern) in text and "waiting for" in text
    assert WORDS not in text
    assert "not built yet" not in text.split("Safety concerns")[1][:400]


def test_specialist_home_offers_raising_a_concern(
    riverside: Organization, specialist: User
) -> None:
    text = client_for(specialist).get("/o/riverside/").content.decode()
    assert "Confidentiality, and its one limit" in text
    assert NEW in text


def test_meeting_page_links_to_raise_a_concern_for_staff_only(
    riverside: Organization, specialist: User, participant: User
) -> None:
    group = make_group(riverside, [specialist])
    from circles.testing.fixtures import join_group

    join_group(group, participant)
    meeting = make_meeting(group)
    url = reverse("meeting_detail", args=["riverside", meeting.pk])
    assert f"{NEW}?meeting={meeting.pk}" in client_for(specialist).get(url).content.decode()
    assert NEW not in client_for(participant).get(url).content.decode()


def test_the_person_sees_that_one_was_raised_when_the_policy_says_so(
    riverside: Organization, supervisor: User, specialist: User, participant: User
) -> None:
    concern = concern_by(
        riverside, specialist, about_user=participant, shared_with_person="We told Sam."
    )
    client = client_for(participant)
    text = client.get("/o/riverside/safety/about-me/").content.decode()
    assert "We told Sam." in text and WORDS not in text
    assert concern.raised_at.strftime("%Y") in text
    SafetySettings.objects.create(organization=riverside, person_sees_concern=False)
    text = client.get("/o/riverside/safety/about-me/").content.decode()
    assert "We told Sam." not in text and "does not show this here" in text


def test_nobody_else_sees_it_on_their_own_about_me_page(
    riverside: Organization, specialist: User, participant: User, participant2: User
) -> None:
    concern_by(riverside, specialist, about_user=participant, shared_with_person="We told Sam.")
    text = client_for(participant2).get("/o/riverside/safety/about-me/").content.decode()
    assert "We told Sam." not in text and "Nobody has raised" in text
