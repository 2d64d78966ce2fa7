"""Planning a group: creating, changing, previewing dates, and who may do it."""

import datetime
from typing import Any

import pytest

from circles.accounts.models import AuditEvent
from circles.groups.models import (
    DEFAULT_GROUND_RULES,
    Format,
    Frequency,
    SupportGroup,
)
from circles.testing.fixtures import client_for, join_group, make_group, make_venue

pytestmark = pytest.mark.django_db

NEW = "/o/riverside/groups/new/"

# 1 December 2099 is a Tuesday: far enough ahead that "now" never reaches it.
FAR = "2099-12-01"


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Tuesday grief circle",
        "purpose": "A calm hour to talk about loss with people who understand.",
        "kind": "mutual",
        "support_types": ["emotional", "affiliational"],
        "topics": ["Grief"],
        "other_topics": "",
        "audience": "adults",
        "audience_detail": "",
        "languages": "English, Spanish",
        "is_open": "True",
        "is_public": "on",
        "capacity": "12",
        "frequency": "biweekly",
        "weekday": "1",
        "month_week": "1",
        "custom_rule": "",
        "start_time": "18:00",
        "duration_minutes": "90",
        "starts_on": FAR,
        "ends_on": "",
        "format": "in_person",
        "venue": "",
        "online_url": "",
        "ground_rules": "We listen.",
        "confidentiality": "What is said here stays here.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_new_form_is_prefilled_and_ticks_the_specialist(specialist: Any, riverside: Any) -> None:
    page = client_for(specialist).get(NEW)
    assert page.status_code == 200
    html = page.content.decode()
    form = page.context["form"]
    assert form.initial["facilitators"] == [specialist.pk]
    assert f'value="{specialist.pk}" id="id_facilitators_0" checked' in html
    # The seed's ground rules and confidentiality statement, ready to edit.
    assert "We listen without interrupting." in html
    assert "cannot be kept confidential" in html
    assert 'value="English"' in html
    for legend in ["What", "Who it is for", "When", "Where", "How we meet together"]:
        assert f"<legend>{legend}</legend>" in html
    # The seed's topics are offered as checkboxes.
    assert 'value="LGBTQIA+"' in html


def test_specialist_creates_a_group(specialist: Any, riverside: Any) -> None:
    venue = make_venue(riverside)
    data = form_data(venue=str(venue.pk), facilitators=[str(specialist.pk)])
    data["other_topics"] = "Caregivers,  grief , Veterans"
    client = client_for(specialist)
    response = client.post(NEW, data)

    group = SupportGroup.objects.get(name="Tuesday grief circle")
    assert response.status_code == 302
    assert response["Location"] == f"/o/riverside/groups/{group.pk}/"
    assert group.organization == riverside
    assert list(group.facilitators.all()) == [specialist]
    assert group.topics == ["Grief", "Caregivers", "Veterans"]
    assert group.languages == ["English", "Spanish"]
    assert group.support_types == ["emotional", "affiliational"]
    assert group.is_open is True
    assert group.frequency == Frequency.BIWEEKLY
    assert AuditEvent.objects.filter(action="group.created", object_id=str(group.pk)).exists()

    page = client.get(response["Location"])
    assert "The group is planned" in page.content.decode()


def test_a_topic_once_used_is_offered_to_the_next_group(specialist: Any, riverside: Any) -> None:
    make_group(riverside, topics=["Caregivers"])
    html = client_for(specialist).get(NEW).content.decode()
    assert 'value="Caregivers"' in html


def test_admin_must_choose_a_facilitator(admin: Any, specialist: Any, riverside: Any) -> None:
    page = client_for(admin).post(NEW, form_data())
    assert page.status_code == 200
    assert "Please choose at least one facilitator" in page.content.decode()
    assert not SupportGroup.objects.exists()


