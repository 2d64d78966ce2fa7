"""A directory as HSDS 3.0: flat records, a tabular data package, nested JSON.

The reverse of ``importing``: each table's fields come from the same mapping
(``hsds_tables``), so what is exported imports back unchanged.
"""

import csv
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import models

from circles.accounts.models import Organization
from circles.directory.hsds_tables import Table, csv_value, json_value, tables
from circles.directory.models import HSDS_VERSION

DATAPACKAGE_TYPES = {"string": "string", "number": "number", "integer": "integer"}


def hsds_ids(table: Table, owner: Organization) -> dict[int, uuid.UUID]:
    return dict(table.model.objects.for_owner(owner).values_list("pk", "hsds_id"))


def flat_records(
    table: Table, rows: Iterable[models.Model], ids: dict[str, dict[int, uuid.UUID]]
) -> list[dict[str, Any]]:
    """Rows as HSDS records with scalar fields only; ``ids`` turns keys into HSDS ids."""
    found = []
    for row in rows:
        record: dict[str, Any] = {}
        for column in table.columns:
            value = getattr(row, column.attname)
            if column.target and value is not None:
                value = ids[column.target][value]
            record[column.name] = json_value(column, value)
        found.append(record)
    return found


def scalar(
    table: Table, row: models.Model, references: dict[str, uuid.UUID | None]
) -> dict[str, Any]:
    """One record's scalar HSDS fields, with references given by the caller."""
    record: dict[str, Any] = {}
    for column in table.columns:
        if column.target:
            pointed = references.get(column.name)
            record[column.name] = str(pointed) if pointed else None
        else:
            record[column.name] = json_value(column, getattr(row, column.attname))
    return record


def datapackage(owner: Organization) -> dict[str, Any]:
    resources = []
    for table in tables().values():
        fields = []
        for column in table.columns:
            spec = table.schema["properties"][column.name]
            field: dict[str, Any] = {
                "name": column.name,
                "type": spec.get("datapackage_type") or DATAPACKAGE_TYPES[spec["type"]],
            }
            if spec.get("format") in {"uuid", "email", "uri"}:
                field["format"] = spec["format"]
            if column.required:
                field["constraints"] = {"required": True}
            fields.append(field)
        resources.append(
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": ["id"]},
            }
        )
    return {
        "name": f"circles-directory-{owner.slug}",
        "title": f"{owner.name}: community resources",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "description": "Human Services Data Specification 3.0 data exported by Circles.",
        "resources": resources,
    }


def export_package(owner: Organization, folder: Path) -> dict[str, int]:
    """Write ``datapackage.json`` and one CSV per HSDS table; say how many rows each."""
    folder.mkdir(parents=True, exist_ok=True)
    everything = tables()
    ids = {name: hsds_ids(table, owner) for name, table in everything.items()}
    counts = {}
    for table in everything.values():
        rows = table.model.objects.for_owner(owner).order_by("hsds_id").iterator(chunk_size=2000)
        with (folder / table.path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(table.column_names)
            count = 0
            for record in flat_records(table, rows, ids):
                writer.writerow([csv_value(record[name]) for name in table.column_names])
                count += 1
        counts[table.name] = count
    (folder / "datapackage.json").write_text(
        json.dumps(datapackage(owner), indent=2) + "\n", encoding="utf-8"
    )
    return counts
