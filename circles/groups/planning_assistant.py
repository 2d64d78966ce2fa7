"""The planning assistant for "when": which day and part of the day suits the most people.

A pure function over the slot lists people gave (see ``Availability.slots``), so
it can be tested without a database and stays fast with hundreds of people:
one pass with a Counter over at most 21 slot keys per person.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from circles.groups.models import DAY_KEYS, DAY_PARTS, SLOT_KEYS, Weekday

SLOT_ORDER = {key: index for index, key in enumerate(SLOT_KEYS)}
PART_LABELS = {key: label for key, label, _start, _end in DAY_PARTS}
DAY_LABELS = dict(zip(DAY_KEYS, Weekday.labels, strict=True))


def slot_words(key: str) -> tuple[Any, Any]:
    """("Tuesday", "Evening") for "tue-evening"."""
    day, part = key.split("-", 1)
    return DAY_LABELS[day], PART_LABELS[part]


def slot_in_words(key: str) -> str:
    """ "Tuesday evening" for "tue-evening"."""
    day, part = slot_words(key)
    return f"{day} {str(part).lower()}"


def slots_in_words(keys: list[str]) -> str:
    return ", ".join(slot_in_words(key) for key in keys)


@dataclass(frozen=True)
class Suggestion:
    key: str
    day: Any
    part: Any
    count: int
    total: int
    venue_available: bool

    @property
    def percent(self) -> int:
        """Share of people this slot suits, rounded down to a multiple of 5 (for the bar)."""
        if not self.total:
            return 0
        return self.count * 100 // self.total // 5 * 5


def suggest_slots(
    slot_lists: Iterable[Iterable[str]], venue_availability: Iterable[str] = ()
) -> tuple[list[Suggestion], int]:
    """Every slot at least one person can come to, best first, and how many people answered.

    Slots the venue is not available for (when the venue says when it is available
    at all) come after every slot it is available for, whatever their count.
    Unknown keys and repeats within one person's list are ignored.
    """
    counts: Counter[str] = Counter()
    total = 0
    for slots in slot_lists:
        total += 1
        counts.update(set(slots))
    venue_slots = set(venue_availability)
    suggestions = [
        Suggestion(
            key=key,
            day=slot_words(key)[0],
            part=slot_words(key)[1],
            count=count,
            total=total,
            venue_available=not venue_slots or key in venue_slots,
        )
        for key, count in counts.items()
        if key in SLOT_ORDER and count > 0
    ]
    suggestions.sort(key=lambda s: (not s.venue_available, -s.count, SLOT_ORDER[s.key]))
    return suggestions, total
