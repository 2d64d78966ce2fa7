"""Directory records as nested HSDS 3.0 JSON, in a fixed number of queries.

A shape says which nested records to include: keys are HSDS field names
("phones", "organization", ...), values the shape inside them. The same keys
name the Django relations, so a shape is also the list of prefetches.
"""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models import Prefetch

from circles.directory.hsds_tables import Table, json_value, tables
from circles.directory.importing import CHILDREN, PARENTS
from circles.directory.models import Attribute, HsdsRecord

Shape = dict[str, "Shape"]

LOCATION: Shape = {
    "addresses": {},
    "phones": {"languages": {}},
    "schedules": {},
    "languages": {},
    "accessibility": {},
    "contacts": {"phones": {}},
}
SERVICE_LIST: Shape = {"organization": {}, "program": {}}
SERVICE_FULL: Shape = {
    "organization": {},
    "program": {},
    "phones": {"languages": {}},
    "schedules": {},
    "service_areas": {},
    "service_at_locations": {
        "location": LOCATION,
        "phones": {},
        "schedules": {},
        "contacts": {"phones": {}},
    },
    "languages": {},
    "funding": {},
    "cost_options": {},
    "required_documents": {},
    "contacts": {"phones": {}},
}
ORGANIZATION_LIST: Shape = {}
ORGANIZATION_FULL: Shape = {
    "funding": {},
    "contacts": {"phones": {}},
    "phones": {"languages": {}},
    "locations": LOCATION,
    "programs": {},
    "organization_identifiers": {},
    "services": {},
}
# Tables whose records carry their attributes (taxonomy terms) in the JSON.
WITH_ATTRIBUTES = {"service", "organization"}


def _inner(table: str, key: str) -> str:
    if key in CHILDREN.get(table, {}):
        return CHILDREN[table][key][0]
    return PARENTS[table][key][0]


def prefetches(table: str, shape: Shape, prefix: str = "") -> list[str | Prefetch[Any]]:
    found: list[str | Prefetch[Any]] = []
    for key, inner in shape.items():
        path = f"{prefix}{key}"
        found.append(path)
        found.extend(prefetches(_inner(table, key), inner, f"{path}__"))
    return found


def _walk(table: str, row: models.Model, shape: Shape) -> Iterable[tuple[str, models.Model]]:
    yield table, row
    for key, inner in shape.items():
        inner_table = _inner(table, key)
        if key in CHILDREN.get(table, {}):
            for child in getattr(row, key).all():
                yield from _walk(inner_table, child, inner)
        else:
            parent = getattr(row, key)
            if parent is not None:
                yield from _walk(inner_table, parent, inner)


class Nester:
    """Turns already-fetched rows into HSDS JSON; finds every referenced id in bulk."""

    def __init__(self, table: str, rows: Sequence[models.Model], shape: Shape) -> None:
        self.table = table
        self.rows = rows
        self.shape = shape
        self.attributes = self._attributes(table, rows)
        shown = [pair for top in rows for pair in _walk(table, top, shape)]
        for attributes in self.attributes.values():
            for attribute in attributes:
                shown += [("attribute", attribute), ("taxonomy_term", attribute.taxonomy_term)]
        # Ids of the rows at hand are known; the rest come in one query per table.
        self.ids: dict[str, dict[int, uuid.UUID]] = defaultdict(dict)
        for name, row in shown:
            self.ids[name][row.pk] = row.hsds_id  # type: ignore[attr-defined]
        wanted: dict[str, set[int]] = defaultdict(set)
        for name, row in shown:
            for column in tables()[name].references():
                pk = getattr(row, column.attname)
                if pk is not None and pk not in self.ids[column.target]:
                    wanted[column.target].add(pk)
        for target, pks in wanted.items():
            model = tables()[target].model
            self.ids[target].update(model.objects.filter(pk__in=pks).values_list("pk", "hsds_id"))

    def _attributes(
        self, table: str, rows: Sequence[models.Model]
    ) -> dict[tuple[int, uuid.UUID], list[Attribute]]:
        found: dict[tuple[int, uuid.UUID], list[Attribute]] = defaultdict(list)
        if table not in WITH_ATTRIBUTES or not rows:
            return found
        records: Sequence[HsdsRecord] = rows  # type: ignore[assignment]
        attributes = (
            Attribute.objects.filter(
                owner_id__in={row.owner_id for row in records},
                link_entity=table,
                link_id__in=[row.hsds_id for row in records],
            )
            .select_related("taxonomy_term")
            .order_by("pk")
        )
        for attribute in attributes:
            found[(attribute.owner_id, attribute.link_id)].append(attribute)
        return found

    def scalars(self, table: Table, row: models.Model) -> dict[str, Any]:
        record: dict[str, Any] = {}
        for column in table.columns:
            value = getattr(row, column.attname)
            if column.target and value is not None:
                value = self.ids[column.target][value]
            value = json_value(column, value)
            if value is None and column.required:
                value = ""
            if value is not None:
                record[column.name] = value
        return record

    def nest(self, table: str, row: models.Model, shape: Shape) -> dict[str, Any]:
        record = self.scalars(tables()[table], row)
        for key, inner in shape.items():
            inner_table = _inner(table, key)
            if key in CHILDREN.get(table, {}):
                record[key] = [
                    self.nest(inner_table, child, inner) for child in getattr(row, key).all()
                ]
            else:
                parent = getattr(row, key)
                if parent is not None:
                    record[key] = self.nest(inner_table, parent, inner)
        if table in WITH_ATTRIBUTES:
            owned: HsdsRecord = row  # type: ignore[assignment]
            record["attributes"] = [
                self._attribute(attribute)
                for attribute in self.attributes.get((owned.owner_id, owned.hsds_id), [])
            ]
        return record

    def _attribute(self, attribute: Attribute) -> dict[str, Any]:
        terms = tables()["taxonomy_term"]
        record = self.scalars(tables()["attribute"], attribute)
        term = self.scalars(terms, attribute.taxonomy_term)
        record["taxonomy_term"] = term
        return record

    def all(self) -> list[dict[str, Any]]:
        return [self.nest(self.table, row, self.shape) for row in self.rows]
