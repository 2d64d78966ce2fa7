from circles.plans.circles_map import CENTRE, RING_EDGES, SIZE, place, short
from circles.plans.models import Helper


def test_helpers_sit_on_their_own_ring_inside_the_picture() -> None:
    helpers = [Helper(name=f"H{n}", ring=1 + n % 3) for n in range(9)]
    for spot in place(helpers):
        distance = ((spot.x - CENTRE) ** 2 + (spot.y - CENTRE) ** 2) ** 0.5
        outer = RING_EDGES[spot.helper.ring]
        inner = RING_EDGES.get(spot.helper.ring - 1, 42)
        assert inner < distance < outer
        assert 0 < spot.x < SIZE and 0 < spot.y < SIZE


def test_long_names_are_shortened_on_the_picture_only() -> None:
    assert short("The public library on Main Street") == "The public li…"
    assert short("Dana") == "Dana"
