"""Firing the same thing from many threads at once, on SQLite and PostgreSQL alike."""

import random
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")


def waiting_for_sqlite(action: Callable[[], T]) -> T:
    """Run ``action``, again if the in-memory SQLite test database said "locked".

    That database shares one cache between threads: there a second writer fails
    at once ("table is locked") rather than waiting for the lock as it does on a
    database file or PostgreSQL. Running an attempt again can only count it
    twice, never let it through twice.
    """
    pause = 0.002
    for _ in range(200):
        try:
            return action()
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            # Random, growing pauses, so the threads do not all try again together.
            time.sleep(random.uniform(0, pause))
            pause = min(pause * 2, 0.2)
    raise AssertionError("Could not get the SQLite write lock.")


def at_once(actions: list[Callable[[], T]]) -> list[T]:
    """Start every action in its own thread at the same moment; their results, in order."""
    start = threading.Barrier(len(actions))
    results: list[T | None] = [None] * len(actions)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = waiting_for_sqlite(actions[index])
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]
