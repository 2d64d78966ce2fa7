"""Time the breakout split for rooms of 20, 50 and 200 people.

Run: uv run python benchmarks/bench_breakouts.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from circles.meetings.breakouts import LIVED, STAFF, Person, pairs_in, split


def people(n: int) -> list[Person]:
    # About one person in six is staff, as in a large training day.
    return [Person(i, STAFF if i % 6 == 0 else LIVED) for i in range(n)]


def main() -> None:
    for n in (20, 50, 200):
        group = people(n)
        seen = pairs_in(split(group, 4, seed=1)) + pairs_in(split(group, 4, seed=2))
        best = float("inf")
        for attempt in range(5):
            started = time.perf_counter()
            split(group, 4, seed=10 + attempt, seen_pairs=seen)
            best = min(best, time.perf_counter() - started)
        print(f"{n:>4} people, groups of 4: {best * 1000:.1f} ms (best of 5)")
        # One person in ten is kept apart from another (declared dual relationships).
        apart = [(i, i + 1) for i in range(0, n, 10)]
        best = float("inf")
        for attempt in range(5):
            started = time.perf_counter()
            split(group, 4, seed=10 + attempt, seen_pairs=seen, apart=apart)
            best = min(best, time.perf_counter() - started)
        print(f"{n:>4} people, {len(apart)} pairs kept apart: {best * 1000:.1f} ms (best of 5)")


if __name__ == "__main__":
    main()
