"""Reading HSDS files into a checked batch of records, ready to write.

Three inputs: HSDS 3.0 JSON (one service or organisation, a list of them, or
an API page with ``contents``), an HSDS 3.0 tabular data package (a folder of
CSV files, with or without ``datapackage.json``), and the older HSDS 1.x/2.0
CSV layout (``services_at_location.csv``, ``physical_addresses.csv``,
``regular_schedules.csv``, ...), which is mapped onto 3.0 first.

Nothing here writes. ``sources.read_path`` gives a ``Batch``; ``check`` parses every
value, follows every reference and says which records are rejected and why;
``actions.import_directory`` writes what is left in one transaction.
"""

import csv
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from circles.accounts.models import Organization
from circles.directory.hsds_tables import Rejected, Table, parse_uuid, tables, validator

# Progress bars appear for files at least this large, on a terminal only.
PROGRESS_FROM_BYTES = 1_000_000
PROGRESS_EVERY_ROWS = 2_000


@dataclass(frozen=True)
class Problem:
    file: str
    row: str
    reason: str

    def __str__(self) -> str:
        return (
            f"{self.file}, {self.row}: {self.reason}" if self.row else f"{self.file}: {self.reason}"
        )


class FileRefused(Exception):
    """The input as a whole cannot be read; nothing is imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Raw:
    """One record as read: HSDS field names and their values, and where it came from."""

    values: dict[str, Any]
    file: str
    row: str


@dataclass
class Record:
    """One record that passed: parsed values by HSDS field name."""

    hsds_id: uuid.UUID
    values: dict[str, Any]
    file: str
    row: str


@dataclass
class Batch:
    raw: dict[str, dict[str, Raw]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, table: str, values: dict[str, Any], file: str, row: str, merge: bool) -> None:
        key = values.get("id")
        if key is None or (isinstance(key, str) and not key.strip()):
            self.problems.append(Problem(file, row, f"{table}: id is missing"))
            return
        try:
            key = str(parse_uuid("id", key))
        except Rejected as rejected:
            self.problems.append(Problem(file, row, f"{table}: {rejected}"))
            return
        found = self.raw.setdefault(table, {})
        if key in found:
            if not merge:
                first = found[key]
                self.problems.append(
                    Problem(file, row, f"{table} {key} appears twice (first at {first.row})")
                )
                return
            # The same record nested twice in JSON (an organisation in each of its services).
            for name, value in values.items():
                if value not in (None, "") and found[key].values.get(name) in (None, ""):
                    found[key].values[name] = value
            return
        found[key] = Raw(values, file, row)


@dataclass
class Checked:
    """What a batch holds once checked: accepted records per table, and the rejects."""

    records: dict[str, list[Record]]
    problems: list[Problem]
    notes: list[str]

    @property
    def rejected(self) -> int:
        return len(self.problems)


# --- Reading ----------------------------------------------------------------


def _progress(path: Path) -> Any:
    size = path.stat().st_size
    bar = tqdm(
        total=size,
        unit="B",
        unit_scale=True,
        desc=path.name,
        disable=None if size >= PROGRESS_FROM_BYTES else True,
        leave=False,
    )
    return bar


def read_csv(path: Path, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """The header, then each non-blank row, numbered as a spreadsheet shows them."""
    name = path.name
    with path.open("rb") as binary:
        text = io.TextIOWrapper(binary, encoding=encoding, newline="")
        bar = _progress(path)
        reader = csv.reader(text)
        number = 1
        try:
            header = [cell.strip().lstrip("\ufeff").strip() for cell in next(reader, [])]
            if not any(header):
                raise FileRefused([Problem(name, "", "the file is empty (no header row)")])
            if len(set(header)) != len(header):
                raise FileRefused([Problem(name, "row 1", "a column name appears twice")])
            yield 1, header
            for number, cells in enumerate(reader, start=2):
                if number % PROGRESS_EVERY_ROWS == 0:
                    bar.update(binary.tell() - bar.n)
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except UnicodeDecodeError:
            raise FileRefused(
                [
                    Problem(
                        name,
                        f"row {number + 1}",
                        f"the file is not {encoding} text; save it as UTF-8 "
                        "or give its encoding with --encoding",
                    )
                ]
            ) from None
        except csv.Error as error:
            raise FileRefused([Problem(name, f"row {number + 1}", str(error))]) from None
        finally:
            bar.close()


def csv_records(
    batch: Batch, path: Path, encoding: str, required: list[str]
) -> Iterator[tuple[str, dict[str, str]]]:
    """Each row of a CSV file as a dict; rows of the wrong length go to the problems."""
    rows = read_csv(path, encoding)
    _number, header = next(rows)
    missing = [name for name in required if name not in header]
    if missing:
        raise FileRefused(
            [Problem(path.name, "row 1", f"required column missing: {', '.join(missing)}")]
        )
    for number, cells in rows:
        if len(cells) > len(header):
            reason = f"has {len(cells)} values but the header names {len(header)} columns"
            batch.problems.append(Problem(path.name, f"row {number}", reason))
            continue
        yield f"row {number}", dict(zip(header, cells, strict=False))


def _read_table_file(batch: Batch, table: Table, path: Path, encoding: str) -> None:
    known = set(table.column_names)
    seen: set[str] = set()
    for row, values in csv_records(batch, path, encoding, ["id", *table.required_names]):
        if not seen:
            seen = set(values)
            unknown = sorted(seen - known)
            if unknown:
                batch.notes.append(f"{path.name}: ignored columns {', '.join(unknown)}")
        kept = {name: value for name, value in values.items() if name in known}
        batch.add(table.name, kept, path.name, row, merge=False)


def read_tabular(folder: Path, encoding: str) -> Batch:
    """An HSDS 3.0 tabular data package (CSV files named as the schema says)."""
    batch = Batch()
    paths = _package_paths(folder)
    found = False
    for table in tables().values():
        path = folder / paths.get(table.name, table.path)
        if path.is_file():
            found = True
            _read_table_file(batch, table, path, encoding)
    if not found:
        raise FileRefused([Problem(folder.name, "", "found no HSDS files (like services.csv)")])
    return batch


def _package_paths(folder: Path) -> dict[str, str]:
    """Resource paths from ``datapackage.json``, when there is one."""
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():
        return {}
    try:
        loaded = json.loads(descriptor.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise FileRefused([Problem("datapackage.json", "", f"not valid JSON: {error}")]) from None
    paths = {}
    for resource in loaded.get("resources", []) if isinstance(loaded, dict) else []:
        if (
            isinstance(resource, dict)
            and isinstance(resource.get("path"), str)
            and "/" not in resource["path"]
            and resource.get("name") in tables()
        ):
            paths[resource["name"]] = resource["path"]
    return paths


# JSON: which nested lists hold which table, and the field that points back.
CHILDREN: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "phones": ("phone", "service_id"),
        "schedules": ("schedule", "service_id"),
        "service_areas": ("service_area", "service_id"),
        "service_at_locations": ("service_at_location", "service_id"),
        "languages": ("language", "service_id"),
        "funding": ("funding", "service_id"),
        "cost_options": ("cost_option", "service_id"),
        "required_documents": ("required_document", "service_id"),
        "contacts": ("contact", "service_id"),
    },
    "organization": {
        "funding": ("funding", "organization_id"),
        "contacts": ("contact", "organization_id"),
        "phones": ("phone", "organization_id"),
        "locations": ("location", "organization_id"),
        "programs": ("program", "organization_id"),
        "organization_identifiers": ("organization_identifier", "organization_id"),
        "services": ("service", "organization_id"),
    },
    "service_at_location": {
        "contacts": ("contact", "service_at_location_id"),
        "phones": ("phone", "service_at_location_id"),
        "schedules": ("schedule", "service_at_location_id"),
    },
    "location": {
        "languages": ("language", "location_id"),
        "addresses": ("address", "location_id"),
        "contacts": ("contact", "location_id"),
        "accessibility": ("accessibility", "location_id"),
        "phones": ("phone", "location_id"),
        "schedules": ("schedule", "location_id"),
    },
    "phone": {"languages": ("language", "phone_id")},
    "contact": {"phones": ("phone", "contact_id")},
}
# JSON: nested single objects, and the field of the outer record that names them.
PARENTS: dict[str, dict[str, tuple[str, str]]] = {
    "service": {
        "organization": ("organization", "organization_id"),
        "program": ("program", "program_id"),
    },
    "service_at_location": {"location": ("location", "location_id")},
    "attribute": {"taxonomy_term": ("taxonomy_term", "taxonomy_term_id")},
    "taxonomy_term": {"taxonomy_detail": ("taxonomy", "taxonomy_id")},
}


def _flatten(
    batch: Batch, table: str, item: dict[str, Any], file: str, where: str, back: tuple[str, Any]
) -> None:
    values = {key: value for key, value in item.items() if not isinstance(value, dict | list)}
    name, target = back
    if name and values.get(name) in (None, ""):
        values[name] = target
    for key, (inner, pointer) in PARENTS.get(table, {}).items():
        nested = item.get(key)
        if isinstance(nested, dict):
            if inner == "program" and nested.get("organization_id") in (None, ""):
                # A program inside a service belongs to the service's organisation.
                nested = {**nested, "organization_id": values.get("organization_id")}
            _flatten(batch, inner, nested, file, f"{where}.{key}", ("", None))
            if values.get(pointer) in (None, ""):
                values[pointer] = nested.get("id")
    batch.add(table, values, file, where, merge=True)
    for key, (inner, pointer) in CHILDREN.get(table, {}).items():
        for index, child in enumerate(item.get(key) or []):
            if isinstance(child, dict):
                _flatten(
                    batch, inner, child, file, f"{where}.{key}[{index}]", (pointer, item.get("id"))
                )
    for index, attribute in enumerate(item.get("attributes") or []):
        if isinstance(attribute, dict):
            linked = {"link_entity": table, **attribute}
            if linked.get("link_id") in (None, ""):
                linked["link_id"] = item.get("id")
            _flatten(batch, "attribute", linked, file, f"{where}.attributes[{index}]", ("", None))


def read_json(path: Path) -> Batch:
    """HSDS 3.0 JSON: a service or organisation, a list of them, or an API page."""
    batch = Batch()
    name = path.name
    try:
        with path.open(encoding="utf-8") as handle:
            loaded = json.load(handle)
    except UnicodeDecodeError:
        raise FileRefused([Problem(name, "", "the file is not UTF-8 text")]) from None
    except json.JSONDecodeError as error:
        raise FileRefused(
            [Problem(name, f"line {error.lineno}", f"not valid JSON: {error.msg}")]
        ) from None
    if isinstance(loaded, dict) and isinstance(loaded.get("contents"), list):
        items = loaded["contents"]
    elif isinstance(loaded, list):
        items = loaded
    else:
        items = [loaded]
    for index, item in enumerate(
        tqdm(items, desc=name, disable=None if len(items) > 500 else True, leave=False)
    ):
        where = f"item {index + 1}"
        if not isinstance(item, dict):
            batch.problems.append(Problem(name, where, "is not an HSDS record"))
            continue
        kind = "service" if "status" in item else "organization"
        errors = sorted(validator(kind).iter_errors(item), key=lambda found: found.json_path)
        for wrong in errors[:3]:
            at = wrong.json_path.removeprefix("$")
            batch.problems.append(Problem(name, where, f"{kind}{at}: {wrong.message}"))
        if errors:
            continue
        _flatten(batch, kind, item, name, where, ("", None))
    return batch


# --- Checking ---------------------------------------------------------------


def check(batch: Batch, owner: Organization) -> Checked:
    """Parse every value and follow every reference; reject what cannot be stored.

    A reference may point at a record in the batch or one already in the
    owner's directory. A record that points at a rejected one is rejected too.
    """
    problems = list(batch.problems)
    accepted: dict[str, dict[uuid.UUID, Record]] = {}
    known: dict[str, set[uuid.UUID]] = {}
    for table in tables().values():
        passed: dict[uuid.UUID, Record] = {}
        for key, raw in batch.raw.get(table.name, {}).items():
            try:
                values = {
                    column.name: column.parse(raw.values.get(column.name))
                    for column in table.columns
                }
            except Rejected as rejected:
                problems.append(Problem(raw.file, raw.row, f"{table.name}: {rejected}"))
                continue
            passed[uuid.UUID(key)] = Record(uuid.UUID(key), values, raw.file, raw.row)
        accepted[table.name] = passed
        _follow_references(table, passed, accepted, known, owner, problems)
    _follow_attribute_links(accepted, owner, problems)
    records = {name: list(found.values()) for name, found in accepted.items()}
    return Checked(records, problems, batch.notes)


def _exists(
    target: str,
    key: uuid.UUID,
    accepted: dict[str, dict[uuid.UUID, Record]],
    known: dict[str, set[uuid.UUID]],
    owner: Organization,
) -> bool:
    if key in accepted.get(target, {}):
        return True
    if target not in known:
        model = tables()[target].model
        known[target] = set(model.objects.for_owner(owner).values_list("hsds_id", flat=True))
    return key in known[target]


def _follow_references(
    table: Table,
    passed: dict[uuid.UUID, Record],
    accepted: dict[str, dict[uuid.UUID, Record]],
    known: dict[str, set[uuid.UUID]],
    owner: Organization,
    problems: list[Problem],
) -> None:
    references = table.references()
    # Repeat while rejections happen: a record can point at another of its own table.
    changed = True
    while changed:
        changed = False
        for key, record in list(passed.items()):
            for column in references:
                pointed = record.values[column.name]
                if pointed is None or _exists(column.target, pointed, accepted, known, owner):
                    continue
                problems.append(
                    Problem(
                        record.file,
                        record.row,
                        f"{table.name}: {column.name} {pointed} names no {column.target} "
                        "in this file or in the directory",
                    )
                )
                del passed[key]
                changed = True
                break


def _follow_attribute_links(
    accepted: dict[str, dict[uuid.UUID, Record]], owner: Organization, problems: list[Problem]
) -> None:
    known: dict[str, set[uuid.UUID]] = {}
    attributes = accepted.get("attribute", {})
    for key, record in list(attributes.items()):
        entity = record.values["link_entity"]
        if entity not in tables():
            reason = f"link_entity {entity[:40]!r} is not an HSDS table"
        elif not _exists(entity, record.values["link_id"], accepted, known, owner):
            reason = (
                f"link_id {record.values['link_id']} names no {entity} "
                "in this file or in the directory"
            )
        else:
            continue
        problems.append(Problem(record.file, record.row, f"attribute: {reason}"))
        del attributes[key]
