"""Where each helper sits on the circles-of-helpers picture (drawn as SVG by the page).

The person is in the middle; the closest helpers on the inner ring, the more
distant further out. Names are shortened on the picture only: the list beside it
says everything in full, for screen readers and anyone who prefers words.
"""

import math
from dataclasses import dataclass

from circles.plans.models import Helper

SIZE = 480
CENTRE = SIZE / 2
# Outer edge of the middle ("me") and of each ring; helpers sit between edges.
ME_RADIUS = 42
RING_EDGES = {1: 100, 2: 165, 3: 232}
LABEL_CHARS = 14


@dataclass(frozen=True)
class Placed:
    helper: Helper
    x: float
    y: float
    label: str
    # Labels near the left or right edge run inwards, so none is cut off.
    anchor: str


def rings() -> list[tuple[int, int]]:
    """(ring, outer radius), outermost first so inner rings are drawn on top."""
    return sorted(RING_EDGES.items(), key=lambda item: -item[1])


def short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"


def place(helpers: list[Helper]) -> list[Placed]:
    placed: list[Placed] = []
    for ring, outer in RING_EDGES.items():
        inner = ME_RADIUS if ring == 1 else RING_EDGES[ring - 1]
        radius = (inner + outer) / 2
        on_ring = [h for h in helpers if h.ring == ring]
        # Each ring starts at a different angle so labels of neighbouring rings
        # do not line up on top of each other.
        start = -math.pi / 2 + ring * 0.5
        for n, helper in enumerate(on_ring):
            angle = start + 2 * math.pi * n / max(len(on_ring), 1)
            x = round(CENTRE + radius * math.cos(angle), 1)
            anchor = "start" if x < CENTRE - 60 else "end" if x > CENTRE + 60 else "middle"
            placed.append(
                Placed(
                    helper=helper,
                    x=x,
                    y=round(CENTRE + radius * math.sin(angle), 1),
                    label=short(helper.name),
                    anchor=anchor,
                )
            )
    return placed
