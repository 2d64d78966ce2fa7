"""Events written before chains per organisation still verify after the upgrade."""

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from circles.accounts.actions import audit
from circles.accounts.auditchain import verify_audit_chain
from circles.accounts.models import AuditEvent, Organization
from circles.lib.hashchain import GENESIS_HASH

BEFORE = [("accounts", "0005_user_email_about_groups")]


def old_hash(fields: Mapping[str, Any]) -> str:
    """The hash the old code gave an event, written out as it was."""
    payload = json.dumps(
        {
            "prev": fields["prev_hash"],
            "created": fields["created"].astimezone(UTC).isoformat(),
            "actor": fields["actor_id"],
            "organization": fields["organization_id"],
            "action": fields["action"],
            "object_type": fields["object_type"],
            "object_id": fields["object_id"],
            "request_id": fields["request_id"],
            "detail": fields["detail"],
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def raw_sql(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def upgraded(transactional_db: Any) -> list[int]:
    """Old events in one global chain, then the migrations to chains per organisation."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldEvent = executor.loader.project_state(BEFORE).apps.get_model("accounts", "AuditEvent")
    prev, ids = GENESIS_HASH, []
    start = datetime(2026, 10, 1, 9, 30, tzinfo=UTC)
    for n in range(5):
        fields = {
            "created": start + timedelta(minutes=n),
            "actor_id": n or None,
            "organization_id": 1 if n % 2 else None,
            "action": f"old.{n}",
            "object_type": "test",
            "object_id": str(n),
            "request_id": f"request-{n}",
            "detail": {"n": n, "words": "café"},
            "prev_hash": prev,
        }
        prev = old_hash(fields)
        ids.append(OldEvent.objects.create(hash=prev, **fields).pk)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    return ids


def test_old_events_still_verify_after_the_upgrade(upgraded: list[int]) -> None:
    old = list(AuditEvent.objects.filter(pk__in=upgraded).order_by("id"))
    anchor = AuditEvent.objects.get(action="audit.chains_started")

    assert {event.chain for event in old} == {"legacy"}
    assert anchor.chain == "none"
    assert anchor.prev_hash == old[-1].hash
    assert anchor.detail == {"legacy_events": 5, "legacy_head": old[-1].pk}
    assert verify_audit_chain() == []


def test_new_events_after_the_upgrade_verify_with_the_old(upgraded: list[int]) -> None:
    organization = Organization.objects.create(name="Hillside", slug="hillside")
    audit("new.org", organization=organization)
    audit("new.none")

    assert verify_audit_chain() == []
    assert AuditEvent.objects.get(action="new.org").prev_hash == GENESIS_HASH


def test_cutting_the_end_of_the_old_chain_shows(upgraded: list[int]) -> None:
    raw_sql("DELETE FROM accounts_auditevent WHERE id = %s", [upgraded[-1]])
    anchor = AuditEvent.objects.get(action="audit.chains_started")

    assert verify_audit_chain() == [
        f"Event {anchor.pk} does not follow the event before it: "
        "a row before it was deleted or edited."
    ]


def test_rewriting_the_old_chain_without_the_key_shows(upgraded: list[int]) -> None:
    """The old hashes have no key; the keyed event after them still tells."""
    prev = GENESIS_HASH
    for event in AuditEvent.objects.filter(pk__in=upgraded).order_by("id").values():
        event["action"] = "rewritten"
        event["prev_hash"] = prev
        prev = old_hash(event)
        raw_sql(
            "UPDATE accounts_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
            ["rewritten", event["prev_hash"], prev, event["id"]],
        )

    problems = verify_audit_chain()

    anchor = AuditEvent.objects.get(action="audit.chains_started")
    assert problems == [
        f"Event {anchor.pk} does not follow the event before it: "
        "a row before it was deleted or edited."
    ]


def test_removing_the_seal_on_the_old_chain_shows(upgraded: list[int]) -> None:
    raw_sql("DELETE FROM accounts_auditevent WHERE action = %s", ["audit.chains_started"])

    assert verify_audit_chain() == [
        "The events written before chains per organisation are no longer sealed: "
        "the first event of the 'none' chain, which follows them, is missing."
    ]
