"""Postcode centres and distances."""

from decimal import Decimal

import pytest

from circles.directory.linking.geo import (
    Point,
    bounding_box,
    miles_between,
    normalise_postcode,
    postcode_centre,
)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("02139", "02139"),
        (" 02139-4307 ", "02139"),
        ("2139", None),
        ("０２１３９", None),
        ("", None),
    ],
)
def test_normalise_postcode(typed: str, code: str | None) -> None:
    assert normalise_postcode(typed) == code


def test_postcode_centre_comes_from_the_shipped_list() -> None:
    centre = postcode_centre("10001")
    assert centre is not None
    assert centre.latitude == pytest.approx(40.75, abs=0.05)
    assert centre.longitude == pytest.approx(-74.0, abs=0.05)
    assert postcode_centre("00000") is None
    assert postcode_centre("not a zip") is None


def test_miles_between_known_cities() -> None:
    new_york = Point(40.7128, -74.0060)
    boston = Point(42.3601, -71.0589)
    assert miles_between(new_york, boston) == pytest.approx(190, abs=5)
    assert miles_between(boston, boston) == 0


def test_point_refuses_impossible_values() -> None:
    assert Point.of("91", "0") is None
    assert Point.of("nan", "0") is None
    assert Point.of(None, "0") is None
    assert Point.of("1e999", "0") is None
    assert Point.of(Decimal("40.1"), Decimal("-70.2")) == Point(40.1, -70.2)


def test_bounding_box_holds_the_circle() -> None:
    centre = Point(42.0, -71.0)
    south, north, west, east = bounding_box(centre, 10)
    for point in (Point(42.14, -71.0), Point(41.86, -71.0), Point(42.0, -71.19)):
        assert miles_between(centre, point) < 10.1
        assert south <= Decimal(str(point.latitude)) <= north
        assert west <= Decimal(str(point.longitude)) <= east