def test_facilitator_changes_their_group(specialist: Any, riverside: Any) -> None:
    group = make_group(riverside, facilitators=[specialist], languages=["English", "Hmong"])
    url = f"/o/riverside/groups/{group.pk}/edit/"
    page = client_for(specialist).get(url)
    assert page.status_code == 200
    assert 'value="English, Hmong"' in page.content.decode()

    data = form_data(
        name="Tuesday evening circle, renamed",
        facilitators=[str(specialist.pk)],
        starts_on="2026-01-06",
        frequency="weekly",
        is_open="False",
    )
    response = client_for(specialist).post(url, data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Tuesday evening circle, renamed"
    assert group.is_open is False
    event = AuditEvent.objects.get(action="group.updated")
    assert "name" in event.detail["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("facilitators", "999999999999999999999999999999"),
        ("facilitators", "²"),
        ("facilitators", "-1"),
        ("venue", "999999999999999999999999999999"),
        ("venue", "²"),
    ],
)
def test_odd_ids_are_explained_not_an_error(
    specialist: Any, riverside: Any, field: str, value: str
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    client = client_for(specialist)
    client.raise_request_exception = False
    data = form_data(**{"facilitators": [str(specialist.pk)], field: value})
    response = client.post(f"/o/riverside/groups/{group.pk}/edit/", data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    group.refresh_from_db()
    assert group.name == "Tuesday evening circle"


def test_admin_may_change_any_group(admin: Any, specialist: Any, riverside: Any) -> None:
    group = make_group(riverside, facilitators=[specialist])
    assert client_for(admin).get(f"/o/riverside/groups/{group.pk}/edit/").status_code == 200


def test_participant_may_not_plan_or_change(
    participant: Any, specialist: Any, riverside: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    join_group(group, participant)
    client = client_for(participant)
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    edit = client.post(f"/o/riverside/groups/{group.pk}/edit/", form_data(name="Taken over"))
    assert edit.status_code == 403
    group.refresh_from_db()
    assert group.name == "Tuesday evening circle"


def test_another_specialist_may_look_but_not_change(
    specialist: Any, riverside: Any, admin: Any
) -> None:
    group = make_group(riverside, facilitators=[admin])
    client = client_for(specialist)
    assert client.get(f"/o/riverside/groups/{group.pk}/").status_code == 200
    assert client.get(f"/o/riverside/groups/{group.pk}/edit/").status_code == 403


# --- Bad input: a message next to the field, nothing lost, nothing saved ------------


def assert_refused(page: Any, field: str, message: str, kept: dict[str, str]) -> None:
    html = page.content.decode()
    assert page.status_code == 200
    assert not SupportGroup.objects.exists()
    assert "Nothing is saved yet" in html
    # The summary at the top leads to the field.
    assert f'<li><a href="#id_{field}">' in html
    # The message is tied to its field (Django renders id="id_<field>_error").
    error_start = html.index(f'id="id_{field}_error"')
    assert message in html[error_start : error_start + 400]
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in html or (
        f'aria-describedby="id_{field}_error"' in html
    )
    for value in kept.values():
        assert value in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": "0"}, "capacity", "at least one person"),
        ({"ends_on": "2099-11-01"}, "ends_on", "The last date is before the first meeting"),
        (
            {"frequency": "custom", "custom_rule": "EVERY SO OFTEN"},
            "custom_rule",
            "We could not read that repeat rule",
        ),
        (
            # A valid rule that never produces a date after the start.
            {"frequency": "custom", "custom_rule": "FREQ=WEEKLY;BYDAY=TU;UNTIL=20990101T000000Z"},
            "custom_rule",
            "would never meet",
        ),
        ({"frequency": "custom", "custom_rule": ""}, "custom_rule", "Please write the repeat rule"),
        (
            {"frequency": "custom", "custom_rule": "FREQ=HOURLY"},
            "custom_rule",
            "at most once a day",
        ),
        ({"format": "online"}, "online_url", "An online group needs a meeting link"),
        ({"format": "hybrid"}, "online_url", "An online group needs a meeting link"),
        ({"duration_minutes": "5"}, "duration_minutes", "between 15 minutes and 10 hours"),
    ],
)
def test_bad_input_is_explained_next_to_the_field(
    specialist: Any, riverside: Any, changes: dict[str, str], field: str, message: str
) -> None:
    data = form_data(facilitators=[str(specialist.pk)], **changes)
    data["purpose"] = "Typed with care: a place for <grief> & loss."
    page = client_for(specialist).post(NEW, data)
    assert_refused(
        page,
        field,
        message,
        kept={
            "name": 'value="Tuesday grief circle"',
            "purpose": "Typed with care: a place for &lt;grief&gt; &amp; loss.",
            "languages": 'value="English, Spanish"',
            "start": 'value="18:00"',
        },
    )


def test_in_person_without_a_venue_is_saved_with_a_note(specialist: Any, riverside: Any) -> None:
    response = client_for(specialist).post(
        NEW, form_data(facilitators=[str(specialist.pk)]), follow=True
    )
    html = response.content.decode()
    assert SupportGroup.objects.count() == 1
    assert "no venue is chosen yet" in html


# --- Preview of the dates ---------------------------------------------------------------


def test_preview_shows_the_dates_and_saves_nothing(specialist: Any, riverside: Any) -> None:
    data = form_data(facilitators=[str(specialist.pk)], name="", preview="1")
    page = client_for(specialist).post(NEW, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert not SupportGroup.objects.exists()
    assert (
        "Every second Tuesday, 6 p.m.\N{EN DASH}7:30 p.m.; next: 1 December, 15 December, "
        "29 December" in html
    )
    assert "Nothing is saved yet" in html
    # The name is still missing, but a preview does not nag about it.
    assert 'id="id_name_error"' not in html


def test_preview_with_htmx_answers_only_the_preview(specialist: Any, riverside: Any) -> None:
    data = form_data(frequency="weekly", preview="1")
    page = client_for(specialist).post(NEW, data, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert "Every Tuesday, 6 p.m.\N{EN DASH}7:30 p.m.; next: 1 December, 8 December" in html
    assert "<form" not in html
    assert not SupportGroup.objects.exists()


def test_preview_when_changing_a_group_skips_cancelled_dates(
    specialist: Any, riverside: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist], starts_on=datetime.date(2099, 12, 1))
    group.exceptions.create(organization=riverside, date=datetime.date(2099, 12, 8))
    data = form_data(frequency="weekly", preview="1", name="Changed only in the preview")
    page = client_for(specialist).post(
        f"/o/riverside/groups/{group.pk}/edit/", data, headers={"HX-Request": "true"}
    )
    assert "next: 1 December, 15 December, 22 December" in page.content.decode()
    group.refresh_from_db()
    assert group.name == "Tuesday evening circle"


def test_preview_of_an_impossible_schedule_says_so(specialist: Any, riverside: Any) -> None:
    data = form_data(frequency="custom", custom_rule="NONSENSE", preview="1")
    html = client_for(specialist).post(NEW, data).content.decode()
    assert "We cannot show the dates yet" in html
    assert "We could not read that repeat rule" in html


def test_the_form_offers_a_preview_button_and_htmx_hook(specialist: Any, riverside: Any) -> None:
    html = client_for(specialist).get(NEW).content.decode()
    assert 'name="preview"' in html
    assert 'hx-post="/o/riverside/groups/new/"' in html


# --- Plain words and the next dates on the group's page --------------------------------


@pytest.mark.parametrize(
    ("fields", "words", "dates"),
    [
        (
            {"frequency": Frequency.WEEKLY},
            "Every Tuesday, 6 p.m.\N{EN DASH}7:30 p.m.",
            ["Tuesday 1 December 2099", "Tuesday 8 December 2099", "Tuesday 15 December 2099"],
        ),
        (
            {"frequency": Frequency.BIWEEKLY},
            "Every second Tuesday, 6 p.m.\N{EN DASH}7:30 p.m.",
            ["Tuesday 1 December 2099", "Tuesday 15 December 2099", "Tuesday 29 December 2099"],
        ),
        (
            {"frequency": Frequency.MONTHLY, "month_week": 1},
            "The first Tuesday of each month, 6 p.m.\N{EN DASH}7:30 p.m.",
            ["Tuesday 1 December 2099", "Tuesday 5 January 2100", "Tuesday 2 February 2100"],
        ),
    ],
)
def test_group_page_says_when_in_plain_words(
    specialist: Any, riverside: Any, fields: dict[str, Any], words: str, dates: list[str]
) -> None:
    group = make_group(
        riverside, facilitators=[specialist], starts_on=datetime.date(2099, 12, 1), **fields
    )
    html = client_for(specialist).get(f"/o/riverside/groups/{group.pk}/").content.decode()
    assert words in html
    positions = [html.index(date) for date in dates]
    assert positions == sorted(positions)


def test_group_page_counts_from_today(specialist: Any, riverside: Any) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    group = make_group(riverside, facilitators=[specialist], weekday=today.weekday())
    # Started long ago; the next date is within a week from now.
    page = client_for(specialist).get(f"/o/riverside/groups/{group.pk}/")
    next_dates = page.context["next_dates"]
    assert len(next_dates) == 5
    assert today <= next_dates[0].date() <= today + datetime.timedelta(days=7)
    assert all(d.weekday() == today.weekday() for d in next_dates)


# --- What the group page shows to whom ------------------------------------------------


def test_group_page_shows_what_members_need_to_know(
    specialist: Any, participant: Any, riverside: Any
) -> None:
    venue = make_venue(riverside, name="Library room", address="12 Elm Street")
    group = make_group(
        riverside,
        facilitators=[specialist],
        venue=venue,
        format=Format.HYBRID,
        online_url="https://meet.example.org/secret-room",
        ground_rules=str(DEFAULT_GROUND_RULES),
        confidentiality="What is said here stays here.",
    )
    join_group(group, participant)
    html = client_for(participant).get(f"/o/riverside/groups/{group.pk}/").content.decode()
    assert "Library room" in html
    assert "12 Elm Street" in html
    assert "https://meet.example.org/secret-room" in html
    assert "We listen without interrupting." in html
    assert "What is said here stays here." in html
    assert "Jordan" in html  # the facilitator
    # Members do not get the facilitators' tools.
    assert "Change the group" not in html
    assert "Cancel a date" not in html


def test_online_link_is_hidden_from_people_outside_the_group(
    specialist: Any, participant: Any, participant2: Any, observer: Any, riverside: Any
) -> None:
    group = make_group(
        riverside,
        facilitators=[specialist],
        format=Format.ONLINE,
        online_url="https://meet.example.org/secret-room",
    )
    join_group(group, participant2, status="requested")
    detail = f"/o/riverside/groups/{group.pk}/"
    for person in (participant, participant2, observer):
        response = client_for(person).get(detail)
        assert response.status_code == 403
        assert "secret-room" not in response.content.decode()
        listing = client_for(person).get("/o/riverside/groups/").content.decode()
        assert "secret-room" not in listing
    # Staff lists never show the link either; only the group's page does.
    assert "secret-room" not in client_for(specialist).get("/o/riverside/groups/").content.decode()
    assert "secret-room" in client_for(specialist).get(detail).content.decode()


def test_venue_warnings_for_facilitators_without_names(
    specialist: Any, participant: Any, participant2: Any, admin: Any, riverside: Any
) -> None:
    venue = make_venue(
        riverside, name="Old hall", capacity=8, step_free=False, hearing_loop=False, kitchen=True
    )
    group = make_group(riverside, facilitators=[specialist], venue=venue, capacity=15)
    participant.access_needs = ["hearing_loop", "kitchen"]
    participant.save()
    participant2.access_needs = ["hearing_loop", "step_free"]
    participant2.save()
    join_group(group, participant)
    join_group(group, participant2)
    url = f"/o/riverside/groups/{group.pk}/"

    for person in (specialist, admin):
        html = client_for(person).get(url).content.decode()
        assert "Hearing loop: 2 members need this, and Old hall does not have it." in html
        assert "(wheelchairs, prosthetics): 1 member needs this, and Old hall does not" in html
        assert "Kitchen access:" not in html  # the hall has a kitchen
        assert "Old hall fits 8 people, but the group is planned for up to 15." in html
        assert "Casey" not in html
        assert "Morgan" not in html

    member_html = client_for(participant).get(url).content.decode()
    assert "does not have it" not in member_html
    assert "fits 8 people" not in member_html


def test_people_who_left_do_not_count_for_venue_warnings(
    specialist: Any, participant: Any, riverside: Any
) -> None:
    venue = make_venue(riverside, hearing_loop=False)
    group = make_group(riverside, facilitators=[specialist], venue=venue)
    participant.access_needs = ["hearing_loop"]
    participant.save()
    join_group(group, participant, status="left")
    html = client_for(specialist).get(f"/o/riverside/groups/{group.pk}/").content.decode()
    assert "Hearing loop" not in html


# --- The list of groups -----------------------------------------------------------------


def test_staff_see_every_group_participants_only_theirs(
    specialist: Any, participant: Any, riverside: Any
) -> None:
    mine = make_group(riverside, name="Morning walk and talk", facilitators=[specialist])
    make_group(riverside, name="Another circle")
    join_group(mine, participant)

    staff_html = client_for(specialist).get("/o/riverside/groups/").content.decode()
    assert "Morning walk and talk" in staff_html
    assert "Another circle" in staff_html
    assert "Plan a new group" in staff_html
    assert "Every Tuesday, 6 p.m." in staff_html
    assert "You facilitate this group" in staff_html

    member_html = client_for(participant).get("/o/riverside/groups/").content.decode()
    assert "Morning walk and talk" in member_html
    assert "Another circle" not in member_html
    assert "Plan a new group" not in member_html
    assert "Next:" in member_html


def test_navigation_links_to_groups(participant: Any, riverside: Any) -> None:
    html = client_for(participant).get("/o/riverside/").content.decode()
    assert 'href="/o/riverside/groups/"' in html


def make_groups(riverside: Any, specialist: Any, participant: Any, count: int) -> None:
    venue = make_venue(riverside)
    for number in range(count):
        group = make_group(
            riverside, name=f"Group {number}", facilitators=[specialist], venue=venue
        )
        group.exceptions.create(organization=riverside, date=datetime.date(2099, 1, 6))
        join_group(group, participant)


@pytest.mark.parametrize("persona", ["admin", "participant"])
def test_list_query_count_does_not_grow(
    persona: Any,
    admin: Any,
    specialist: Any,
    participant: Any,
    riverside: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for({"admin": admin, "participant": participant}[persona])
    make_groups(riverside, specialist, participant, 3)
    client.get("/o/riverside/groups/")  # warm up the session
    with django_assert_max_num_queries(12) as few:
        assert client.get("/o/riverside/groups/").status_code == 200
    make_groups(riverside, specialist, participant, 27)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        html = client.get("/o/riverside/groups/").content.decode()
    assert html.count('class="card"') == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_pressing_enter_in_a_field_saves_rather_than_previews(specialist: Any) -> None:
    """Browsers submit with the form's first submit button when Enter is pressed."""
    page = client_for(specialist).get("/o/riverside/groups/new/").content.decode()
    form = page[page.index('<form method="post" novalidate class="group-form">') :]
    first_button = form[form.index("<button") : form.index("</button>")]
    assert 'name="preview"' not in first_button
