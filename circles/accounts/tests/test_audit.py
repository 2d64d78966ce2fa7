import json
import threading
import time
from collections.abc import Callable
from io import StringIO
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.test import Client

from circles.accounts.actions import audit
from circles.accounts.auditchain import verify_audit_chain
from circles.accounts.models import AppendOnlyError, AuditEvent, Membership, Organization, User
from circles.lib.hashchain import GENESIS_HASH
from circles.lib.middleware import request_id_var
from circles.testing.fixtures import client_for


def stored(event: AuditEvent) -> AuditEvent:
    return AuditEvent.objects.get(pk=event.pk)


def verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_audit_chain", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def verify_expecting_failure() -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain", stdout=StringIO(), stderr=err)
    return str(failure.value), err.getvalue()


def raw_sql(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def chain(db: Any) -> list[AuditEvent]:
    return [audit(f"step.{n}", object_type="test", object_id=n) for n in range(4)]


# What an event records ---------------------------------------------------------


@pytest.mark.django_db
def test_audit_records_who_did_what_where_and_in_which_request(
    admin: User, riverside: Organization
) -> None:
    membership = Membership.objects.get(user=admin)
    token = request_id_var.set("request-0123456789")
    try:
        event = audit(
            "membership.role_changed",
            actor=admin,
            organization=riverside,
            obj=membership,
            detail={"from": "specialist", "to": "admin"},
        )
    finally:
        request_id_var.reset(token)

    saved = stored(event)
    assert saved.actor_id == admin.pk
    assert saved.organization_id == riverside.pk
    assert saved.action == "membership.role_changed"
    assert saved.object_type == "accounts.membership"
    assert saved.object_id == str(membership.pk)
    assert saved.request_id == "request-0123456789"
    assert saved.detail == {"from": "specialist", "to": "admin"}


@pytest.mark.django_db
def test_refused_page_is_audited_with_the_request_id_the_proxy_sent(
    participant: User, riverside: Organization
) -> None:
    response = client_for(participant).get(
        "/o/riverside/settings/", headers={"X-Request-ID": "proxy-trace-4242"}
    )

    assert response.status_code == 403
    assert response["X-Request-ID"] == "proxy-trace-4242"
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor_id == participant.pk
    assert event.organization_id == riverside.pk
    assert event.object_type == "path"
    assert event.object_id == "/o/riverside/settings/"
    assert event.request_id == "proxy-trace-4242"


@pytest.mark.django_db
def test_failed_sign_in_event_carries_the_id_of_its_request(participant: User) -> None:
    response = Client().post(
        "/accounts/login/", {"login": "participant@example.org", "password": "not it"}
    )

    event = AuditEvent.objects.get(action="login.failed")
    assert event.actor_id is None
    assert event.object_id == str(participant.pk)
    assert event.request_id == response["X-Request-ID"]
    assert len(event.request_id) == 32


# The chain ---------------------------------------------------------------------


def test_each_event_holds_the_hash_of_the_one_before(chain: list[AuditEvent]) -> None:
    events = list(AuditEvent.objects.order_by("id"))

    assert [event.action for event in events] == ["step.0", "step.1", "step.2", "step.3"]
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(events):
        assert after.prev_hash == before.hash
    assert all(event.hash == event.compute_hash() for event in events)
    assert len({event.hash for event in events}) == len(events)


# Append-only through every ORM path ---------------------------------------------


def _edit_and_save(event: AuditEvent) -> None:
    event.action = "nothing.happened"
    event.save()


def _save_update_fields(event: AuditEvent) -> None:
    event.action = "nothing.happened"
    event.save(update_fields=["action"])


def _async_save(event: AuditEvent) -> None:
    event.action = "nothing.happened"
    async_to_sync(event.asave)()


def _new_instance_with_existing_id(event: AuditEvent) -> None:
    AuditEvent(
        pk=event.pk,
        created=event.created,
        action="nothing.happened",
        prev_hash=event.prev_hash,
        hash=event.hash,
    ).save()


def _queryset_update(event: AuditEvent) -> None:
    AuditEvent.objects.filter(pk=event.pk).update(action="nothing.happened")


def _manager_update(event: AuditEvent) -> None:
    AuditEvent.objects.update(action="nothing.happened")


def _values_queryset_update(event: AuditEvent) -> None:
    AuditEvent.objects.filter(pk=event.pk).values("id").update(action="nothing.happened")


def _async_update(event: AuditEvent) -> None:
    async_to_sync(AuditEvent.objects.filter(pk=event.pk).aupdate)(action="nothing.happened")


def _base_manager_update(event: AuditEvent) -> None:
    AuditEvent._base_manager.filter(pk=event.pk).update(action="nothing.happened")


def _bulk_update(event: AuditEvent) -> None:
    event.action = "nothing.happened"
    AuditEvent.objects.bulk_update([event], ["action"])


def _update_or_create(event: AuditEvent) -> None:
    AuditEvent.objects.update_or_create(pk=event.pk, defaults={"action": "nothing.happened"})


def _bulk_create_upsert(event: AuditEvent) -> None:
    AuditEvent.objects.bulk_create(
        [AuditEvent(pk=event.pk, action="nothing.happened", prev_hash="x", hash="y")],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["action"],
    )


def _instance_delete(event: AuditEvent) -> None:
    event.delete()


def _async_instance_delete(event: AuditEvent) -> None:
    async_to_sync(event.adelete)()


def _queryset_delete(event: AuditEvent) -> None:
    AuditEvent.objects.filter(pk=event.pk).delete()


def _all_delete(event: AuditEvent) -> None:
    AuditEvent.objects.all().delete()


def _async_queryset_delete(event: AuditEvent) -> None:
    async_to_sync(AuditEvent.objects.filter(pk=event.pk).adelete)()


def _base_manager_delete(event: AuditEvent) -> None:
    AuditEvent._base_manager.filter(pk=event.pk).delete()


CHANGES: dict[str, Callable[[AuditEvent], None]] = {
    "instance.save()": _edit_and_save,
    "instance.save(update_fields=...)": _save_update_fields,
    "instance.asave()": _async_save,
    "a new instance with an existing id": _new_instance_with_existing_id,
    "QuerySet.update()": _queryset_update,
    "Manager.update()": _manager_update,
    "values().update()": _values_queryset_update,
    "QuerySet.aupdate()": _async_update,
    "_base_manager.update()": _base_manager_update,
    "bulk_update()": _bulk_update,
    "update_or_create()": _update_or_create,
    "bulk_create(update_conflicts=True)": _bulk_create_upsert,
    "instance.delete()": _instance_delete,
    "instance.adelete()": _async_instance_delete,
    "QuerySet.delete()": _queryset_delete,
    "all().delete()": _all_delete,
    "QuerySet.adelete()": _async_queryset_delete,
    "_base_manager.delete()": _base_manager_delete,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_no_orm_path_changes_or_removes_an_event(
    chain: list[AuditEvent], change: Callable[[AuditEvent], None]
) -> None:
    target = stored(chain[1])

    # A savepoint, as a view's own transaction would have: some paths fail
    # inside Django's atomic blocks, which would otherwise spoil the test's.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        change(target)

    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "step.0",
        "step.1",
        "step.2",
        "step.3",
    ]
    assert verify_audit_chain() == []


def test_loaddata_cannot_overwrite_an_event(chain: list[AuditEvent], tmp_path: Path) -> None:
    target = chain[1]
    fixture = tmp_path / "events.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "accounts.auditevent",
                    "pk": target.pk,
                    "fields": {
                        "created": target.created.isoformat(),
                        "action": "nothing.happened",
                        "prev_hash": target.prev_hash,
                        "hash": target.hash,
                    },
                }
            ]
        )
    )

    with pytest.raises(AppendOnlyError):
        call_command("loaddata", str(fixture), verbosity=0)

    assert stored(target).action == "step.1"


