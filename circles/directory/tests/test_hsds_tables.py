import uuid
from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from circles.directory.hsds_tables import Column, Rejected, load_schema, tables


def test_every_hsds_field_has_a_home() -> None:
    for table in tables().values():
        scalar = {
            name
            for name, spec in load_schema(table.name)["properties"].items()
            if spec.get("type") in {"string", "number"}
        }
        assert set(table.column_names) == scalar, table.name
        for column in table.columns:
            assert column.field.model is table.model


def column(table: str, name: str) -> Column:
    return next(c for c in tables()[table].columns if c.name == name)


@pytest.mark.parametrize(
    ("table", "name", "raw", "stored"),
    [
        ("service", "status", "Active", "active"),
        ("service", "minimum_age", "12", 12.0),
        ("service", "url", "www.example.org", "https://www.example.org"),
        (
            "service",
            "last_modified",
            "2023-03-15T10:30:45.123Z",
            datetime(2023, 3, 15, 10, 30, 45, 123000, tzinfo=UTC),
        ),
        (
            "service",
            "last_modified",
            "2023-03-15T10:30:45",
            datetime(2023, 3, 15, 10, 30, 45, tzinfo=UTC),
        ),
        ("schedule", "opens_at", "09:30", time(9, 30)),
        ("schedule", "opens_at", "09:30:00+01:00", time(9, 30)),
        ("cost_option", "amount", "12.5", Decimal("12.50")),
        ("cost_option", "amount", 3, Decimal("3.00")),
        ("phone", "extension", "12.0", 12),
        (
            "service",
            "id",
            " 6F4D3C1E-3B0A-5D42-9A57-2F1D0C4B8E11 ",
            uuid.UUID("6f4d3c1e-3b0a-5d42-9a57-2f1d0c4b8e11"),
        ),
        ("service", "description", "", ""),
        ("location", "latitude", "", None),
    ],
)
def test_values_parse(table: str, name: str, raw: object, stored: object) -> None:
    assert column(table, name).parse(raw) == stored


@pytest.mark.parametrize(
    ("table", "name", "raw", "reason"),
    [
        ("service", "name", "", "name is missing"),
        ("service", "minimum_age", "NaN", "is not a finite number"),
        ("service", "minimum_age", True, "is not a number"),
        ("service", "minimum_age", 10**400, "is not a number"),
        ("phone", "extension", "1.5", "is not a whole number"),
        ("phone", "extension", "99999999999", "is not a whole number"),
        ("cost_option", "amount", "1e20", "is too large"),
        ("location", "longitude", "-181", "is out of range"),
        ("schedule", "opens_at", "25:00", "is not a time"),
        ("schedule", "wkst", "XX", "is not one of"),
        ("service", "email", "nobody", "is not an email address"),
        ("service", "url", "not a url at all", "is not a web address"),
        ("service", "name", {"nested": 1}, "is not text"),
        ("service", "organization_id", 17, "is not a UUID"),
        ("address", "country", "USA", "longer than 2"),
    ],
)
def test_values_refused(table: str, name: str, raw: object, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        column(table, name).parse(raw)
