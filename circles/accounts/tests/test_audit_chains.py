"""Chains per organisation, keyed hashes, anonymous chains and checkpoints."""

import hashlib
import json
import threading
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.auditchain import verify_audit_chain
from circles.accounts.models import (
    AnonymousAuditEvent,
    AuditEvent,
    Organization,
    User,
)
from circles.lib.hashchain import GENESIS_HASH

pytestmark = pytest.mark.django_db


def raw_sql(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def sha256_of(fields: dict[str, Any]) -> str:
    """The plain hash an attacker without the key could compute, written out independently."""
    return hashlib.sha256(
        json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()


def checkpoint(tmp_path: Path) -> Path:
    path = tmp_path / "checkpoint.json"
    call_command("audit_checkpoint", output=str(path), stdout=StringIO(), stderr=StringIO())
    return path


def verify_with(path: Path) -> str:
    out = StringIO()
    call_command("verify_audit_chain", checkpoint=str(path), stdout=out, stderr=StringIO())
    return out.getvalue()


def verify_with_failing(path: Path | None = None) -> str:
    err = StringIO()
    options = {"checkpoint": str(path)} if path else {}
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit_chain", stdout=StringIO(), stderr=err, **options)
    assert failure.value.returncode != 0
    return err.getvalue()


@pytest.fixture
def two_organisations(riverside: Organization, lakeshore: Organization) -> dict[str, list[Any]]:
    events: dict[str, list[Any]] = {"riverside": [], "lakeshore": [], "none": []}
    for n in range(3):
        events["riverside"].append(audit(f"river.{n}", organization=riverside))
        events["lakeshore"].append(audit(f"lake.{n}", organization=lakeshore))
        events["none"].append(audit(f"none.{n}"))
    return events


# One chain per organisation ---------------------------------------------------------


def test_each_organisation_has_its_own_chain(
    two_organisations: dict[str, list[AuditEvent]], riverside: Organization
) -> None:
    river = two_organisations["riverside"]

    assert {event.chain for event in river} == {f"org-{riverside.pk}"}
    assert {event.chain for event in two_organisations["none"]} == {"none"}
    for events in two_organisations.values():
        # Each chain starts on its own and links only its own events, although
        # the three were written interleaved.
        assert events[0].prev_hash == GENESIS_HASH
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert verify_audit_chain() == []


def test_a_removed_event_breaks_only_its_own_chain(
    two_organisations: dict[str, list[AuditEvent]],
) -> None:
    river = two_organisations["riverside"]
    raw_sql("DELETE FROM accounts_auditevent WHERE id = %s", [river[1].pk])

    assert verify_audit_chain() == [
        f"Event {river[2].pk} does not follow the event before it: "
        "a row before it was deleted or edited."
    ]


# Keyed hashes ---------------------------------------------------------------------------


def test_the_hash_is_keyed_not_plain_sha256(riverside: Organization) -> None:
    event = audit("step", organization=riverside)

    assert event.hash != sha256_of(event.payload())
    with override_settings(AUDIT_KEYS=["another-key-entirely-0123456789abcdef"]):
        assert event.compute_hash() != event.hash


def test_an_edit_with_every_plain_sha256_recomputed_is_found(
    two_organisations: dict[str, list[AuditEvent]],
) -> None:
    """Someone with write access but no key edits an event and rebuilds the chain after it."""
    river = [AuditEvent.objects.get(pk=e.pk) for e in two_organisations["riverside"]]
    river[1].action = "nothing.happened"
    prev = river[0].hash
    for event in river[1:]:
        event.prev_hash = prev
        event.hash = sha256_of(event.payload())
        raw_sql(
            "UPDATE accounts_auditevent SET action = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [event.action, event.prev_hash, event.hash, event.pk],
        )
        prev = event.hash

    problems = verify_audit_chain()

    assert problems == [f"Event {e.pk} was edited after it was written." for e in river[1:]]


def test_an_edit_sealed_with_a_guessed_key_is_found(riverside: Organization) -> None:
    audit("first", organization=riverside)
    event = AuditEvent.objects.get(pk=audit("second", organization=riverside).pk)
    event.action = "nothing.happened"
    with override_settings(AUDIT_KEYS=["a-guess-at-the-key-0123456789abcdef"]):
        forged = event.compute_hash()
    raw_sql(
        "UPDATE accounts_auditevent SET action = %s, hash = %s WHERE id = %s",
        [event.action, forged, event.pk],
    )

    assert verify_audit_chain() == [f"Event {event.pk} was edited after it was written."]


def test_older_keys_still_verify_after_a_new_key_is_put_first(riverside: Organization) -> None:
    old_key, new_key = "the-old-audit-key-0123456789abcdef", "the-new-audit-key-0123456789abcdef"
    with override_settings(AUDIT_KEYS=[old_key]):
        audit("before", organization=riverside)
    with override_settings(AUDIT_KEYS=[new_key, old_key]):
        audit("after", organization=riverside)
        assert verify_audit_chain() == []
    with override_settings(AUDIT_KEYS=[new_key]):
        before = AuditEvent.objects.get(action="before")
        assert verify_audit_chain() == [f"Event {before.pk} was edited after it was written."]


# Anonymous events --------------------------------------------------------------------------


def test_anonymous_events_keep_no_place_among_timed_ones(
    riverside: Organization, admin: User
) -> None:
    first = audit("before", actor=admin, organization=riverside)
    anonymous = audit("complaint.received", organization=riverside, anonymous=True)
    second = audit("after", actor=admin, organization=riverside)

    # Their own table (own ids) and their own chain: nothing timed points at them.
    assert not AuditEvent.objects.filter(action="complaint.received").exists()
    assert second.prev_hash == first.hash
    assert anonymous.chain == f"org-{riverside.pk}/anonymous"
    assert anonymous.prev_hash == GENESIS_HASH
    stored = AnonymousAuditEvent.objects.get()
    assert stored.day == timezone.now().date()
    # No column could hold a person, a request or a time of day.
    columns = {field.name for field in AnonymousAuditEvent._meta.get_fields()}
    assert not columns & {"created", "actor_id", "request_id"}
    assert verify_audit_chain() == []


def test_an_edited_anonymous_event_is_found(riverside: Organization) -> None:
    event = audit("complaint.received", organization=riverside, anonymous=True)
    raw_sql(
        "UPDATE accounts_anonymousauditevent SET object_id = %s WHERE id = %s", ["99", event.pk]
    )

    assert verify_audit_chain() == [f"Anonymous event {event.pk} was edited after it was written."]


# Checkpoints --------------------------------------------------------------------------------


def test_checkpoint_prints_each_chains_newest_event(
    two_organisations: dict[str, list[AuditEvent]], riverside: Organization
) -> None:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)

    heads = {head["chain"]: head for head in json.loads(out.getvalue())["chains"]}
    newest = two_organisations["riverside"][-1]
    assert heads[f"org-{riverside.pk}"] == {
        "chain": f"org-{riverside.pk}",
        "id": newest.pk,
        "hash": newest.hash,
        "time": newest.created.isoformat(),
    }
    assert len(heads) == 3


def test_a_clean_trail_reaches_its_checkpoint(
    two_organisations: dict[str, list[AuditEvent]], riverside: Organization, tmp_path: Path
) -> None:
    path = checkpoint(tmp_path)
    audit("later", organization=riverside)

    out = verify_with(path)

    assert "Every chain still reaches the newest event recorded in the checkpoint" in out
    assert "(3 chains)" in out


def test_removing_the_newest_events_is_found_with_a_checkpoint(
    two_organisations: dict[str, list[AuditEvent]], riverside: Organization, tmp_path: Path
) -> None:
    path = checkpoint(tmp_path)
    river = two_organisations["riverside"]
    raw_sql("DELETE FROM accounts_auditevent WHERE id >= %s", [river[-1].pk])
    raw_sql("DELETE FROM accounts_auditevent WHERE id = %s", [river[-2].pk])
    # What is left is a valid chain: only the checkpoint shows the loss.
    assert verify_audit_chain() == []

    problems = verify_with_failing(path)

    assert (
        f"Chain org-{riverside.pk} no longer reaches event {river[-1].pk}, its newest event "
        "when the checkpoint was written: events were removed."
    ) in problems


def test_a_rewritten_newest_event_is_found_with_a_checkpoint(
    two_organisations: dict[str, list[AuditEvent]], riverside: Organization, tmp_path: Path
) -> None:
    """Even someone who holds the key cannot rewrite what a checkpoint recorded."""
    path = checkpoint(tmp_path)
    newest = AuditEvent.objects.get(pk=two_organisations["riverside"][-1].pk)
    newest.action = "nothing.happened"
    raw_sql(
        "UPDATE accounts_auditevent SET action = %s, hash = %s WHERE id = %s",
        [newest.action, newest.compute_hash(), newest.pk],
    )
    assert verify_audit_chain() == []

    problems = verify_with_failing(path)

    assert f"Chain org-{riverside.pk} no longer reaches event {newest.pk} as recorded" in problems


def test_an_unreadable_checkpoint_is_an_error(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "checkpoint.json"
    path.write_text("not json")

    with pytest.raises(CommandError, match="Cannot read the checkpoint"):
        call_command("verify_audit_chain", checkpoint=str(path), stdout=StringIO())


def test_checkpoints_and_counts_give_anonymous_chains_only_up_to_yesterday(
    riverside: Organization, tmp_path: Path
) -> None:
    """Notes taken several times a day would show between two of them when one was written."""
    today = timezone.now().date()
    yesterday = audit("complaint.received", organization=riverside, anonymous=True)
    raw_sql(
        "UPDATE accounts_anonymousauditevent SET day = %s WHERE id = %s",
        [today - timedelta(days=1), yesterday.pk],
    )
    # The day is part of what is hashed; rewrite it as if written yesterday.
    moved = AnonymousAuditEvent.objects.get(pk=yesterday.pk)
    raw_sql(
        "UPDATE accounts_anonymousauditevent SET hash = %s WHERE id = %s",
        [moved.compute_hash(), moved.pk],
    )
    audit("complaint.read_by_complainant", organization=riverside, anonymous=True)

    heads = json.loads(Path(checkpoint(tmp_path)).read_text())["chains"]
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)

    assert heads == [
        {
            "chain": f"org-{riverside.pk}/anonymous",
            "id": moved.pk,
            "hash": moved.compute_hash(),
            "time": (today - timedelta(days=1)).isoformat(),
        }
    ]
    assert "0 events and 1 anonymous event before today." in out.getvalue()


# Appends wait only for their own chain ---------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway"
)
def test_an_append_waits_for_its_own_chain_only(transactional_db: Any) -> None:
    riverside = Organization.objects.create(name="Riverside", slug="riverside")
    lakeshore = Organization.objects.create(name="Lakeshore", slug="lakeshore")
    audit("first", organization=riverside)
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_riverside_chain() -> None:
        try:
            with transaction.atomic():
                audit("slow", organization=riverside)
                holding.set()
                release.wait(10)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_riverside_chain)
    holder.start()
    try:
        assert holding.wait(10)
        with transaction.atomic():
            raw_sql("SET LOCAL lock_timeout = '300ms'", [])
            audit("meanwhile", organization=lakeshore)  # another chain: no wait
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            raw_sql("SET LOCAL lock_timeout = '300ms'", [])
            audit("blocked", organization=riverside)  # the same chain: waits
    finally:
        release.set()
        holder.join()

    assert errors == []
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "first",
        "slow",
        "meanwhile",
    ]
    assert verify_audit_chain() == []
