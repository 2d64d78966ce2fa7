"""Pairs kept apart never share a breakout room; the keep-apart hooks are checked."""

from typing import Any

import pytest
from django.core.checks import Error
from hypothesis import given, settings
from hypothesis import strategies as st

from circles.meetings.breakouts import LIVED, STAFF, Person, split
from circles.meetings.checks import keep_apart_hooks_import
from circles.meetings.keep_apart import kept_apart_from


def people(n: int, staff: int = 0) -> list[Person]:
    return [Person(100 + i, STAFF if i < staff else LIVED) for i in range(n)]


def together(rooms: list[list[int]], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    where = {i: r for r, members in enumerate(rooms) for i in members}
    return [(a, b) for a, b in pairs if where[a] == where[b]]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    n=st.integers(min_value=2, max_value=40),
    size=st.integers(min_value=2, max_value=8),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    data=st.data(),
)
def test_a_few_pairs_are_always_kept_apart(n: int, size: int, seed: int, data: Any) -> None:
    group = people(n, staff=n // 6)
    ids = [p.id for p in group]
    # A worker may know several people; each person here is in at most one pair.
    count = data.draw(st.integers(min_value=1, max_value=max(1, n // 3)))
    chosen = data.draw(st.permutations(ids))[: 2 * count]
    pairs = [(chosen[i], chosen[i + 1]) for i in range(0, len(chosen) - 1, 2)]
    rooms = split(group, size, seed, apart=pairs)
    assert together(rooms, pairs) == []
    assert sorted(i for r in rooms for i in r) == sorted(ids)
    lengths = [len(r) for r in rooms]
    assert max(lengths) - min(lengths) <= 1


@pytest.mark.parametrize("seed", range(10))
def test_one_worker_kept_apart_from_several_people(seed: int) -> None:
    group = people(16, staff=3)
    worker = group[0].id
    pairs = [(worker, p.id) for p in group[5:9]]
    rooms = split(group, 4, seed, apart=pairs)
    assert together(rooms, pairs) == []


def test_a_pair_in_a_small_meeting_gets_a_second_room() -> None:
    group = people(3)
    rooms = split(group, 6, seed=1, apart=[(100, 101)])
    assert len(rooms) == 2
    assert together(rooms, [(100, 101)]) == []


def test_without_pairs_the_split_is_unchanged() -> None:
    group = people(12, staff=2)
    assert split(group, 4, seed=5) == split(group, 4, seed=5, apart=[])


def test_kept_apart_from_finds_the_other_side_of_each_pair() -> None:
    pairs = {frozenset({1, 2}), frozenset({3, 4}), frozenset({5, 6})}
    assert kept_apart_from(pairs, {1, 4}) == {2, 3}
    assert kept_apart_from(pairs, {5, 6}) == set()


def test_the_check_names_a_hook_that_cannot_be_found(settings: Any) -> None:
    settings.CIRCLES_KEEP_APART = ["circles.meetings.keep_apart.no_such_thing", "os.sep"]
    errors = keep_apart_hooks_import()
    assert [e.id for e in errors] == ["meetings.E001", "meetings.E001"]
    assert all(isinstance(e, Error) for e in errors)
    settings.CIRCLES_KEEP_APART = ["circles.safety.ethics.queries.kept_apart_pairs"]
    assert keep_apart_hooks_import() == []
