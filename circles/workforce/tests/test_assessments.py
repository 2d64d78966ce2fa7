"""Rating against the framework: self, supervisor, peer and group views, side by side."""

import datetime
import re
from typing import Any

import pytest
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.testing.fixtures import client_for
from circles.workforce.models import Assessment, DevelopmentGoal, Level, LevelConfirmation
from circles.workforce.record import suggested_level
from circles.workforce.tests.helpers import items, link, rate

pytestmark = pytest.mark.django_db


def test_a_worker_rates_themself_and_a_wrong_value_keeps_the_rest(
    riverside: Any, specialist: Any
) -> None:
    client = client_for(specialist)
    page = client.get(f"/o/riverside/workforce/people/{specialist.pk}/assess/")
    assert page.status_code == 200
    assert "Relationships in peer work" in page.content.decode()
    first, second = items(riverside)[:2]
    response = client.post(
        f"/o/riverside/workforce/people/{specialist.pk}/assess/",
        {f"item_{first.pk}": "3", f"item_{second.pk}": "9"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Almost there" in body
    assert re.search(rf'name="item_{first.pk}" value="3"[^>]*checked', body)
    assert not Assessment.objects.exists()

    response = client.post(
        f"/o/riverside/workforce/people/{specialist.pk}/assess/",
        {f"item_{first.pk}": "3", f"item_{second.pk}": "1"},
    )
    assert response.status_code == 302
    saved = Assessment.objects.get()
    assert saved.kind == "self" and saved.rater == specialist
    assert saved.ratings == {str(first.pk): 3, str(second.pk): 1}
    assert AuditEvent.objects.filter(action="workforce.assessment_sent").exists()


def test_nothing_rated_is_a_kind_message_not_an_empty_assessment(
    riverside: Any, specialist: Any
) -> None:
    response = client_for(specialist).post(
        f"/o/riverside/workforce/people/{specialist.pk}/assess/", {}
    )
    assert response.status_code == 400
    assert "rate at least one item" in response.content.decode()


def test_the_supervisor_rates_as_supervisor_or_for_the_group(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    first = items(riverside)[0]
    client = client_for(supervisor)
    url = f"/o/riverside/workforce/people/{specialist.pk}/assess/"
    client.post(url, {"kind": "group", f"item_{first.pk}": "2"})
    client.post(url, {"kind": "supervisor", f"item_{first.pk}": "1"})
    kinds = sorted(Assessment.objects.values_list("kind", flat=True))
    assert kinds == ["group", "supervisor"]
    # A worker cannot claim to be their own supervisor.
    client_for(specialist).post(url, {"kind": "supervisor", f"item_{first.pk}": "4"})
    assert Assessment.objects.filter(kind="self").count() == 1


def test_views_side_by_side_show_where_they_differ(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    first, second = items(riverside)[:2]
    rate(riverside, specialist, specialist, "self", {first.pk: 3, second.pk: 2})
    rate(riverside, specialist, supervisor, "supervisor", {first.pk: 1, second.pk: 2})
    page = client_for(specialist).get(
        f"/o/riverside/workforce/people/{specialist.pk}/competencies/"
    )
    body = page.content.decode()
    assert "1 item where the views differ" in body
    assert "Differ" in body and "Agree" in body
    assert "Own view" in body and "Supervisor" in body


def test_a_level_is_suggested_only_beside_someone_elses_view(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    all_items = items(riverside)
    own = [rate(riverside, specialist, specialist, "self", 4)]
    assert suggested_level(all_items, own) is None
    both = [*own, rate(riverside, specialist, supervisor, "supervisor", 2)]
    # The lower of the two views, item by item: intermediate, so peer practitioner.
    assert suggested_level(all_items, both) == Level.PRACTITIONER


def test_a_few_ratings_are_not_enough_to_suggest_a_level(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    few = {i.pk: 4 for i in items(riverside)[:5]}
    views = [rate(riverside, specialist, supervisor, "supervisor", few)]
    assert suggested_level(items(riverside), views) is None


def test_only_the_supervisor_confirms_a_level_and_nothing_sets_it_alone(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    rate(riverside, specialist, specialist, "self", 3)
    rate(riverside, specialist, supervisor, "supervisor", 3)
    assert not LevelConfirmation.objects.exists()
    page = client_for(supervisor).get(
        f"/o/riverside/workforce/people/{specialist.pk}/competencies/"
    )
    assert "suggest <strong>Peer manager</strong>" in page.content.decode()
    url = f"/o/riverside/workforce/people/{specialist.pk}/level/"
    assert client_for(specialist).post(url, {"level": "leader"}).status_code == 403
    client_for(supervisor).post(url, {"level": "practitioner"})
    confirmed = LevelConfirmation.objects.get()
    assert confirmed.level == "practitioner" and confirmed.suggested == "manager"
    assert confirmed.confirmed_by == supervisor


def test_a_worker_asks_a_peer_who_answers_or_declines(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any
) -> None:
    client = client_for(specialist)
    client.post("/o/riverside/workforce/ask-a-peer/", {"peer": admin.pk})
    client.post("/o/riverside/workforce/ask-a-peer/", {"peer": admin.pk})  # twice: one request
    asked = Assessment.objects.get()
    assert asked.kind == "peer" and asked.rater == admin and asked.submitted_at is None

    home = client_for(admin).get("/o/riverside/workforce/").content.decode()
    assert "Share your view of Jordan" in home
    first = items(riverside)[0]
    url = f"/o/riverside/workforce/requests/{asked.pk}/"
    assert client_for(supervisor).get(url).status_code == 403
    assert client_for(admin).post(url, {f"item_{first.pk}": "2"}).status_code == 302
    asked.refresh_from_db()
    assert asked.submitted_at is not None and asked.ratings == {str(first.pk): 2}
    assert client_for(admin).get(url).status_code == 404  # answered already

    client.post("/o/riverside/workforce/ask-a-peer/", {"peer": supervisor.pk})
    second = Assessment.objects.get(rater=supervisor)
    client_for(supervisor).post(f"/o/riverside/workforce/requests/{second.pk}/decline/")
    second.refresh_from_db()
    assert second.declined_at is not None and second.submitted_at is None


def test_a_worker_cannot_ask_someone_outside_the_staff(
    riverside: Any, specialist: Any, participant: Any
) -> None:
    client_for(specialist).post("/o/riverside/workforce/ask-a-peer/", {"peer": participant.pk})
    assert not Assessment.objects.exists()


def test_a_worker_chooses_a_development_goal_with_an_encrypted_note(
    riverside: Any, specialist: Any
) -> None:
    from django.db import connection

    item = items(riverside)[0]
    client = client_for(specialist)
    response = client.post(
        "/o/riverside/workforce/goals/new/",
        {"competency": item.pk, "aim": "3", "note": "Shadow Sam at the Tuesday group"},
    )
    assert response.status_code == 302
    goal = DevelopmentGoal.objects.get()
    assert goal.note == "Shadow Sam at the Tuesday group"
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM workforce_developmentgoal WHERE id = %s", [goal.pk])
        raw = cursor.fetchone()[0]
    assert "Shadow" not in raw
    bad = client.post("/o/riverside/workforce/goals/new/", {"competency": "99999999999999999999"})
    assert bad.status_code == 400
    client.post(f"/o/riverside/workforce/goals/{goal.pk}/reached/")
    goal.refresh_from_db()
    assert goal.reached_at is not None


def test_progress_over_time_draws_a_chart_with_a_table_beside_it(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    long_ago = timezone.now() - datetime.timedelta(days=120)
    rate(riverside, specialist, specialist, "self", 1, when=long_ago)
    rate(riverside, specialist, specialist, "self", 2)
    rate(riverside, specialist, supervisor, "supervisor", 2)
    body = (
        client_for(specialist)
        .get(f"/o/riverside/workforce/people/{specialist.pk}/competencies/")
        .content.decode()
    )
    assert '<svg role="img"' in body and "<polyline" in body
    assert "Average stage of each set of ratings" in body
    assert body.count("<td>1.0</td>") == 1 and body.count("<td>2.0</td>") == 2
