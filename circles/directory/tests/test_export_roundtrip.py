"""What `export-hsds` writes is valid HSDS 3.0 and imports back unchanged."""

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from circles.accounts.models import Organization
from circles.directory.demo import load_demo_directory
from circles.directory.hsds_tables import tables, validator
from circles.directory.models import Service


def run(command: str, path: Path, owner: Organization) -> str:
    out = StringIO()
    call_command(command, str(path), "--organization", owner.slug, stdout=out, stderr=StringIO())
    return out.getvalue()


def typed(table: str, row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as the JSON record HSDS describes (numbers as numbers, blanks left out)."""
    properties = tables()[table].schema["properties"]
    record: dict[str, Any] = {}
    for name, value in row.items():
        if value == "":
            continue
        record[name] = float(value) if properties[name]["type"] == "number" else value
    return record


def test_export_is_valid_hsds_and_round_trips(
    riverside: Organization, lakeshore: Organization, tmp_path: Path
) -> None:
    load_demo_directory(riverside)
    first = tmp_path / "first"
    assert "Wrote 27 service(s)" in run("export_hsds", first, riverside)

    package = json.loads((first / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    assert {resource["path"] for resource in package["resources"]} == {
        table.path for table in tables().values()
    }
    rows = 0
    for table in tables().values():
        with (first / table.path).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                errors = list(validator(table.name).iter_errors(typed(table.name, row)))
                assert errors == [], (table.name, row, errors)
                rows += 1
    assert rows > 200

    # Into another directory: everything is new, nothing rejected.
    assert "0 updated, 0 unchanged, 0 rejected" in run("import_hsds", first, lakeshore)
    # Into the same one again: nothing changes.
    assert f"0 created, 0 updated, {rows} unchanged, 0 rejected" in run(
        "import_hsds", first, riverside
    )
    second = tmp_path / "second"
    run("export_hsds", second, lakeshore)
    for table in tables().values():
        assert (second / table.path).read_text() == (first / table.path).read_text(), table.path
    assert Service.objects.for_owner(lakeshore).count() == 27
    assert Service.objects.for_owner(riverside).count() == 27


def test_a_changed_value_is_an_update(riverside: Organization, tmp_path: Path) -> None:
    load_demo_directory(riverside)
    run("export_hsds", tmp_path, riverside)
    services = tmp_path / "services.csv"
    text = services.read_text()
    services.write_text(text.replace("Weekly grocery pantry (demo)", "Grocery pantry (demo)"))
    assert "0 created, 1 updated" in run("import_hsds", tmp_path, riverside)
    assert Service.objects.for_owner(riverside).filter(name="Grocery pantry (demo)").exists()
