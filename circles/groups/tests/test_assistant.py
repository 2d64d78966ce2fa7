"""The planning assistant: people say when they could come; the best times come first."""

import random
import re
import time
from html import unescape
from typing import Any

import pytest

from circles.accounts.models import Role
from circles.groups.models import SLOT_KEYS, Availability
from circles.groups.planning_assistant import suggest_slots
from circles.testing.fixtures import client_for, join_group, make_group, make_member, make_venue

# --- The computation -------------------------------------------------------------------


def ranking(slot_lists: list[list[str]], venue: list[str] | None = None) -> list[tuple[str, int]]:
    suggestions, _total = suggest_slots(slot_lists, venue or [])
    return [(s.key, s.count) for s in suggestions]


def test_the_slot_that_suits_most_people_comes_first() -> None:
    people = [
        ["tue-evening", "thu-evening"],
        ["tue-evening"],
        ["thu-evening", "tue-evening", "sat-morning"],
        ["sat-morning"],
    ]
    suggestions, total = suggest_slots(people)
    assert total == 4
    assert [(s.key, s.count) for s in suggestions] == [
        ("tue-evening", 3),
        ("thu-evening", 2),
        ("sat-morning", 2),
    ]
    assert str(suggestions[0].day) == "Tuesday"
    assert str(suggestions[0].part) == "Evening"


def test_ties_keep_week_order() -> None:
    assert ranking([["sun-evening", "mon-morning", "wed-afternoon"]]) == [
        ("mon-morning", 1),
        ("wed-afternoon", 1),
        ("sun-evening", 1),
    ]


def test_slots_the_venue_is_not_available_for_come_last_and_are_marked() -> None:
    people = [["tue-evening", "wed-evening"], ["tue-evening", "wed-evening"], ["wed-evening"]]
    suggestions, _total = suggest_slots(people, ["tue-evening", "fri-evening"])
    assert [(s.key, s.count, s.venue_available) for s in suggestions] == [
        ("tue-evening", 2, True),
        ("wed-evening", 3, False),
    ]


def test_a_venue_without_hours_is_available_any_time() -> None:
    suggestions, _total = suggest_slots([["wed-evening"]], [])
    assert suggestions[0].venue_available


def test_repeats_and_unknown_keys_do_not_count() -> None:
    assert ranking([["tue-evening", "tue-evening", "someday-noon"]]) == [("tue-evening", 1)]


def test_nobody_yet() -> None:
    assert suggest_slots([], ["tue-evening"]) == ([], 0)


def test_five_hundred_people_are_counted_correctly() -> None:
    rng = random.Random(3)
    people = [rng.sample(SLOT_KEYS, rng.randint(1, 8)) for _ in range(500)]
    expected = {key: sum(key in slots for slots in people) for key in SLOT_KEYS}
    venue = ["tue-evening", "wed-evening", "sat-morning", "sun-afternoon"]

    started = time.perf_counter()
    suggestions, total = suggest_slots(people, venue)
    elapsed = time.perf_counter() - started
    print(f"suggest_slots for 500 people: {elapsed * 1000:.2f} ms")

    assert total == 500
    assert {s.key: s.count for s in suggestions} == {k: n for k, n in expected.items() if n}
    available = [s for s in suggestions if s.venue_available]
    assert [s.key for s in available] == sorted(
        venue, key=lambda k: (-expected[k], SLOT_KEYS.index(k))
    )
    assert all(not s.venue_available for s in suggestions[len(available) :])
    counts = [s.count for s in suggestions[len(available) :]]
    assert counts == sorted(counts, reverse=True)


# --- The pages -------------------------------------------------------------------------


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def group(riverside: Any, specialist: Any, participant: Any) -> Any:
    venue = make_venue(riverside, name="Church hall", availability=["tue-evening", "thu-evening"])
    group = make_group(riverside, facilitators=[specialist], venue=venue)
    join_group(group, participant)
    return group


def url(group: Any, page: str) -> str:
    return f"/o/riverside/groups/{group.pk}/{page}/"


