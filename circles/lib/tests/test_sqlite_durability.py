"""A write that Circles acknowledged survives the process being killed.

Several writer processes (``sqlite_writer.py``, configured by Circles' real
settings) insert rows into one SQLite file at once, printing each row only
after its transaction committed. They are killed with SIGKILL at random
moments and some are started again. Every acknowledged row must still be
there, and the file must pass its integrity check.
"""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
WRITERS = 4
SEED = 20250611
CHAOS_SECONDS = 5.0
MAX_KILLS = 12


class Writer:
    def __init__(self, number: int, env: dict[str, str], restarted: bool = False) -> None:
        self.number = number
        self.restarted = restarted
        self.process = subprocess.Popen(
            [sys.executable, "-m", "circles.lib.tests.sqlite_writer", str(number)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def ready(self) -> bool:
        return bool(self.lines)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.reader.join(timeout=10)

    def acknowledged(self) -> set[tuple[int, int]]:
        # A line cut off by the kill was never finished, so it acknowledges nothing.
        complete = [line for line in self.lines[1:] if line.endswith("\n")]
        return {(self.number, int(line)) for line in complete}

    def stderr(self) -> str:
        assert self.process.stderr is not None
        return self.process.stderr.read()


@pytest.mark.slow
def test_acknowledged_writes_survive_killed_writers(tmp_path: Path) -> None:
    path = tmp_path / "durability.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "1",
        "CIRCLES_DATA_DIR": str(tmp_path),
        "CIRCLES_SQLITE_PATH": str(path),
    }
    env.pop("DATABASE_URL", None)
    with closing(sqlite3.connect(path)) as database:
        database.execute("PRAGMA journal_mode=WAL")
        # UNIQUE: a restarted writer that reused a number would fail loudly.
        database.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, writer INT, seq INT, UNIQUE (writer, seq))"
        )

    writers = [Writer(number, env) for number in range(1, WRITERS + 1)]
    finished: list[Writer] = []
    deadline = time.monotonic() + 20
    while not all(writer.ready for writer in writers) and time.monotonic() < deadline:
        if any(writer.process.poll() is not None for writer in writers):
            break
        time.sleep(0.05)
    first_lines = [writer.lines[0] if writer.lines else "" for writer in writers]
    if not all(first_lines):
        for writer in writers:
            writer.kill()
        pytest.fail("a writer did not start: " + " | ".join(w.stderr() for w in writers))

    for line in first_lines:
        settings = dict(item.split("=") for item in line.split()[1:])
        assert settings["journal_mode"] == "wal"
        assert settings["synchronous"] == "2", "synchronous=FULL"
        assert int(settings["busy_timeout"]) >= 5000, "waits for a busy database, not fail"

    chance = random.Random(SEED)
    kills = 0
    stop = time.monotonic() + CHAOS_SECONDS
    while kills < MAX_KILLS and time.monotonic() < stop:
        time.sleep(chance.uniform(0.1, 0.5))
        # Kill only writers that are writing; a kill during start-up tests nothing.
        writing = [writer for writer in writers if writer.ready]
        if not writing:
            continue
        victim = chance.choice(writing)
        victim.kill()
        kills += 1
        finished.append(victim)
        writers.remove(victim)
        if chance.random() < 0.75 or not writers:
            writers.append(Writer(victim.number, env, restarted=True))
    # On a busy machine a restarted writer takes a while to start; give the survivors
    # time to write again before the last kill, so the restart check means something.
    if not any(writer.restarted for writer in writers):
        victim = writers.pop(0)
        victim.kill()
        kills += 1
        finished.append(victim)
        writers.append(Writer(victim.number, env, restarted=True))
    settle = time.monotonic() + 30
    while (
        any(writer.restarted for writer in writers)
        and not any(len(writer.acknowledged()) >= 3 for writer in writers if writer.restarted)
        and time.monotonic() < settle
    ):
        time.sleep(0.1)
    for writer in writers:
        writer.kill()
        finished.append(writer)

    for writer in finished:
        # Killed by us, never stopped by an error such as "database is locked".
        assert writer.process.returncode == -signal.SIGKILL, writer.stderr()
    acknowledged = set().union(*(writer.acknowledged() for writer in finished))
    assert kills >= WRITERS
    restarted = [writer for writer in finished if writer.restarted]
    assert any(writer.acknowledged() for writer in restarted), "a restarted writer wrote again"
    assert len(acknowledged) >= 100, "the writers should have written plenty in the time"

    with closing(sqlite3.connect(path)) as database:
        stored = set(database.execute("SELECT writer, seq FROM t").fetchall())
        assert database.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    missing = acknowledged - stored
    assert not missing, f"{len(missing)} acknowledged writes were lost, e.g. {sorted(missing)[:5]}"
