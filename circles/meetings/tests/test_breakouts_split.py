"""The breakout split: balanced, roles spread, new faces across meetings."""

from collections import Counter

import numpy as np
import pytest

from circles.meetings.breakouts import FAMILY, LIVED, STAFF, Person, pairs_in, split


def people(n: int, staff: int = 0, family: int = 0) -> list[Person]:
    roles = [STAFF] * staff + [FAMILY] * family + [LIVED] * (n - staff - family)
    return [Person(100 + i, role) for i, role in enumerate(roles)]


@pytest.mark.parametrize("n", [2, 3, 5, 7, 9, 10, 13, 17, 24, 31, 50, 99])
@pytest.mark.parametrize("size", [2, 3, 4, 5, 7])
def test_sizes_are_balanced_and_everyone_has_one_seat(n: int, size: int) -> None:
    group = people(n, staff=n // 5)
    rooms = split(group, size, seed=n * size)
    assert len(rooms) == -(-n // size)
    lengths = [len(r) for r in rooms]
    assert max(lengths) - min(lengths) <= 1
    assert sorted(i for r in rooms for i in r) == sorted(p.id for p in group)


@pytest.mark.parametrize("seed", range(8))
def test_no_room_gets_two_staff_while_another_has_none(seed: int) -> None:
    group = people(21, staff=4, family=3)
    rooms = split(group, 4, seed=seed)
    role = {p.id: p.role for p in group}
    for kind in (STAFF, FAMILY):
        counts = [sum(role[i] == kind for i in r) for r in rooms]
        assert max(counts) - min(counts) <= 1, (kind, counts)


def test_staff_stay_spread_even_when_they_have_met_everyone() -> None:
    group = people(12, staff=3)
    seen = [(a.id, b.id) for a in group for b in group if a.id < b.id and a.role == STAFF]
    rooms = split(group, 4, seed=3, seen_pairs=seen * 3)
    assert [sum(i < 103 for i in r) for r in rooms] == [1, 1, 1]


def test_same_seed_same_rooms_and_other_seeds_differ() -> None:
    group = people(30, staff=5)
    assert split(group, 4, seed=7) == split(group, 4, seed=7)
    splits = {str(split(group, 4, seed=s)) for s in range(5)}
    assert len(splits) > 1


def repeats_over_meetings(choose: "object", meetings: int = 6) -> int:
    group = people(20, staff=2)
    seen: list[tuple[int, int]] = []
    repeats = 0
    for m in range(meetings):
        rooms = choose(group, seen, m)  # type: ignore[operator]
        pairs = pairs_in(rooms)
        before = Counter(tuple(sorted(p)) for p in seen)
        repeats += sum(1 for p in pairs if before[tuple(sorted(p))])
        seen += pairs
    return repeats


def test_across_meetings_people_meet_someone_new_far_more_than_by_chance() -> None:
    ours = repeats_over_meetings(lambda g, seen, m: split(g, 4, seed=m, seen_pairs=seen))

    def random_split(g: list[Person], seen: object, m: int) -> list[list[int]]:
        ids = np.random.default_rng(m).permutation([p.id for p in g])
        return [list(map(int, ids[i::5])) for i in range(5)]

    by_chance = repeats_over_meetings(random_split)
    # Twenty people in fives over six meetings: chance repeats dozens of pairs.
    assert by_chance >= 20
    assert ours <= by_chance // 3


def test_a_room_of_two_hundred_is_split() -> None:
    group = people(200, staff=30, family=10)
    first = split(group, 4, seed=1)
    rooms = split(group, 4, seed=2, seen_pairs=pairs_in(first))
    assert len(rooms) == 50
    assert {len(r) for r in rooms} == {4}


def test_nobody_and_one_person() -> None:
    assert split([], 4, seed=1) == []
    assert split(people(1), 4, seed=1) == [[100]]
