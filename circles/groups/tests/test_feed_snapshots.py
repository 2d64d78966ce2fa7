"""Public feeds are built once per change and served as stored: ETag, Last-Modified, gzip, 304."""

import datetime
import gzip
import json
from typing import Any

import pytest
from dateutil import rrule
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from circles.groups.feeds import MAX_AGE, rebuild_all, rebuild_public_feeds
from circles.groups.models import FeedSnapshot, ScheduleException
from circles.testing.fixtures import make_group, make_venue

pytestmark = pytest.mark.django_db

FEEDS = ["meeting_guide", "hsds_services"]


def no_rule_walking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a repeat rule was walked while answering")

    monkeypatch.setattr(rrule.rrule, "_iter", refuse)


@pytest.mark.parametrize("name", FEEDS)
def test_etag_and_last_modified_answer_304(name: str, riverside: Any) -> None:
    make_group(riverside, name="Tuesday circle")
    client = Client()
    first = client.get(reverse(name))
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    again = client.get(reverse(name), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    since = client.get(reverse(name), headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    other = client.get(reverse(name), headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200 and other.content == first.content


@pytest.mark.parametrize("name", FEEDS)
def test_gzip_for_clients_that_accept_it(name: str, riverside: Any) -> None:
    make_group(riverside, name="Tuesday circle")
    client = Client()
    plain = client.get(reverse(name))
    packed = client.get(reverse(name), headers={"Accept-Encoding": "gzip, deflate"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] != plain["ETag"]
    assert "Content-Encoding" not in plain
    assert (
        client.get(
            reverse(name), headers={"Accept-Encoding": "gzip", "If-None-Match": packed["ETag"]}
        ).status_code
        == 304
    )


@pytest.mark.parametrize("name", FEEDS)
def test_a_change_is_in_the_next_answer(name: str, riverside: Any) -> None:
    group = make_group(riverside, name="Tuesday circle")
    client = Client()
    first = client.get(reverse(name))
    group.name = "Tuesday evening circle"
    group.save()
    second = client.get(reverse(name), headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert "Tuesday evening circle" in second.content.decode()
    venue = make_venue(riverside, name="The new hall")
    group.venue = venue
    group.save()
    venue.name = "The renamed hall"
    venue.save()
    assert "The renamed hall" in client.get(reverse(name)).content.decode()
    ScheduleException.objects.create(
        organization=riverside, group=group, date=timezone.localdate() + datetime.timedelta(days=7)
    )
    third = client.get(reverse(name))
    assert third["ETag"] != second["ETag"]


@pytest.mark.parametrize("name", FEEDS)
def test_a_stored_feed_is_served_without_walking_any_rule(
    name: str, riverside: Any, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    for n in range(30):
        make_group(riverside, name=f"Circle {n}", frequency="monthly", month_week=1 + n % 4)
    client = Client()
    built = client.get(reverse(name))
    no_rule_walking(monkeypatch)
    with django_assert_num_queries(1):
        served = client.get(reverse(name))
    assert served.content == built.content
    data = json.loads(served.content)
    assert len(data["contents"] if isinstance(data, dict) else data) == 30


def test_the_worker_rebuilds_what_changed_and_the_daily_round_rebuilds_all(
    riverside: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = make_group(riverside, name="Tuesday circle")
    client = Client()
    client.get(reverse("meeting_guide"))
    client.get(reverse("group_calendar", kwargs={"group_id": group.pk}))
    assert FeedSnapshot.objects.count() == 2
    assert rebuild_public_feeds.call() == 0
    group.name = "Renamed circle"
    group.save()
    assert rebuild_public_feeds.call() == 2
    no_rule_walking(monkeypatch)
    assert "Renamed circle" in client.get(reverse("meeting_guide")).content.decode()
    ics = client.get(reverse("group_calendar", kwargs={"group_id": group.pk}))
    assert "Renamed circle" in ics.content.decode()
    assert ics["Content-Disposition"] == f'inline; filename="group-{group.pk}.ics"'
    monkeypatch.undo()
    before = FeedSnapshot.objects.get(name="meeting-guide").built_at
    assert rebuild_all() == 2
    assert FeedSnapshot.objects.get(name="meeting-guide").built_at > before


def test_a_day_old_feed_is_built_again(riverside: Any) -> None:
    make_group(riverside, name="Tuesday circle")
    client = Client()
    client.get(reverse("meeting_guide"))
    FeedSnapshot.objects.update(built_at=timezone.now() - MAX_AGE - datetime.timedelta(minutes=1))
    client.get(reverse("meeting_guide"))
    assert timezone.now() - FeedSnapshot.objects.get().built_at < datetime.timedelta(minutes=1)


def test_a_group_that_stops_being_public_loses_its_calendar(riverside: Any) -> None:
    group = make_group(riverside, name="Tuesday circle")
    url = reverse("group_calendar", kwargs={"group_id": group.pk})
    client = Client()
    assert client.get(url).status_code == 200
    group.is_public = False
    group.save()
    assert client.get(url).status_code == 404
    rebuild_public_feeds.call()
    assert not FeedSnapshot.objects.filter(name=f"group-{group.pk}").exists()


def test_the_personal_feed_answers_304_to_an_app_that_has_it(
    riverside: Any, participant: Any
) -> None:
    from circles.groups.models import CalendarFeed
    from circles.testing.fixtures import join_group

    group = make_group(riverside, name="Grief circle", is_public=False)
    join_group(group, participant)
    feed = CalendarFeed.objects.create(user=participant, key=CalendarFeed.new_key())
    url = reverse("personal_calendar", kwargs={"key": feed.key})
    client = Client()
    first = client.get(url)
    assert first.status_code == 200 and "Grief circle" in first.content.decode()
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    group.name = "Loss circle"
    group.save()
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_a_change_queues_a_rebuild_only_when_a_feed_is_stored(
    riverside: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        group = make_group(riverside, name="Tuesday circle")
    assert not DBTaskResult.objects.exists()
    Client().get(reverse("meeting_guide"))
    with django_capture_on_commit_callbacks(execute=True):
        group.name = "Renamed"
        group.save()
    with django_capture_on_commit_callbacks(execute=True):
        group.save()
    # One rebuild waiting, however many changes.
    assert DBTaskResult.objects.filter(task_path__endswith="rebuild_public_feeds").count() == 1