@pytest.mark.django_db
def test_deleting_the_people_and_organisation_involved_keeps_their_events(
    admin: User, riverside: Organization
) -> None:
    event = audit("organization.updated", actor=admin, organization=riverside, obj=riverside)

    admin.delete()
    riverside.delete()

    assert stored(event).actor_id is not None
    assert stored(event).organization_id is not None
    assert verify_audit_chain() == []


# The verify command ---------------------------------------------------------------


def test_verify_reports_an_untouched_chain_as_intact(chain: list[AuditEvent]) -> None:
    out, err = verify()

    assert "The audit trail is intact: 4 events." in out
    assert f"Chain none: newest event {chain[-1].pk}, hash {chain[-1].hash}." in out
    assert err == ""


@pytest.mark.django_db
def test_verify_counts_a_single_event_plainly() -> None:
    audit("first")
    out, _ = verify()
    assert "The audit trail is intact: 1 event." in out


def test_verify_reports_an_event_edited_with_raw_sql(chain: list[AuditEvent]) -> None:
    raw_sql(
        "UPDATE accounts_auditevent SET action = %s WHERE id = %s",
        ["nothing.happened", chain[2].pk],
    )

    message, problems = verify_expecting_failure()

    assert "The audit trail is not intact: 1 problem found." in message
    assert problems.strip() == f"Event {chain[2].pk} was edited after it was written."


def test_verify_reports_an_edit_even_when_its_hash_was_recomputed(
    chain: list[AuditEvent],
) -> None:
    forged = stored(chain[1])
    forged.action = "nothing.happened"
    raw_sql(
        "UPDATE accounts_auditevent SET action = %s, hash = %s WHERE id = %s",
        [forged.action, forged.compute_hash(), forged.pk],
    )

    _, problems = verify_expecting_failure()

    assert f"Event {chain[2].pk} does not follow the event before it" in problems


@pytest.mark.parametrize("position", [0, 2], ids=["first", "middle"])
def test_verify_reports_an_event_deleted_with_raw_sql(
    chain: list[AuditEvent], position: int
) -> None:
    raw_sql("DELETE FROM accounts_auditevent WHERE id = %s", [chain[position].pk])

    message, problems = verify_expecting_failure()

    assert "The audit trail is not intact: 1 problem found." in message
    assert f"Event {chain[position + 1].pk} does not follow the event before it" in problems


# Concurrency ------------------------------------------------------------------------


def _audit_waiting_for_sqlite(action: str, detail: dict[str, Any]) -> None:
    for _ in range(500):
        try:
            audit(action, detail=detail)
            return
        except OperationalError as exc:
            # The in-memory SQLite test database shares one cache between threads:
            # there a second writer fails at once ("table is locked") rather than
            # waiting for the lock as it does on a database file or PostgreSQL.
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.002)
    raise AssertionError("Could not get the SQLite write lock.")


def test_chain_stays_whole_when_threads_append_at_once(transactional_db: Any) -> None:
    threads, per_thread = 4, 10
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def append(worker: int) -> None:
        try:
            start.wait()
            for n in range(per_thread):
                _audit_waiting_for_sqlite("concurrent", {"worker": worker, "n": n})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=append, args=(w,)) for w in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == threads * per_thread
    assert len({event.prev_hash for event in events}) == len(events), "the chain forked"
    assert verify_audit_chain() == []
    assert sorted((e.detail["worker"], e.detail["n"]) for e in events) == [
        (w, n) for w in range(threads) for n in range(per_thread)
    ]
