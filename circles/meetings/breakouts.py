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
) -> list[list[int]]:
    """Rooms of person ids, room sizes differing by at most one.

    ``seen_pairs`` lists pairs of ids who shared a breakout before (a pair may
    repeat: it then counts more). The same input and seed give the same rooms.
    """
    n = len(people)
    if n == 0:
        return []
    k = room_count(n, size)
    rng = np.random.default_rng(seed)

    index = {p.id: i for i, p in enumerate(people)}
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
        current = cost[np.arange(k), room[leaving]].sum()
        rows, cols = linear_sum_assignment(cost)
        if cost[rows, cols].sum() < current - 1e-9:
            room[leaving[rows]] = cols
            stale = 0
        else:
            stale += 1
            if stale >= max(25, 2 * k):
                break

    rooms: list[list[int]] = [[] for _ in range(k)]
    for i in range(n):
        rooms[room[i]].append(people[i].id)
    return rooms


def pairs_in(rooms: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    """Every pair of ids who share a room."""
    found: list[tuple[int, int]] = []
    for members in rooms:
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                found.append((members[x], members[y]))
    return found
