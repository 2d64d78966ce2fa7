"""The HSDS 1.x/2.0 CSV layout, mapped onto HSDS 3.0 records.

Many 211 and city directories still publish these files. Their ids are often
short numbers ("17"); HSDS 3.0 wants UUIDs, so a legacy id becomes a UUID
derived from the table and the id (uuid5). The same file therefore gives the
same UUIDs every time, and re-importing it updates instead of duplicating.
"""

import uuid
from collections.abc import Callable
from pathlib import Path

from circles.directory.hsds_tables import tables
from circles.directory.importing import Batch, FileRefused, Problem, csv_records

# Fixed for ever: changing it would turn every re-import into new records.
LEGACY_NAMESPACE = uuid.UUID("6f4d3c1e-3b0a-5d42-9a57-2f1d0c4b8e11")

# Files found only in the older layouts.
MARKERS = {
    "services_at_location.csv",
    "physical_addresses.csv",
    "postal_addresses.csv",
    "regular_schedules.csv",
    "accessibility_for_disabilities.csv",
    "service_attributes.csv",
    "services_taxonomy.csv",
    "taxonomy.csv",
}

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

IGNORED = {
    "holiday_schedules.csv",
    "payments_accepted.csv",
    "interpretation_services.csv",
    "other_attributes.csv",
    "metadata.csv",
    "meta_table_descriptions.csv",
}


def is_legacy(folder: Path) -> bool:
    return any((folder / name).is_file() for name in MARKERS)


def legacy_id(table: str, raw: str | None) -> str:
    """A legacy id as a UUID: kept when it already is one, else derived from it."""
    value = (raw or "").strip()
    if not value:
        return ""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return str(uuid.uuid5(LEGACY_NAMESPACE, f"{table}/{value}"))


Row = dict[str, str]


def _weekday(value: str) -> str:
    """1.x weekday: a number (1 = Monday, as ISO 8601 counts) or a day's name."""
    text = value.strip().upper()
    if text.isdigit() and 1 <= int(text) <= 7:
        return WEEKDAYS[int(text) - 1]
    for code in WEEKDAYS:
        if len(text) >= 2 and text[:2] == code:
            return code
    raise ValueError(f"weekday {value.strip()[:20]!r} is not a day of the week")


def _address(kind: str) -> Callable[[Row], Row]:
    def convert(row: Row) -> Row:
        extra = [row.get(name, "").strip() for name in ("address_2", "address_3", "address_4")]
        return {**row, "address_2": ", ".join(part for part in extra if part), "address_type": kind}

    return convert


def _schedule(row: Row) -> Row:
    converted = {**row}
    if row.get("weekday", "").strip():
        converted["freq"] = "WEEKLY"
        converted["byday"] = _weekday(row["weekday"])
    return converted


def _taxonomy_term(row: Row) -> Row:
    name = (row.get("name") or row.get("term") or "").strip()
    return {
        **row,
        "name": name,
        "description": (row.get("description") or "").strip() or name,
        "taxonomy": row.get("taxonomy") or row.get("vocabulary") or "",
    }


def _service_attribute(row: Row) -> Row:
    return {
        "id": row.get("id", ""),
        "link_id": row.get("service_id", ""),
        "link_entity": "service",
        "taxonomy_term_id": row.get("taxonomy_term_id") or row.get("taxonomy_id") or "",
    }


def _described(row: Row) -> Row:
    # HSDS 3.0 requires a description, which older files often leave empty.
    return {**row, "description": (row.get("description") or "").strip() or row.get("name", "")}


def _keep(row: Row) -> Row:
    return row


