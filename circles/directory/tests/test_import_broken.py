"""Broken files give clear reasons and change nothing."""

import csv
import json
import time
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from circles.accounts.models import Organization
from circles.directory.models import DirectoryOrganization, Service
from circles.directory.tests.factories import make_service

ORG = "11111111-1111-4111-8111-111111111111"
SERVICE = "22222222-2222-4222-8222-222222222222"
OTHER = "33333333-3333-4333-8333-333333333333"


def write(folder: Path, name: str, rows: list[list[str]], encoding: str = "utf-8") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / name).open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)


def good_package(folder: Path) -> Path:
    write(folder, "organizations.csv", [["id", "name", "description"], [ORG, "Food Bank", "Food"]])
    write(
        folder,
        "services.csv",
        [
            ["id", "organization_id", "name", "status"],
            [SERVICE, ORG, "Pantry", "active"],
            [OTHER, ORG, "Hot meal", "active"],
        ],
    )
    return folder


def refused(folder: Path, owner: Organization, *extra: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_hsds",
            str(folder),
            "--organization",
            owner.slug,
            *extra,
            stdout=StringIO(),
            stderr=err,
        )
    return err.getvalue()


def imported(folder: Path, owner: Organization, *extra: str) -> str:
    out = StringIO()
    call_command(
        "import_hsds",
        str(folder),
        "--organization",
        owner.slug,
        *extra,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def test_missing_required_column(riverside: Organization, tmp_path: Path) -> None:
    good_package(tmp_path)
    write(tmp_path, "services.csv", [["id", "name", "status"], [SERVICE, "Pantry", "active"]])
    report = refused(tmp_path, riverside)
    assert "services.csv, row 1: required column missing: organization_id" in report
    assert not DirectoryOrganization.objects.exists()


def test_bad_ids_are_named_by_file_and_row(riverside: Organization, tmp_path: Path) -> None:
    good_package(tmp_path)
    write(
        tmp_path,
        "services.csv",
        [
            ["id", "organization_id", "name", "status"],
            [SERVICE, ORG, "Pantry", "active"],
            ["17", ORG, "Hot meal", "active"],
            [OTHER, "not-an-id", "Clothes", "active"],
            [SERVICE, ORG, "Pantry again", "active"],
        ],
    )
    report = refused(tmp_path, riverside)
    assert "services.csv, row 3: service: id '17' is not a UUID" in report
    assert "services.csv, row 4: service: organization_id 'not-an-id' is not a UUID" in report
    assert f"services.csv, row 5: service {SERVICE} appears twice (first at row 2)" in report
    assert not Service.objects.exists()


def test_dangling_references_and_what_hangs_on_them(
    riverside: Organization, tmp_path: Path
) -> None:
    good_package(tmp_path)
    missing = str(uuid.uuid4())
    write(
        tmp_path,
        "services.csv",
        [["id", "organization_id", "name", "status"], [SERVICE, missing, "Pantry", "active"]],
    )
    write(tmp_path, "phones.csv", [["id", "service_id", "number"], [OTHER, SERVICE, "555"]])
    report = refused(tmp_path, riverside)
    assert (
        f"services.csv, row 2: service: organization_id {missing} names no organization" in report
    )
    assert f"phones.csv, row 2: phone: service_id {SERVICE} names no service" in report
    # With --skip-rejected the rest goes in.
    out = imported(tmp_path, riverside, "--skip-rejected")
    assert "1 created, 0 updated, 0 unchanged, 2 rejected" in out
    assert DirectoryOrganization.objects.for_owner(riverside).count() == 1


def test_a_reference_may_name_a_record_already_in_the_directory(
    riverside: Organization, lakeshore: Organization, tmp_path: Path
) -> None:
    service = make_service(riverside)
    write(
        tmp_path,
        "phones.csv",
        [["id", "service_id", "number"], [OTHER, str(service.hsds_id), "555"]],
    )
    assert "1 created" in imported(tmp_path, riverside)
    # ... but only in the same directory.
    assert "names no service" in refused(tmp_path, lakeshore)


def test_bad_values(riverside: Organization, tmp_path: Path) -> None:
    good_package(tmp_path)
    write(
        tmp_path,
        "services.csv",
        [
            ["id", "organization_id", "name", "status", "minimum_age", "email", "assured_date"],
            [SERVICE, ORG, "Pantry", "open-ish", "", "", ""],
            [OTHER, ORG, "Meal", "active", "1e999", "", ""],
            [str(uuid.uuid4()), ORG, "Meal", "active", "", "not an email", ""],
            [str(uuid.uuid4()), ORG, "Meal", "active", "", "", "2024-02-30"],
            [str(uuid.uuid4()), ORG, "Nul\x00", "active", "", "", ""],
            [str(uuid.uuid4()), ORG, "x" * 501, "active", "", "", ""],
            [str(uuid.uuid4()), ORG, "Too", "active", "", "", "", "extra"],
        ],
    )
    report = refused(tmp_path, riverside)
    assert "row 2: service: status 'open-ish' is not one of: active, inactive" in report
    assert "row 3: service: minimum_age is not a finite number" in report
    assert "row 4: service: email 'not an email' is not an email address" in report
    assert "row 5: service: assured_date '2024-02-30' is not a date" in report
    assert "row 6: service: name holds a NUL character" in report
    assert "row 7: service: name is longer than 500 characters" in report
    assert "row 8: has 8 values but the header names 7 columns" in report


def test_wrong_encoding(riverside: Organization, tmp_path: Path) -> None:
    good_package(tmp_path)
    write(
        tmp_path,
        "organizations.csv",
        [["id", "name", "description"], [ORG, "Café Olé", "Comida"]],
        encoding="latin-1",
    )
    report = refused(tmp_path, riverside)
    assert "organizations.csv, row 2: the file is not utf-8 text" in report
    assert not DirectoryOrganization.objects.exists()
    # Told the encoding, it reads.
    assert "3 created" in imported(tmp_path, riverside, "--encoding", "latin-1")
    assert DirectoryOrganization.objects.get().name == "Café Olé"


def test_bad_json(riverside: Organization, tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    path.write_text('{"id": ')
    assert "services.json, line 1: not valid JSON" in refused(path, riverside)
    path.write_text('[{"id": "x", "name": "Pantry", "status": "active"}, 7]')
    report = refused(path, riverside)
    assert "services.json, item 1: service.id: 'x' is not a 'uuid'" in report
    assert "services.json, item 2: is not an HSDS record" in report
    # Past JSON Schema, odd values are still refused by name, never a crash.
    huge = {
        "id": SERVICE,
        "name": "P",
        "status": "active",
        "minimum_age": 10**400,
        "organization": {"id": ORG, "name": "Food Bank", "description": "Food"},
    }
    path.write_text(json.dumps(huge))
    report = refused(path, riverside)
    assert "services.json, item 1: service: minimum_age" in report


def test_not_a_directory(riverside: Organization, tmp_path: Path) -> None:
    assert "found no HSDS files" in refused(tmp_path, riverside)
    assert "no such file or folder" in refused(tmp_path / "missing", riverside)


def test_empty_file(riverside: Organization, tmp_path: Path) -> None:
    (tmp_path / "services.csv").write_text("")
    assert "services.csv: the file is empty" in refused(tmp_path, riverside)


@pytest.mark.slow
def test_a_50_megabyte_file_with_one_bad_row_changes_nothing(
    riverside: Organization, tmp_path: Path
) -> None:
    good_package(tmp_path)
    about = "A long description of what this service offers and to whom. " * 80
    rows = [["id", "organization_id", "name", "status", "description"]]
    while len(rows) * len(about) < 50_000_000:
        rows.append([str(uuid.uuid4()), ORG, f"Service {len(rows)}", "active", about])
    bad = [*rows, [str(uuid.uuid4()), ORG, "Last one", "closed for lunch", about]]
    write(tmp_path, "services.csv", bad)
    assert (tmp_path / "services.csv").stat().st_size > 50_000_000
    started = time.monotonic()
    report = refused(tmp_path, riverside)
    assert f"services.csv, row {len(bad)}: service: status 'closed for lunch'" in report
    assert not Service.objects.exists()
    write(tmp_path, "services.csv", rows)
    assert f"{len(rows)} created" in imported(tmp_path, riverside)
    assert Service.objects.for_owner(riverside).count() == len(rows) - 1
    assert time.monotonic() - started < 300


def test_dry_run_writes_nothing(riverside: Organization, tmp_path: Path) -> None:
    out = imported(good_package(tmp_path), riverside, "--dry-run")
    assert "Dry run: 3 record(s) pass, 0 rejected." in out
    assert not DirectoryOrganization.objects.exists()


def test_a_failure_while_writing_leaves_nothing_behind(
    riverside: Organization, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good_package(tmp_path)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    # Organisations are written first; services fail.
    monkeypatch.setattr(Service.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        imported(tmp_path, riverside)
    assert not DirectoryOrganization.objects.exists()
