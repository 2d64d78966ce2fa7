"""The HSDS 1.x/2.0 CSV layout that many 211 and city directories still publish."""

import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from circles.accounts.models import Organization
from circles.directory.legacy import LEGACY_NAMESPACE, legacy_id
from circles.directory.models import Attribute, Service
from circles.directory.tests.test_import_broken import write


def legacy_folder(folder: Path) -> Path:
    write(
        folder,
        "organizations.csv",
        [["id", "name", "url"], ["1", "Food Bank", "www.food.example.org"]],
    )
    write(
        folder,
        "services.csv",
        [
            ["id", "organization_id", "name", "status", "fees"],
            ["10", "1", "Pantry", "active", "Free"],
        ],
    )
    write(
        folder,
        "locations.csv",
        [
            ["id", "organization_id", "name", "latitude", "longitude"],
            ["L1", "1", "Hall", "39.8", "-89.6"],
        ],
    )
    write(
        folder, "services_at_location.csv", [["id", "service_id", "location_id"], ["1", "10", "L1"]]
    )
    write(
        folder,
        "physical_addresses.csv",
        [
            [
                "id",
                "location_id",
                "address_1",
                "address_2",
                "address_3",
                "city",
                "state_province",
                "postal_code",
                "country",
            ],
            ["1", "L1", "1 Main St", "Suite 2", "Back door", "Springfield", "IL", "62701", "US"],
        ],
    )
    write(
        folder,
        "phones.csv",
        [["id", "service_id", "number", "language"], ["1", "10", "555-0100", "en"]],
    )
    write(
        folder,
        "regular_schedules.csv",
        [
            ["id", "service_id", "weekday", "opens_at", "closes_at"],
            ["1", "10", "3", "09:00", "17:00"],
            ["2", "10", "Saturday", "10:00", "12:00"],
        ],
    )
    write(folder, "languages.csv", [["id", "service_id", "language"], ["1", "10", "Spanish"]])
    write(
        folder,
        "accessibility_for_disabilities.csv",
        [["id", "location_id", "accessibility"], ["1", "L1", "Ramp"]],
    )
    write(folder, "eligibility.csv", [["id", "service_id", "eligibility"], ["1", "10", "Adults"]])
    write(
        folder,
        "taxonomy.csv",
        [["id", "name", "parent_id", "vocabulary"], ["T1", "Food", "", "211"]],
    )
    write(
        folder, "service_attributes.csv", [["id", "service_id", "taxonomy_id"], ["1", "10", "T1"]]
    )
    write(folder, "holiday_schedules.csv", [["id"], ["1"]])
    return folder


def run(folder: Path, owner: Organization) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_hsds", str(folder), "--organization", owner.slug, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_legacy_layout_maps_onto_hsds_3(riverside: Organization, tmp_path: Path) -> None:
    out, err = run(legacy_folder(tmp_path), riverside)
    assert "0 rejected" in out
    assert "holiday_schedules.csv: not imported" in err
    service = Service.objects.for_owner(riverside).get()
    assert service.hsds_id == uuid.uuid5(LEGACY_NAMESPACE, "service/10")
    assert service.organization.website == "https://www.food.example.org"
    assert service.organization.description == "Food Bank"
    assert service.eligibility_description == "Adults"
    assert sorted(service.schedules.values_list("byday", flat=True)) == ["SA", "WE"]
    assert service.languages.get().name == "Spanish"
    location = service.service_at_locations.get().location
    address = location.addresses.get()
    assert (address.address_1, address.address_2, address.address_type) == (
        "1 Main St",
        "Suite 2, Back door",
        "physical",
    )
    assert location.accessibility.get().description == "Ramp"
    attribute = Attribute.objects.for_owner(riverside).get()
    assert attribute.link_id == service.hsds_id and attribute.taxonomy_term.taxonomy == "211"
    again, _err = run(tmp_path, riverside)
    assert "0 created, 0 updated" in again


def test_legacy_weekday_that_is_no_day(riverside: Organization, tmp_path: Path) -> None:
    legacy_folder(tmp_path)
    write(
        tmp_path, "regular_schedules.csv", [["id", "service_id", "weekday"], ["1", "10", "Funday"]]
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_hsds", str(tmp_path), "--organization", "riverside", stderr=err)
    assert "regular_schedules.csv, row 2: schedule: weekday 'Funday' is not a day" in err.getvalue()


def test_legacy_ids_that_are_uuids_stay() -> None:
    same = str(uuid.uuid4())
    assert legacy_id("service", same) == same
    assert legacy_id("service", "7") != legacy_id("location", "7")
