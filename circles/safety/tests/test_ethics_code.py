"""Signing the code of ethics: when it is due, signing, and an organisation's own text."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from circles.accounts.models import AuditEvent, Membership
from circles.safety.ethics import actions, queries
from circles.safety.ethics.code import SHIPPED
from circles.safety.ethics.models import EthicsCode, EthicsSignature
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def test_circles_ships_fourteen_points_in_its_own_words(riverside: Any) -> None:
    code = EthicsCode.objects.current_for(riverside)
    assert code.organization is None and code.version == 1
    assert len(code.points) == 14 == len(SHIPPED[1])
    assert "self-determination" not in " ".join(code.points)
    assert "intended serious harm" not in " ".join(code.points)
    assert "step back" in code.points[13]


def test_an_organisations_own_text_replaces_the_shipped_one_for_it_alone(
    riverside: Any, lakeshore: Any, admin: Any
) -> None:
    own = actions.publish_code(riverside, "Riverside promises", ["Be kind.", "Be honest."], admin)
    assert EthicsCode.objects.current_for(riverside) == own
    assert own.version == 2
    assert EthicsCode.objects.current_for(lakeshore).organization is None
    again = actions.publish_code(riverside, "Riverside promises", ["Be kind."], admin)
    assert again.version == 3 and EthicsCode.objects.current_for(riverside) == again
    assert AuditEvent.objects.filter(action="ethics.code_published").count() == 2


def test_status_newcomer_has_two_weeks_then_is_overdue(riverside: Any) -> None:
    code = EthicsCode.objects.current_for(riverside)
    joined = at(datetime.date(2026, 3, 1))
    code.published_at = at(datetime.date(2025, 1, 1))
    assert queries.status_for(joined, code, None, datetime.date(2026, 3, 15)).state == "due"
    late = queries.status_for(joined, code, None, datetime.date(2026, 3, 16))
    assert late.state == "overdue" and late.due_on == datetime.date(2026, 3, 15)


def test_status_signed_then_reminded_then_overdue_after_a_year(riverside: Any) -> None:
    code = EthicsCode.objects.current_for(riverside)
    joined = at(datetime.date(2025, 1, 1))
    signed = at(datetime.date(2025, 6, 1))
    due = datetime.date(2026, 6, 1)
    assert queries.status_for(joined, code, signed, due - 31 * DAY).state == "signed"
    assert queries.status_for(joined, code, signed, due - 30 * DAY).state == "due"
    assert queries.status_for(joined, code, signed, due).state == "due"
    assert queries.status_for(joined, code, signed, due + DAY).state == "overdue"


def test_a_new_version_asks_everyone_again(riverside: Any, specialist: Any, admin: Any) -> None:
    membership = Membership.objects.get(user=specialist)
    actions.sign_code(riverside, specialist, EthicsCode.objects.current_for(riverside))
    assert queries.my_status(membership).state == "signed"
    actions.publish_code(riverside, "New text", ["One promise."], admin)
    status = queries.my_status(membership)
    assert status.state == "due" and status.signed_on is None


def test_signing_page_shows_the_points_and_signing_needs_the_tick(
    riverside: Any, specialist: Any
) -> None:
    client = client_for(specialist)
    page = client.get("/o/riverside/ethics/code/")
    assert page.status_code == 200
    code = EthicsCode.objects.current_for(riverside)
    assert code.points[0] in page.content.decode()
    refused = client.post("/o/riverside/ethics/code/", {})
    assert refused.status_code == 400
    assert "Please tick the box" in refused.content.decode()
    assert not EthicsSignature.objects.exists()
    done = client.post("/o/riverside/ethics/code/", {"agree": "on"})
    assert done.status_code == 302
    signature = EthicsSignature.objects.get()
    assert (signature.user, signature.code, signature.organization) == (specialist, code, riverside)
    event = AuditEvent.objects.get(action="ethics.code_signed")
    assert event.actor_id == specialist.pk and event.detail["version"] == 1
    mine = client.get("/o/riverside/ethics/").content.decode()
    assert "You signed on" in mine


def test_publishing_splits_points_on_empty_lines_and_keeps_bad_input(
    riverside: Any, admin: Any
) -> None:
    client = client_for(admin)
    assert client.get("/o/riverside/ethics/code/publish/").status_code == 200
    empty = client.post("/o/riverside/ethics/code/publish/", {"title": "Ours", "points": " \n\n "})
    assert empty.status_code == 400
    assert "at least one point" in empty.content.decode()
    assert 'value="Ours"' in empty.content.decode()
    text = "Listen first.\nAlways.\n\n\n  Never judge.  \r\n\r\nAsk for help."
    done = client.post("/o/riverside/ethics/code/publish/", {"title": "Ours", "points": text})
    assert done.status_code == 302
    code = EthicsCode.objects.current_for(riverside)
    assert code.points == ["Listen first. Always.", "Never judge.", "Ask for help."]
    assert code.published_by == admin
    page = client_for(admin).get("/o/riverside/ethics/code/").content.decode()
    assert "Never judge." in page


def test_too_many_points_are_refused_kindly(riverside: Any, admin: Any) -> None:
    text = "\n\n".join(f"Point {i}" for i in range(41))
    answer = client_for(admin).post(
        "/o/riverside/ethics/code/publish/", {"title": "Ours", "points": text}
    )
    assert answer.status_code == 400
    assert "40 points at most" in answer.content.decode()


def test_without_the_shipped_row_the_code_is_still_offered_and_signing_saves_it(
    riverside: Any, specialist: Any
) -> None:
    EthicsCode.objects.all().delete()
    client = client_for(specialist)
    assert client.get("/o/riverside/").status_code == 200
    page = client.get("/o/riverside/ethics/code/")
    assert page.status_code == 200 and SHIPPED[1][0] in page.content.decode()
    assert client.post("/o/riverside/ethics/code/", {"agree": "on"}).status_code == 302
    code = EthicsCode.objects.get()
    assert code.organization is None and code.points == SHIPPED[1]
    assert EthicsSignature.objects.get().code == code
