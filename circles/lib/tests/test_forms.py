"""Id fields: a value that cannot be an id is a form error, never a database error."""

import pytest

from circles.lib.forms import MAX_ID, parse_id


@pytest.mark.parametrize("value", ["1", " 42 ", 7, str(MAX_ID)])
def test_ids_are_read(value: object) -> None:
    assert parse_id(value) == int(str(value).strip())


@pytest.mark.parametrize(
    "value",
    ["", "0", "-1", "²", "١٢", "1.5", "1e3", str(MAX_ID + 1), "9" * 5000, "12\x00", True, None],
)
def test_anything_else_is_not_an_id(value: object) -> None:
    assert parse_id(value) is None
