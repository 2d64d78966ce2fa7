"""Reading the audit trail back: is every chain whole, and where does each one end.

Every organisation has its own chain of events, events of no organisation
another, and anonymous events chains of their own (see ``actions.audit``). Events
written before that form one global chain of plain SHA-256 hashes, the
"legacy" chain; the first keyed event of the "none" chain follows its newest
event, which seals it under the key.
"""

import json
from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Max, QuerySet
from django.utils import timezone

from circles.accounts.models import (
    LEGACY_CHAIN,
    AnonymousAuditEvent,
    AuditEvent,
    AuditRecord,
    chain_for,
)
from circles.lib.hashchain import GENESIS_HASH

ANCHOR_CHAIN = chain_for(None)


@dataclass(frozen=True)
class ChainHead:
    chain: str
    id: int
    hash: str
    time: str


def verify_audit_chain() -> list[str]:
    """Walk every chain from its start; return one plain sentence per problem found."""
    problems: list[str] = []
    legacy_head = _walk(
        AuditEvent.objects.filter(chain=LEGACY_CHAIN), "Event", problems, legacy_head=None
    )
    anchored = _walk(AuditEvent.objects.exclude(chain=LEGACY_CHAIN), "Event", problems, legacy_head)
    if legacy_head is not None and anchored is None:
        problems.append(
            "The events written before chains per organisation are no longer sealed: "
            f"the first event of the {ANCHOR_CHAIN!r} chain, which follows them, is missing."
        )
    _walk(AnonymousAuditEvent.objects.all(), "Anonymous event", problems, legacy_head=None)
    return problems


def _walk(
    events: "QuerySet[AuditEvent] | QuerySet[AnonymousAuditEvent]",
    label: str,
    problems: list[str],
    legacy_head: str | None,
) -> str | None:
    """Check each chain in ``events`` on its own.

    Returns the newest hash of the legacy chain when walking it, or of the
    anchor chain otherwise (None when there is none).
    """
    chain, expected_prev, end = None, GENESIS_HASH, None
    event: AuditRecord
    for event in events.order_by("chain", "id").iterator(chunk_size=2000):
        if event.chain != chain:
            chain = event.chain
            # The chain of events of no organisation starts where the legacy chain ends.
            start = legacy_head if chain == ANCHOR_CHAIN and legacy_head else GENESIS_HASH
            expected_prev = start
        if event.prev_hash != expected_prev:
            problems.append(
                f"{label} {event.id} does not follow the event before it: "
                "a row before it was deleted or edited."
            )
        if not event.hash_is_valid():
            problems.append(f"{label} {event.id} was edited after it was written.")
        expected_prev = event.hash
        if chain in (LEGACY_CHAIN, ANCHOR_CHAIN):
            end = event.hash
    return end


def chain_heads(today: date | None = None) -> list[ChainHead]:
    """The newest event of every chain, for the admin to keep where the database's
    administrators cannot change it.

    Anonymous chains are given as they stood at the end of yesterday: heads
    noted several times a day would tell, between two notes, when an anonymous
    event was written.
    """
    today = today or timezone.now().date()
    timed = AuditEvent.objects.filter(
        id__in=AuditEvent.objects.order_by().values("chain").annotate(last=Max("id")).values("last")
    )
    past = AnonymousAuditEvent.objects.filter(day__lt=today)
    anonymous = AnonymousAuditEvent.objects.filter(
        id__in=past.order_by().values("chain").annotate(last=Max("id")).values("last")
    )
    heads = [
        ChainHead(e.chain, e.id, e.hash, e.created.isoformat()) for e in timed.order_by("chain")
    ]
    heads += [
        ChainHead(e.chain, e.id, e.hash, e.day.isoformat()) for e in anonymous.order_by("chain")
    ]
    return heads


def checkpoint_json(heads: list[ChainHead]) -> str:
    return json.dumps(
        {"written": timezone.now().isoformat(), "chains": [asdict(head) for head in heads]},
        indent=2,
    )


class CheckpointError(ValueError):
    pass


def read_checkpoint(text: str) -> list[ChainHead]:
    try:
        data = json.loads(text)
        heads = [
            ChainHead(str(item["chain"]), int(item["id"]), str(item["hash"]), str(item["time"]))
            for item in data["chains"]
        ]
    except (ValueError, TypeError, KeyError) as exc:
        raise CheckpointError(
            "The checkpoint file is not one that audit_checkpoint wrote."
        ) from exc
    return heads


def compare_with_checkpoint(heads: list[ChainHead]) -> list[str]:
    """One sentence per chain that no longer reaches the head recorded for it."""
    problems = []
    for head in heads:
        model = AnonymousAuditEvent if head.chain.endswith("/anonymous") else AuditEvent
        stored = model.objects.filter(pk=head.id).values_list("chain", "hash").first()
        if stored is None:
            problems.append(
                f"Chain {head.chain} no longer reaches event {head.id}, its newest event "
                "when the checkpoint was written: events were removed."
            )
        elif stored != (head.chain, head.hash):
            problems.append(
                f"Chain {head.chain} no longer reaches event {head.id} as recorded in the "
                "checkpoint: the event was changed or the chain rewritten."
            )
    return problems
