"""Public feeds built once when their data changes, then served as stored.

The Meeting Guide JSON, the HSDS export and each public group's calendar are
built from every public group (or one), which costs more the more groups there
are. So they are built once and kept (FeedSnapshot), per address they were
asked for, and served as they are with an ETag and Last-Modified, gzipped for
clients that accept it, and answered with 304 Not Modified to a client that
already has them. Serving costs one query, however many groups there are.

When is a stored feed out of date?
- Something it shows changed: saving or deleting a group, its cancelled dates,
  a venue or an organisation raises FeedVersion (signals below, in the same
  transaction) and queues a rebuild for the worker (rebuild_public_feeds).
- A day went by: the text says the next dates ("Next: 2 December") and which
  groups still meet. The daily generate_meetings rebuilds every stored feed.
A request that finds its feed missing or out of date (no worker yet, or it has
not caught up) builds it there and then and stores it: a cache fill.
"""

import datetime
import gzip
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Subquery
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from circles.accounts.models import Organization
from circles.groups.calendar import FeedContext, build_calendar
from circles.groups.exports import hsds_services, meeting_guide
from circles.groups.models import (
    FeedSnapshot,
    FeedVersion,
    ScheduleException,
    SupportGroup,
    Venue,
)
from circles.lib.forms import parse_id
from circles.lib.taskqueue import keep_one_waiting

# The dates in a feed's text move on every day.
MAX_AGE = datetime.timedelta(hours=24)
JSON_TYPE = "application/json"
CALENDAR_TYPE = "text/calendar; charset=utf-8"
GROUP_PREFIX = "group-"


@dataclass(frozen=True)
class Built:
    body: bytes
    content_type: str


def _urls(base: str) -> tuple[Callable[[SupportGroup], str], Callable[[SupportGroup], str]]:
    def page_url(group: SupportGroup) -> str:
        return base + reverse("public_group", kwargs={"group_id": group.pk})

    def calendar_url(group: SupportGroup) -> str:
        return base + reverse("group_calendar", kwargs={"group_id": group.pk})

    return page_url, calendar_url


def _host(base: str) -> str:
    return base.split("://", 1)[-1]


def _public_groups() -> Any:
    return SupportGroup.objects.public().public_details().order_by("organization__name", "name")


def _json(data: Any) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


def build(name: str, base: str) -> Built:
    """The feed called ``name`` as served at ``base`` (scheme and host), freshly built."""
    page_url, calendar_url = _urls(base)
    if name == "meeting-guide":
        return Built(_json(meeting_guide(_public_groups(), page_url)), JSON_TYPE)
    if name == "hsds":
        body = hsds_services(_public_groups(), _host(base), page_url, calendar_url)
        return Built(_json(body), JSON_TYPE)
    if name.startswith(GROUP_PREFIX):
        group_id = parse_id(name.removeprefix(GROUP_PREFIX))
        group = _public_groups().filter(pk=group_id).first() if group_id else None
        if group is None:
            raise Http404("No such public group.")
        context = FeedContext(host=_host(base), page_url=page_url, include_online_link=False)
        return Built(build_calendar(group.name, [group], context), CALENDAR_TYPE)
    raise ValueError(f"No feed called {name!r}.")


def current_version() -> int:
    return FeedVersion.objects.values_list("number", flat=True).first() or 0


def store(name: str, base: str, version: int, now: datetime.datetime) -> FeedSnapshot:
    built = build(name, base)
    snapshot, _created = FeedSnapshot.objects.update_or_create(
        name=name,
        base=base,
        defaults={
            "version": version,
            "built_at": now,
            "content_type": built.content_type,
            "etag": hashlib.sha256(built.body).hexdigest()[:32],
            "body": built.body,
            # mtime=0: the same feed always compresses to the same bytes.
            "gzipped": gzip.compress(built.body, compresslevel=6, mtime=0),
        },
    )
    return snapshot


def is_current(snapshot: FeedSnapshot, version: int, now: datetime.datetime) -> bool:
    return snapshot.version == version and now - snapshot.built_at < MAX_AGE


def snapshot_for(name: str, base: str) -> FeedSnapshot:
    """The stored feed, with the current version read in the same query; built if out of date."""
    now = timezone.now()
    found = (
        FeedSnapshot.objects.filter(name=name, base=base)
        .annotate(current=Subquery(FeedVersion.objects.values("number")[:1]))
        .first()
    )
    if found is None:
        return store(name, base, current_version(), now)
    version = found.current or 0
    if is_current(found, version, now):
        return found
    return store(name, base, version, now)


# --- Keeping them current ------------------------------------------------------------


@task()
def rebuild_public_feeds() -> int:
    """Rebuild every stored feed that is out of date; how many were rebuilt."""
    now = timezone.now()
    version = current_version()
    rebuilt = 0
    for snapshot in FeedSnapshot.objects.only("name", "base", "version", "built_at"):
        if is_current(snapshot, version, now):
            continue
        try:
            store(snapshot.name, snapshot.base, version, now)
        except Http404:
            # The group is no longer public: nobody may read its calendar any more.
            FeedSnapshot.objects.filter(pk=snapshot.pk).delete()
        rebuilt += 1
    return rebuilt


def rebuild_all() -> int:
    """Rebuild every stored feed now (the daily round: next dates move on)."""
    FeedSnapshot.objects.update(built_at=timezone.now() - MAX_AGE)
    return rebuild_public_feeds.call()


def data_changed(**kwargs: Any) -> None:
    """Something a public feed shows changed: stored feeds are out of date from now on."""
    if not FeedVersion.objects.filter(pk=1).update(number=F("number") + 1):
        FeedVersion.objects.get_or_create(pk=1, defaults={"number": 1})
    transaction.on_commit(_queue_rebuild)


def _queue_rebuild() -> None:
    # Nothing stored, nothing to rebuild: the first request builds it.
    if FeedSnapshot.objects.exists():
        keep_one_waiting(rebuild_public_feeds, timezone.now())


def connect_signals() -> None:
    for model in (SupportGroup, ScheduleException, Venue, Organization):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"feeds-{model.__name__}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"feeds-del-{model.__name__}")