# file name: (HSDS 3.0 table, renamed columns, conversion)
FILES: dict[str, tuple[str, dict[str, str], Callable[[Row], Row]]] = {
    "organizations.csv": ("organization", {"url": "website"}, _described),
    "programs.csv": ("program", {}, _keep),
    "services.csv": ("service", {}, _keep),
    "locations.csv": ("location", {}, lambda row: {**row, "location_type": "physical"}),
    "services_at_location.csv": ("service_at_location", {}, _keep),
    "physical_addresses.csv": ("address", {}, _address("physical")),
    "postal_addresses.csv": ("address", {}, _address("postal")),
    "phones.csv": ("phone", {}, _keep),
    "contacts.csv": ("contact", {}, _keep),
    "regular_schedules.csv": ("schedule", {}, _schedule),
    "schedules.csv": ("schedule", {}, _keep),
    "languages.csv": ("language", {"language": "name"}, _keep),
    "accessibility_for_disabilities.csv": (
        "accessibility",
        {"accessibility": "description"},
        _keep,
    ),
    "service_areas.csv": ("service_area", {"service_area": "name"}, _keep),
    "funding.csv": ("funding", {}, _keep),
    "required_documents.csv": ("required_document", {}, _keep),
    "fees.csv": ("cost_option", {"fee": "amount_description"}, _keep),
    "taxonomy.csv": ("taxonomy_term", {}, _taxonomy_term),
    "taxonomy_terms.csv": ("taxonomy_term", {}, _taxonomy_term),
    "service_attributes.csv": ("attribute", {}, _service_attribute),
    "services_taxonomy.csv": ("attribute", {}, _service_attribute),
}

# Which legacy table each reference column points at, for turning ids into UUIDs.
REFERENCES = {
    "organization_id": "organization",
    "parent_organization_id": "organization",
    "program_id": "program",
    "service_id": "service",
    "location_id": "location",
    "service_at_location_id": "service_at_location",
    "contact_id": "contact",
    "phone_id": "phone",
    "parent_id": "taxonomy_term",
    "taxonomy_term_id": "taxonomy_term",
}


def read_legacy(folder: Path, encoding: str) -> Batch:
    batch = Batch()
    eligibility: dict[str, list[str]] = {}
    for name, (table, renamed, convert) in FILES.items():
        path = folder / name
        if not path.is_file():
            continue
        columns = set(tables()[table].column_names)
        for row, values in csv_records(batch, path, encoding, ["id"]):
            try:
                values = convert({renamed.get(key, key): value for key, value in values.items()})
            except ValueError as error:
                batch.problems.append(Problem(name, row, f"{table}: {error}"))
                continue
            record = {key: value for key, value in values.items() if key in columns}
            record["id"] = legacy_id(table, values.get("id"))
            for key, target in REFERENCES.items():
                if key in record:
                    record[key] = legacy_id(target, record[key])
            if table == "attribute":
                record["link_id"] = legacy_id("service", values.get("link_id"))
            batch.add(table, record, name, row, merge=False)
    path = folder / "eligibility.csv"
    if path.is_file():
        # 1.x kept "who it is for" in its own table; 3.0 has it on the service.
        for _row, values in csv_records(batch, path, encoding, ["id", "service_id"]):
            text = (values.get("eligibility") or "").strip()
            if text:
                eligibility.setdefault(legacy_id("service", values["service_id"]), []).append(text)
            elif "eligibility" not in values:
                batch.notes.append("eligibility.csv: no eligibility column; rows skipped")
                break
    for service_id, texts in eligibility.items():
        found = batch.raw.get("service", {}).get(service_id)
        if found is None:
            batch.problems.append(
                Problem("eligibility.csv", "", f"service_id {service_id} names no service")
            )
            continue
        current = (found.values.get("eligibility_description") or "").strip()
        found.values["eligibility_description"] = "; ".join([*filter(None, [current]), *texts])
    for name in sorted(IGNORED):
        if (folder / name).is_file():
            batch.notes.append(f"{name}: not imported (HSDS 3.0 has no place for it)")
    if not batch.raw and not batch.problems:
        raise FileRefused([Problem(folder.name, "", "found no HSDS files (like services.csv)")])
    return batch
