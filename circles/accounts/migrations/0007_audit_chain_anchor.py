"""Seal the events written before chains per organisation under the audit key.

Those events form one global chain of plain SHA-256 hashes, which anyone who can
write to the database could recompute. The first event of the keyed chain for
events of no organisation records where that old chain ends (its prev_hash is
the old chain's newest hash, and it is hashed with the key), so cutting or
rewriting the old chain afterwards shows.
"""

from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations
from django.utils import timezone

from circles.lib.hashchain import keyed_hash


def anchor_legacy_chain(apps: Any, schema_editor: Any) -> None:
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    legacy = AuditEvent.objects.filter(chain="legacy")
    head = legacy.order_by("-id").values_list("id", "hash").first()
    if head is None:
        return
    if not settings.AUDIT_KEYS:
        raise ImproperlyConfigured("Set CIRCLES_AUDIT_KEYS before this migration: it seals old events.")
    event = AuditEvent(
        chain="none",
        created=timezone.now(),
        actor_id=None,
        organization_id=None,
        action="audit.chains_started",
        object_type="",
        object_id="",
        request_id="",
        detail={"legacy_events": legacy.count(), "legacy_head": head[0]},
        prev_hash=head[1],
    )
    # The same fields, in the same form, as AuditEvent.payload() for a keyed chain.
    event.hash = keyed_hash(
        {
            "chain": event.chain,
            "prev": event.prev_hash,
            "organization": event.organization_id,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "detail": event.detail,
            "created": event.created.astimezone(UTC).isoformat(),
            "actor": event.actor_id,
            "request_id": event.request_id,
        },
        settings.AUDIT_KEYS[0],
    )
    event.save()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_audit_chains"),
    ]

    operations = [
        migrations.RunPython(anchor_legacy_chain, migrations.RunPython.noop),
    ]
