"""Split the people present into breakout groups.

A pure function: no database. The seed (000) asks for small groups where people
with lived experience are not outnumbered by relatives or specialists; across
meetings of a group, people should also get to meet someone new.

How it works: people are dealt round-robin into rooms by role (so sizes differ
by at most one and each role is spread), then a local search improves the
split. Each round takes one person out of every room and puts them back with
``scipy.optimize.linear_sum_assignment`` on a person x room cost matrix: the
cost of a person in a room is how many of their own role are already there
(weighted: two staff in one room is much worse than two peers) plus how many
of the people there they have already been with. Because exactly one person
leaves and one arrives per room, the matrix is the exact change in the total
cost, so every round keeps or improves the split.

Some pairs must never share a room (a worker and someone they know in another
way, see ``circles.meetings.keep_apart``). Sharing a room costs such a pair far
more than anything else, and a last pass swaps people between rooms until no
such pair is left together, whenever a swap can do it (with one pair, or a few
among many people, it always can).
"""

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment

LIVED = "lived"  # participants and guests
STAFF = "staff"  # specialists, facilitators, supervisors, the meeting's leader
FAMILY = "family"  # relatives and supporters, where known
ROLES = (STAFF, FAMILY, LIVED)

# A second staff member (or relative) in a room costs far more than meeting
# someone again, which costs more than a second peer (peers are most people).
ROLE_WEIGHT = {STAFF: 100.0, FAMILY: 100.0, LIVED: 1.0}
PAIR_WEIGHT = 10.0
# Anything is better than putting two people who must be kept apart together.
APART_WEIGHT = 1_000_000.0


class Person(NamedTuple):
    id: int
    role: str


def room_count(n: int, size: int) -> int:
    return max(1, math.ceil(n / max(1, size)))


def split(
    people: Sequence[Person],
    size: int,
    seed: int,
    seen_pairs: Iterable[tuple[int, int]] = (),
    rounds: int = 200,
    apart: Iterable[tuple[int, int]] = (),
) -> list[list[int]]:
    """Rooms of person ids, room sizes differing by at most one.

    ``seen_pairs`` lists pairs of ids who shared a breakout before (a pair may
    repeat: it then counts more). ``apart`` lists pairs of ids who must not share
    a room. The same input and seed give the same rooms.
    """
    n = len(people)
    if n == 0:
        return []
    index = {p.id: i for i, p in enumerate(people)}
    bad = np.zeros((n, n))
    for a, b in apart:
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None and i != j:
            bad[i, j] = bad[j, i] = 1
    has_apart = bool(bad.any())
    k = room_count(n, size)
    if k == 1 and has_apart:
        # A pair to keep apart needs a second room, however small.
        k = 2
    rng = np.random.default_rng(seed)

    role_of = np.array([ROLES.index(p.role) if p.role in ROLES else 2 for p in people])
    weights = np.array([ROLE_WEIGHT[r] for r in ROLES])

    seen = np.zeros((n, n))
    for a, b in seen_pairs:
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None and i != j:
            seen[i, j] += 1
            seen[j, i] += 1

    # Deal: shuffle, then order by role (staff first) and go round the rooms.
    order = rng.permutation(n)
    order = order[np.argsort(role_of[order], kind="stable")]
    room = np.empty(n, dtype=int)
    room[order] = np.arange(n) % k
    if k == 1:
        return [[p.id for p in people]]

    role_onehot = np.eye(len(ROLES))[role_of]  # n x roles
    stale = 0
    for _ in range(rounds):
        members = np.eye(k)[room]  # n x k
        # One person from each room, chosen at random, leaves for a moment.
        leaving = np.array([rng.choice(np.flatnonzero(room == r)) for r in range(k)])
        rest = members.copy()
        rest[leaving] = 0
        role_counts = rest.T @ role_onehot  # k x roles
        cost = role_counts[:, role_of[leaving]].T * weights[role_of[leaving]][:, None]
        cost += PAIR_WEIGHT * (seen[leaving] @ rest)
        if has_apart:
            cost += APART_WEIGHT * (bad[leaving] @ rest)
        current = cost[np.arange(k), room[leaving]].sum()
        rows, cols = linear_sum_assignment(cost)
        if cost[rows, cols].sum() < current - 1e-9:
            room[leaving[rows]] = cols
            stale = 0
        else:
            stale += 1
            if stale >= max(25, 2 * k):
                break

    if has_apart:
        _separate(room, bad)

    rooms: list[list[int]] = [[] for _ in range(k)]
    for i in range(n):
        rooms[room[i]].append(people[i].id)
    return rooms


def _separate(room: np.ndarray, bad: np.ndarray) -> None:
    """Swap people between rooms until no pair to keep apart shares one, where a swap can.

    A swap is made only if it puts neither person with someone they must be kept
    apart from, so each swap lowers the number of such pairs together and the loop ends.
    """
    n = len(room)
    for _ in range(n * n):
        together = np.argwhere(np.triu(bad, 1) * (room[:, None] == room[None, :]))
        if len(together) == 0:
            return
        swapped = False
        for i in together[0]:
            for other in range(n):
                if room[other] == room[i]:
                    continue
                there = (room == room[other]) & (np.arange(n) != other)
                here = (room == room[i]) & (np.arange(n) != i)
                if not bad[i][there].any() and not bad[other][here].any():
                    room[i], room[other] = room[other], room[i]
                    swapped = True
                    break
            if swapped:
                break
        if not swapped:
            return


def pairs_in(rooms: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    """Every pair of ids who share a room."""
    found: list[tuple[int, int]] = []
    for members in rooms:
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                found.append((members[x], members[y]))
    return found
