"""Importing the examples published with HSDS 3.0 itself (tests/hsds_examples/).

The published examples are not quite self-consistent: a latitude of 100,
placeholder words where a table name belongs, and references to records the
files do not hold (a parent organisation, a parent term, a taxonomy).
Circles refuses them with those reasons; once mended, they import.
"""

import csv
import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from circles.accounts.models import AuditEvent, Organization
from circles.directory.models import Schedule, Service

EXAMPLES = Path(__file__).parent / "hsds_examples"
ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"


def run_import(path: Path, owner: Organization, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(
        "import_hsds", str(path), "--organization", owner.slug, *extra, stdout=out, stderr=err
    )
    return out.getvalue(), err.getvalue()


def mend_csv(folder: Path) -> None:
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        if not rows:
            continue
        for row in rows:
            if row.get("latitude") == "100":
                row["latitude"] = "39.8"
            for name in ("parent_organization_id", "parent_id", "taxonomy_id"):
                if name in row:
                    row[name] = ""
            if path.name in {"contacts.csv", "locations.csv"}:
                row["organization_id"] = ORGANIZATION
            if path.name == "contacts.csv":
                row["service_at_location_id"] = ""
            if row.get("link_entity") == "link_entity":
                row["link_entity"], row["link_id"] = "service", SERVICE
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def mend_json(item: Any) -> Any:
    if isinstance(item, dict):
        mended = {key: mend_json(value) for key, value in item.items()}
        if mended.get("latitude") == 100:
            mended["latitude"] = 39.8
        for name in ("parent_organization_id", "parent_id"):
            mended.pop(name, None)
        if mended.get("link_entity") == "link_entity":
            mended["link_entity"] = "service"
        return mended
    if isinstance(item, list):
        return [mend_json(value) for value in item]
    return item


def test_published_csv_example_is_refused_with_reasons(riverside: Organization) -> None:
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_hsds", str(EXAMPLES / "csv"), "--organization", "riverside", stderr=err
        )
    report = err.getvalue()
    assert "locations.csv, row 2: location: latitude 100.0 is out of range" in report
    assert "organizations.csv, row 2: organization: parent_organization_id" in report
    assert "names no organization in this file or in the directory" in report
    assert not Service.objects.exists()


def test_mended_csv_example_imports_once(riverside: Organization, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(EXAMPLES / "csv", folder)
    mend_csv(folder)
    out, err = run_import(folder, riverside)
    assert "0 updated, 0 unchanged, 0 rejected" in out, err
    service = Service.objects.for_owner(riverside).get()
    assert service.name == "Community Counselling"
    assert service.organization.services.get() == service
    assert service.service_at_locations.get().location.addresses.exists()
    schedule = Schedule.objects.for_owner(riverside).get()
    assert schedule.byday == "TH,FR"
    assert str(schedule.opens_at) == "10:00:00"
    # Metadata is provenance HSDS keeps beside the data; Circles does not import it.
    assert "metadata.csv" not in out
    again, _err = run_import(folder, riverside)
    assert "0 created, 0 updated" in again
    assert Service.objects.for_owner(riverside).count() == 1
    events = AuditEvent.objects.filter(action="directory.imported", organization_id=riverside.pk)
    assert events.count() == 2


@pytest.mark.parametrize(
    "name", ["service_full.json", "service_list.json", "organization_full.json"]
)
def test_mended_json_examples_import(riverside: Organization, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(json.dumps(mend_json(json.loads((EXAMPLES / name).read_text()))))
    out, err = run_import(path, riverside)
    assert "0 rejected" in out, err
    assert Service.objects.for_owner(riverside).get().name == "Community Counselling"
    again, _err = run_import(path, riverside)
    assert "0 created, 0 updated" in again


def test_unknown_organisation_is_refused(riverside: Organization) -> None:
    with pytest.raises(CommandError, match="No organisation"):
        call_command("import_hsds", str(EXAMPLES / "csv"), "--organization", "nobody")