@pytest.mark.django_db
def test_a_member_ticks_when_they_could_come(group: Any, participant: Any) -> None:
    client = client_for(participant)
    page = client.get(url(group, "availability"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('name="own-slots"') == 21
    assert "Add someone who is interested" not in html
    assert "See which times suit" not in html

    response = client.post(
        url(group, "availability"), {"own-slots": ["thu-evening", "mon-morning"]}
    )

    assert response.status_code == 302
    entry = Availability.objects.get(group=group, user=participant)
    assert entry.slots == ["mon-morning", "thu-evening"]
    again = client.get(url(group, "availability")).content.decode()
    assert 'value="thu-evening" id="id_own-slots_thu-evening" checked' in again
    assert "You have already told us." in again


@pytest.mark.django_db
def test_answering_again_changes_the_one_answer(group: Any, participant: Any) -> None:
    client = client_for(participant)
    client.post(url(group, "availability"), {"own-slots": ["thu-evening"]})
    client.post(url(group, "availability"), {"own-slots": ["sat-morning"]})
    assert list(Availability.objects.filter(group=group).values_list("slots", flat=True)) == [
        ["sat-morning"]
    ]


@pytest.mark.django_db
def test_ticking_nothing_gets_a_kind_message(group: Any, participant: Any) -> None:
    response = client_for(participant).post(url(group, "availability"), {})
    assert response.status_code == 200
    assert "Please tick at least one time you could come." in response.content.decode()
    assert not Availability.objects.exists()


@pytest.mark.django_db
def test_a_participant_cannot_add_other_people(group: Any, participant: Any) -> None:
    response = client_for(participant).post(
        url(group, "availability/interested"),
        {"interested-label": "JB", "interested-slots": ["tue-evening"]},
    )
    assert response.status_code == 403
    assert not Availability.objects.exists()


@pytest.mark.django_db
def test_a_supervisor_looks_but_does_not_answer(group: Any, supervisor: Any) -> None:
    client = client_for(supervisor)
    page = text_of(client.get(url(group, "availability")).content.decode())
    assert "Members of the group and its facilitators fill this in." in page
    assert "See which times suit the most people" in page
    response = client.post(url(group, "availability"), {"own-slots": ["x"]})
    assert response.status_code == 403


@pytest.mark.django_db
def test_facilitator_adds_and_removes_someone_interested(group: Any, specialist: Any) -> None:
    client = client_for(specialist)
    response = client.post(
        url(group, "availability/interested"),
        {"interested-label": "J.B.", "interested-slots": ["tue-evening"]},
    )
    assert response.status_code == 302
    entry = Availability.objects.get(group=group)
    assert (entry.user, entry.label, entry.slots) == (None, "J.B.", ["tue-evening"])
    page = client.get(url(group, "availability")).content.decode()
    assert "<strong>J.B.</strong>: Tuesday evening" in page

    removed = client.post(url(group, f"availability/{entry.pk}/remove"))
    assert removed.status_code == 302
    assert not Availability.objects.exists()
    # Removing again (a second tab) finds nothing left and says so kindly.
    assert client.post(url(group, f"availability/{entry.pk}/remove")).status_code == 302


@pytest.mark.django_db
def test_an_interested_person_needs_a_name_and_a_time(group: Any, specialist: Any) -> None:
    response = client_for(specialist).post(
        url(group, "availability/interested"), {"interested-label": "Ana"}
    )
    html = response.content.decode()
    assert "Please tick at least one time they could come." in html
    assert 'value="Ana"' in html


@pytest.mark.django_db
def test_assistant_shows_the_best_times_within_the_venue_hours(
    group: Any, specialist: Any, riverside: Any
) -> None:
    answers = [["tue-evening", "wed-evening"]] * 3 + [["wed-evening", "thu-evening"]] * 4
    for slots in answers:
        Availability.objects.create(organization=riverside, group=group, slots=slots)

    page = client_for(specialist).get(url(group, "assistant"))

    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Suggestion: Thursday evening suits 4 of 7 people." in text
    rows = re.findall(
        r"<tr[^>]*>\s*<th scope=\"row\">(.*?)</th>\s*<td>\s*(.*?)\s*<span",
        unescape(page.content.decode()),
    )
    assert rows == [
        ("Thursday evening", "4 of 7 people"),
        ("Tuesday evening", "3 of 7 people"),
        ("Wednesday evening", "7 of 7 people"),
    ]
    assert "Venue not available" in text
    assert text.index("Venue not available") > text.index("Tuesday evening")


@pytest.mark.django_db
def test_assistant_reads_every_answer_in_one_query(
    group: Any, specialist: Any, riverside: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(specialist)
    Availability.objects.create(organization=riverside, group=group, slots=["tue-evening"])
    client.get(url(group, "assistant"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(group, "assistant"))
    Availability.objects.bulk_create(
        Availability(organization=riverside, group=group, slots=["tue-evening", "thu-evening"])
        for _ in range(300)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url(group, "assistant"))
    assert "Tuesday evening suits 301 of 301 people" in text_of(page.content.decode())


@pytest.mark.django_db
def test_assistant_with_no_answers_says_so(group: Any, specialist: Any) -> None:
    text = text_of(client_for(specialist).get(url(group, "assistant")).content.decode())
    assert "Nobody has said when they could come yet." in text


@pytest.mark.django_db
def test_members_do_not_see_the_suggestions(group: Any, participant: Any) -> None:
    assert client_for(participant).get(url(group, "assistant")).status_code == 403


@pytest.mark.django_db
def test_a_specialist_who_does_not_facilitate_cannot_see_the_suggestions(
    group: Any, riverside: Any
) -> None:
    other = make_member(riverside, Role.SPECIALIST, "other@example.org", "Pat")
    assert client_for(other).get(url(group, "assistant")).status_code == 403


@pytest.mark.django_db
def test_an_online_group_is_not_limited_by_a_venue(riverside: Any, specialist: Any) -> None:
    group = make_group(riverside, facilitators=[specialist], format="online")
    Availability.objects.create(organization=riverside, group=group, slots=["sun-morning"])
    text = text_of(client_for(specialist).get(url(group, "assistant")).content.decode())
    assert "The group meets online, so no venue limits the times." in text
    assert "Suggestion: Sunday morning suits 1 of 1 person." in text


@pytest.mark.django_db
def test_odd_values_for_an_entry_are_not_an_error(group: Any, specialist: Any) -> None:
    entry = Availability.objects.create(
        organization=group.organization, group=group, label="J.B.", slots=["tue-evening"]
    )
    client = client_for(specialist)
    client.raise_request_exception = False
    # The old form's fields, with a superscript two ('²'.isdigit() is true, int('²') fails).
    response = client.post(url(group, "availability"), {"action": "remove", "entry": "²"})
    assert response.status_code == 200
    assert "Please tick at least one time you could come." in response.content.decode()
    too_big = url(group, "availability/99999999999999999999999999999/remove")
    assert client.post(too_big).status_code in (302, 404)
    assert client.post(url(group, "availability/%C2%B2/remove")).status_code == 404
    assert Availability.objects.filter(pk=entry.pk).exists()
