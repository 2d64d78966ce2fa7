"""Nothing ties an anonymous concern, or what its author added, to a time finer than its date.

Not the task queue, not a log line, not the cache, not any row of any table, even
after the worker has told the handler. (A task per concern used to keep the
concern's id beside the moment it was queued, to the microsecond, for ever.)
"""

import base64
import datetime
import importlib
import json
import logging
import pickle
import re
from typing import Any
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from circles.accounts.models import Organization, User
from circles.feedback.actions import submit_complaint
from circles.feedback.models import Complaint, ComplaintMessage
from circles.feedback.tasks import notify_complaint

pytestmark = pytest.mark.django_db(transaction=True)

# Ids nothing else in the database could hold by chance.
COMPLAINT_ID = 7301946
MESSAGE_ID = 8402957
TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?")


def start_ids_at(model: type[Model], first: int) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, first]
            )
        else:
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, first - 1]
            )


def _decoded(table: str, row: dict[str, Any]) -> str:
    """What a row says once its encodings are undone (sessions and cache values)."""
    extra = ""
    if table == "django_session":
        extra = json.dumps(SessionStore().decode(row["session_data"]), default=str)
    elif "value" in row and "cache_key" in row:
        extra = repr(pickle.loads(base64.b64decode(row["value"])))
    return " ".join(str(v) for v in row.values()) + " " + extra


def _times_of_day(value: Any) -> list[tuple[int, int, int, int]]:
    if isinstance(value, datetime.datetime):
        return [(value.hour, value.minute, value.second, value.microsecond)]
    found = []
    for match in TIME.finditer(str(value)):
        hour, minute, second, fraction = match.groups()
        found.append((int(hour), int(minute), int(second), int(fraction or 0)))
    return found


def _mentions(text: str, number: int) -> bool:
    return re.search(rf"(?<!\d){number}(?!\d)", text) is not None


def rows_tying_to_a_time(numbers: list[int]) -> list[str]:
    """Every row of every table that holds one of ``numbers`` and a time of day."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            names = [column[0] for column in cursor.description]
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                text = _decoded(table, row)
                if not any(_mentions(text, n) for n in numbers):
                    continue
                times = [t for v in row.values() for t in _times_of_day(v)]
                times += _times_of_day(text)
                if any(t != (0, 0, 0, 0) for t in times):
                    found.append(f"{table}: {row}")
    # The cache (in memory for the tests, a table in production): keys and values.
    for key, value in getattr(cache, "_cache", {}).items():
        text = f"{key} {pickle.loads(value)!r}"
        if any(_mentions(text, n) for n in numbers):
            found.append(f"cache: {key}")
    return found


def test_after_the_worker_has_told_the_handler_no_trace_has_a_time_of_day(
    riverside: Organization,
    supervisor: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    start_ids_at(Complaint, COMPLAINT_ID)
    start_ids_at(ComplaintMessage, MESSAGE_ID)

    client = Client()
    response = client.post(
        reverse("complaint_new") + "?org=riverside",
        {"about": "organization", "text": "The door was locked again.", "contact": "no"},
    )
    assert response.status_code == 302
    page = client.get(reverse("complaint_sent")).content.decode()
    receipt = re.search(r'id="receipt-code">([A-Z0-9-]+)<', page).group(1)  # type: ignore[union-attr]
    followup = reverse("complaint_followup", args=[receipt])
    response = client.post(followup, {"more": "And nobody answered."}, follow=True)
    assert response.status_code == 200
    assert Complaint.objects.get().pk == COMPLAINT_ID
    assert ComplaintMessage.objects.get().pk == MESSAGE_ID

    # The worker starts today: the handler is not told yet (an email now would say when).
    call_command("release_feedback", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=2)
    assert not mail.outbox
    # Once the day is over, the worker's hourly release tells them, once.
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=2)
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
    assert f"/complaints/{COMPLAINT_ID}/" in mail.outbox[0].body

    assert rows_tying_to_a_time([COMPLAINT_ID, MESSAGE_ID]) == []
    for record in caplog.records:
        line = record.getMessage()
        assert not _mentions(line, COMPLAINT_ID) and not _mentions(line, MESSAGE_ID), line


def test_the_search_finds_a_task_that_names_a_concern(riverside: Organization) -> None:
    # What the search above is for: the task row a concern once queued.
    notify_complaint.enqueue(COMPLAINT_ID, "new")
    found = rows_tying_to_a_time([COMPLAINT_ID])
    assert len(found) == 1 and found[0].startswith("django_tasks_database_dbtaskresult")


def test_upgrading_removes_the_task_rows_that_named_a_concern(
    riverside: Organization, supervisor: User
) -> None:
    migration = importlib.import_module(
        "circles.feedback.migrations.0003_forget_tasks_that_named_a_concern"
    )
    waiting = submit_complaint(riverside, about="organization", text="Cold.").complaint
    told = submit_complaint(riverside, about="organization", text="Dark.").complaint
    Complaint.objects.update(notify="", notify_after=None)  # as rows from before the release
    notify_complaint.enqueue(waiting.pk, "new")
    notify_complaint.enqueue(told.pk, "new")
    DBTaskResult.objects.filter(args_kwargs__args=[told.pk, "new"]).update(status="SUCCESSFUL")
    notify_complaint.enqueue(told.pk, "assigned")  # a staff act may keep its task

    migration.forget_tasks_that_named_a_concern(apps, None)

    left = DBTaskResult.objects.values_list("args_kwargs", flat=True)
    assert list(left) == [{"args": [told.pk, "assigned"], "kwargs": {}}]
    waiting.refresh_from_db()
    told.refresh_from_db()
    assert (waiting.notify, waiting.notify_after) == ("new", waiting.received_on)
    assert told.notify == ""
