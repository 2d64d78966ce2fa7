"""Refused pages and failed sign-ins are counted; the trail holds only a few events of a flood."""

import threading
import time
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve

from circles.accounts.actions import (
    audit_repeated,
    audit_sign_in_trouble,
    record_refused_access,
)
from circles.accounts.auditchain import verify_audit_chain
from circles.accounts.middleware import RefusedAccessAuditMiddleware
from circles.accounts.models import AuditEvent, AuditTally, Membership, Organization, User
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_a_thousand_refused_pages_write_a_handful_of_events(
    participant: User, riverside: Organization, rf: RequestFactory
) -> None:
    # One real refusal through the whole stack, then 999 more straight to the
    # middleware (a thousand full requests would take the test half a minute).
    assert client_for(participant).get("/o/riverside/settings/").status_code == 403
    middleware = RefusedAccessAuditMiddleware(lambda request: HttpResponse())
    request = rf.get("/o/riverside/settings/")
    request.user = participant
    request.membership = Membership.objects.get(user=participant)  # type: ignore[attr-defined]
    request.resolver_match = resolve(request.path)
    for _ in range(999):
        middleware.process_exception(request, PermissionDenied())

    events = list(AuditEvent.objects.filter(action__startswith="access.refused").order_by("id"))
    assert [(e.action, e.detail.get("count")) for e in events] == [
        ("access.refused", None),
        ("access.refused.repeated", 10),
        ("access.refused.repeated", 100),
        ("access.refused.repeated", 1000),
    ]
    assert all(e.actor_id == participant.pk for e in events)
    tally = AuditTally.objects.get()
    assert tally.occurrences == 1000
    assert tally.subject == f"user {participant.pk}"
    assert tally.organization_id == riverside.pk
    assert verify_audit_chain() == []


def test_each_person_and_page_kind_is_counted_apart(
    participant: User, specialist: User, riverside: Organization
) -> None:
    client_for(participant).get("/o/riverside/settings/")
    client_for(participant).get("/o/riverside/settings/")
    client_for(participant).get("/o/riverside/members/")
    client_for(specialist).get("/o/riverside/settings/")

    assert AuditEvent.objects.filter(action="access.refused").count() == 3
    assert sorted(AuditTally.objects.values_list("occurrences", flat=True)) == [1, 1, 2]


def test_a_refused_path_keeps_no_receipt_or_token(db: Any, rf: RequestFactory) -> None:
    request = rf.get("/complaints/K7QM-2XPA/")
    request.user = AnonymousUser()
    request.resolver_match = resolve("/")

    record_refused_access(request, None)

    assert AuditEvent.objects.get(action="access.refused").object_id == "/complaints/…/"


def test_made_up_addresses_add_to_one_count(db: Any) -> None:
    for n in range(150):
        audit_sign_in_trouble("login.failed", f"nobody-{n}@example.org", None)

    assert AuditEvent.objects.filter(action="login.failed").count() == 1
    assert AuditEvent.objects.filter(action="login.failed.repeated").count() == 2
    tally = AuditTally.objects.get(action="login.failed")
    assert (tally.subject, tally.occurrences) == ("unknown account", 150)


def test_failed_sign_ins_are_counted_per_account(participant: User) -> None:
    for _ in range(3):
        Client().post(
            "/accounts/login/", {"login": "participant@example.org", "password": "not it"}
        )

    event = AuditEvent.objects.get(action="login.failed")
    assert event.object_id == str(participant.pk)
    tally = AuditTally.objects.get(action="login.failed")
    assert (tally.subject, tally.occurrences) == (f"account {participant.pk}", 3)


def _count_waiting_for_sqlite() -> None:
    for _ in range(500):
        try:
            audit_repeated("test.flood", subject="someone", target="somewhere")
            return
        except OperationalError as exc:
            # The in-memory SQLite test database fails a second writer at once
            # ("table is locked") instead of waiting, as a database file would.
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.002)
    raise AssertionError("Could not get the SQLite write lock.")


def test_simultaneous_repeats_lose_no_count(transactional_db: Any) -> None:
    threads, per_thread = 4, 30
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def flood() -> None:
        try:
            start.wait()
            for _ in range(per_thread):
                _count_waiting_for_sqlite()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=flood) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert AuditTally.objects.get().occurrences == threads * per_thread
    assert sorted(
        AuditEvent.objects.filter(action__startswith="test.flood").values_list("action", flat=True)
    ) == ["test.flood", "test.flood.repeated", "test.flood.repeated"]
