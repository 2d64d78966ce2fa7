"""Writes to the directory that touch many rows or leave an audit event."""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any

from django.db import transaction

from circles.accounts.actions import audit
from circles.accounts.models import Organization
from circles.directory.hsds_tables import Column, Table, tables
from circles.directory.importing import Checked
from circles.directory.models import DirectorySettings, HsdsRecord

BATCH_SIZE = 500


@dataclass
class Summary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    rejected: int = 0

    def totals(self) -> dict[str, int]:
        return {
            "created": sum(self.created.values()),
            "updated": sum(self.updated.values()),
            "unchanged": sum(self.unchanged.values()),
            "rejected": self.rejected,
        }


def _self_references(table: Table) -> list[Column]:
    return [column for column in table.references() if column.target == table.name]


def import_directory(owner: Organization, checked: Checked, actor: Any = None) -> Summary:
    """Create or update every accepted record in ``owner``'s directory, all or nothing.

    Records are matched by their HSDS id within the owner's directory, so the
    same file imported twice changes nothing the second time. Records missing
    from the file are left as they are.
    """
    summary = Summary(rejected=checked.rejected)
    with transaction.atomic():
        pks: dict[str, dict[uuid.UUID, int]] = {}
        for table in tables().values():
            _write_table(owner, table, checked.records.get(table.name, []), pks, summary)
        audit(
            "directory.imported",
            actor=actor,
            organization=owner,
            object_type="directory",
            detail=summary.totals(),
        )
    return summary


def _pk_map(
    owner: Organization, table: Table, pks: dict[str, dict[uuid.UUID, int]]
) -> dict[uuid.UUID, int]:
    if table.name not in pks:
        pks[table.name] = dict(table.model.objects.for_owner(owner).values_list("hsds_id", "pk"))
    return pks[table.name]


def _write_table(
    owner: Organization,
    table: Table,
    records: list[Any],
    pks: dict[str, dict[uuid.UUID, int]],
    summary: Summary,
) -> None:
    if not records:
        return
    model = table.model
    existing = {row.hsds_id: row for row in model.objects.for_owner(owner)}
    later = _self_references(table)
    plain = [column for column in table.columns if column.name != "id" and column not in later]
    targets = {
        column.target: _pk_map(owner, tables()[column.target], pks)
        for column in plain
        if column.target
    }

    def stored(column: Column, value: Any) -> Any:
        if column.target and value is not None:
            return targets[column.target][value]
        return value

    new: list[HsdsRecord] = []
    changed: list[HsdsRecord] = []
    unchanged: set[uuid.UUID] = set()
    for record in records:
        values = {column.attname: stored(column, record.values[column.name]) for column in plain}
        found = existing.get(record.hsds_id)
        if found is None:
            row = model(owner=owner, hsds_id=record.hsds_id, **values)
            if table.name == "service" and record.values.get("assured_date"):
                # A new record is as fresh as its source says it was checked.
                row.last_checked_at = datetime.combine(  # type: ignore[attr-defined]
                    record.values["assured_date"], time(12), tzinfo=UTC
                )
            new.append(row)
        elif any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            changed.append(found)
        else:
            unchanged.add(record.hsds_id)
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    model.objects.bulk_update(changed, [column.attname for column in plain], batch_size=BATCH_SIZE)
    summary.created[table.name] += len(new)
    summary.updated[table.name] += len(changed)
    mapping = _pk_map(owner, table, pks)
    for row in new:
        mapping[row.hsds_id] = row.pk
    if later:
        moved = _write_self_references(table, later, records, existing, new, mapping)
        summary.updated[table.name] += len(moved & unchanged)
        unchanged -= moved
    summary.unchanged[table.name] += len(unchanged)


def _write_self_references(
    table: Table,
    columns: list[Column],
    records: list[Any],
    existing: dict[uuid.UUID, HsdsRecord],
    new: list[HsdsRecord],
    mapping: dict[uuid.UUID, int],
) -> set[uuid.UUID]:
    """Parents within one table (a parent organisation), once every row has its key."""
    rows = {**existing, **{row.hsds_id: row for row in new}}
    touched: list[HsdsRecord] = []
    for record in records:
        row = rows[record.hsds_id]
        differs = False
        for column in columns:
            pointed = record.values[column.name]
            value = mapping[pointed] if pointed is not None else None
            if getattr(row, column.attname) != value:
                setattr(row, column.attname, value)
                differs = True
        if differs:
            touched.append(row)
    table.model.objects.bulk_update(
        touched, [column.attname for column in columns], batch_size=BATCH_SIZE
    )
    return {row.hsds_id for row in touched}


@transaction.atomic
def save_directory_settings(settings: DirectorySettings, changed: list[str], actor: Any) -> bool:
    """Save what the form changed, with an audit event; False when nothing changed."""
    if not changed:
        return False
    settings.save()
    audit(
        "directory.settings_changed",
        actor=actor,
        organization=settings.owner,
        obj=settings,
        detail={name: getattr(settings, name) for name in changed},
    )
    return True
