import datetime
from typing import Any

import pytest

from circles.meetings.models import AgendaItem, AgendaTemplate
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

SEED_ORDER = [
    "greeting",
    "purpose",
    "confidentiality",
    "ground_rules",
    "check_in",
    "announcements",
    "icebreaker",
    "sharing",
    "breakouts",
    "debrief",
    "closing",
]


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(
        riverside,
        facilitators=[specialist],
        ground_rules="Speak from your own experience.",
        confidentiality="What is said here stays here.",
    )
    join_group(group, participant)
    return make_meeting(group, leader=specialist)


def agenda_url(meeting: Any, *rest: str) -> str:
    return f"/o/riverside/meetings/{meeting.pk}/agenda/" + "".join(f"{r}/" for r in rest)


def test_default_agenda_follows_the_seeds_and_pulls_in_the_group(
    meeting: Any, specialist: Any
) -> None:
    client = client_for(specialist)
    page = client.get(agenda_url(meeting)).content.decode()
    assert "Greeting and introductions" in page
    # Looking writes nothing; adapting gives the meeting its own copy.
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    assert client.post(agenda_url(meeting, "adapt")).status_code == 302
    items = list(AgendaItem.objects.filter(meeting=meeting))
    assert [item.key for item in items] == SEED_ORDER
    by_key = {item.key: item for item in items}
    assert by_key["purpose"].script == meeting.group.purpose
    assert by_key["ground_rules"].script == "Speak from your own experience."
    assert "What is said here stays here." in by_key["confidentiality"].script
    assert "intended serious harm to self or others" in by_key["confidentiality"].script
    assert "nobody has to" in by_key["check_in"].script


def test_agenda_edits_without_javascript(meeting: Any, specialist: Any) -> None:
    client = client_for(specialist)
    client.post(agenda_url(meeting, "adapt"))
    first, second = list(AgendaItem.objects.filter(meeting=meeting))[:2]
    page = client.get(agenda_url(meeting)).content.decode()
    assert f'action="{agenda_url(meeting, str(first.pk))}"' in page
    for action in ("down", "remove"):
        assert agenda_url(meeting, str(first.pk), action) in page
    response = client.post(
        agenda_url(meeting, str(first.pk)),
        {
            f"item-{first.pk}-title": "Welcome",
            f"item-{first.pk}-minutes": "7",
            f"item-{first.pk}-script": "Hello all.",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.minutes, first.script) == ("Welcome", 7, "Hello all.")
    client.post(agenda_url(meeting, str(first.pk), "down"))
    keys = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    assert keys[:2] == [second.pk, first.pk]
    client.post(agenda_url(meeting, str(first.pk), "up"))
    keys = list(AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True))
    assert keys[:2] == [first.pk, second.pk]
    client.post(agenda_url(meeting, str(second.pk), "remove"))
    assert not AgendaItem.objects.filter(pk=second.pk).exists()
    # Pressed twice: nothing more happens, and nothing breaks.
    assert client.post(agenda_url(meeting, str(second.pk), "remove")).status_code == 302
    client.post(agenda_url(meeting), {"new-title": "A song", "new-minutes": "4", "new-script": ""})
    last = AgendaItem.objects.filter(meeting=meeting).last()
    assert last is not None and last.title == "A song"


def test_minutes_out_of_range_are_refused_kindly(meeting: Any, specialist: Any) -> None:
    client = client_for(specialist)
    client.post(agenda_url(meeting, "adapt"))
    item = AgendaItem.objects.filter(meeting=meeting)[0]
    response = client.post(
        agenda_url(meeting, str(item.pk)),
        {
            f"item-{item.pk}-title": "Welcome",
            f"item-{item.pk}-minutes": "300",
            f"item-{item.pk}-script": "",
        },
    )
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.minutes != 300


def test_over_time_warning(meeting: Any, specialist: Any) -> None:
    client = client_for(specialist)
    page = client.get(agenda_url(meeting)).content.decode()
    # The seeds' agenda is 90 minutes; the group meets 90 minutes.
    assert "more than the meeting has" not in page
    meeting.duration = datetime.timedelta(minutes=60)
    meeting.save()
    page = client.get(agenda_url(meeting)).content.decode()
    assert "30 minutes more than the meeting has" in page


def test_print_page_has_purpose_limit_rules_and_items(meeting: Any, participant: Any) -> None:
    page = client_for(participant).get(agenda_url(meeting, "print")).content.decode()
    assert meeting.group.purpose in page
    assert "intended serious harm to self or others cannot be kept confidential" in page
    assert "Speak from your own experience." in page
    assert "Check-in" in page
    assert "15 minutes" in page


def test_participant_cannot_edit_the_agenda(meeting: Any, participant: Any) -> None:
    assert client_for(participant).get(agenda_url(meeting)).status_code == 403


def test_admin_makes_a_template_the_default(
    admin: Any, riverside: Any, specialist: Any, participant: Any
) -> None:
    client = client_for(admin)
    response = client.post("/o/riverside/agenda-templates/new/")
    template = AgendaTemplate.objects.get()
    assert template.is_default
    assert response["Location"] == f"/o/riverside/agenda-templates/{template.pk}/"
    assert 'name="text"' in client.get(response["Location"]).content.decode()
    response = client.post(
        f"/o/riverside/agenda-templates/{template.pk}/",
        {
            "name": "Short evening",
            "text": "5 | Hello | Welcome.\n40 | Sharing\n5 | Closing | Thanks.",
            "is_default": "on",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert [item["title"] for item in template.items] == ["Hello", "Sharing", "Closing"]
    group = make_group(riverside, facilitators=[specialist])
    meeting = make_meeting(group)
    page = client_for(specialist).get(agenda_url(meeting)).content.decode()
    assert "The items add up to 50 minutes" in page
    for text in ("five | Hello", "² | Hello", "9" * 5000 + " | Hello"):
        bad = client.post(
            f"/o/riverside/agenda-templates/{template.pk}/", {"name": "x", "text": text}
        )
        assert bad.status_code == 400
        assert "Line 1 needs minutes" in bad.content.decode()
    # Back to the built-in agenda, then to this one again.
    client.post("/o/riverside/agenda-templates/default/", {"default": ""})
    template.refresh_from_db()
    assert not template.is_default
    client.post("/o/riverside/agenda-templates/default/", {"default": str(template.pk)})
    template.refresh_from_db()
    assert template.is_default
    response = client.post("/o/riverside/agenda-templates/default/", {"default": "²"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.is_default


def test_admin_finds_the_agenda_templates_from_the_meetings_list(
    admin: Any, specialist: Any
) -> None:
    assert "/o/riverside/agenda-templates/" in (
        client_for(admin).get("/o/riverside/meetings/").content.decode()
    )
    assert "/o/riverside/agenda-templates/" not in (
        client_for(specialist).get("/o/riverside/meetings/").content.decode()
    )


def test_reading_the_agenda_anywhere_writes_nothing(meeting: Any, specialist: Any) -> None:
    client = client_for(specialist)
    for path in (
        agenda_url(meeting),
        agenda_url(meeting, "print"),
        f"/o/riverside/meetings/{meeting.pk}/run/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert "Check-in" in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    # Starting the meeting keeps its own copy, so a later template change leaves it alone.
    client.post(f"/o/riverside/meetings/{meeting.pk}/run/", {"item": "0"})
    assert AgendaItem.objects.filter(meeting=meeting).count() == len(SEED_ORDER)
