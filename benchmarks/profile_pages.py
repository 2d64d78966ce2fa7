"""Time and profile pages on the demo data, in one process (no server).

    uv run python benchmarks/profile_pages.py            # timings and query counts
    uv run python benchmarks/profile_pages.py --profile  # plus the top of a cProfile

It builds a throwaway demo database in a temporary folder (SQLite), signs in
as the demo people with Django's test client and requests each page many
times. The numbers are for comparing before and after a change on the same
machine, not a load test: wall-clock median and p95, the median CPU time of
this process (steadier on a busy machine, but blind to waiting for the disk),
the queries of one request and its size.
"""

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("CIRCLES_DATA_DIR") or tempfile.mkdtemp(prefix="circles-bench-"))
DATA.mkdir(parents=True, exist_ok=True)
os.environ["CIRCLES_DATA_DIR"] = str(DATA)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
if "CIRCLES_ENCRYPTION_KEYS" not in os.environ:
    from cryptography.fernet import Fernet

    os.environ["CIRCLES_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
os.environ.setdefault("CIRCLES_AUDIT_KEYS", "bench-audit-key-" + "y" * 32)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from circles.home.demo import load_demo_data  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))


def pages() -> list[tuple[str, str | None, str]]:
    from django.utils import timezone

    from circles.meetings.models import Meeting

    meeting = (
        Meeting.objects.filter(
            group__facilitators__email="specialist@example.org", starts_at__lte=timezone.now()
        )
        .order_by("starts_at")
        .last()
    )
    assert meeting is not None
    m = f"/o/riverside/meetings/{meeting.pk}/"
    return [
        ("healthz (floor)", None, "/healthz"),
        ("specialist home", "specialist@example.org", "/o/riverside/"),
        ("meeting page", "specialist@example.org", m),
        ("attendance", "specialist@example.org", m + "attendance/"),
        ("admin home", "admin@example.org", "/o/riverside/"),
        ("members", "admin@example.org", "/o/riverside/members/"),
        ("feedback overview", "supervisor@example.org", "/o/riverside/feedback/"),
        ("finder", None, "/groups/"),
        ("help", None, "/help/"),
        ("meeting guide", None, "/groups/meeting-guide.json"),
        ("hsds", None, "/groups/hsds.json"),
    ]


def client_for(email: str | None) -> Client:
    from circles.accounts.models import User

    client = Client()
    if email:
        client.force_login(User.objects.get(email=email))
    return client


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_demo_data()
    profile = "--profile" in sys.argv
    print(f"{'page':22} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} {'queries':>8} {'bytes':>8}")
    for name, email, path in pages():
        client = client_for(email)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries: list[str] = []

        def counted(execute: Any, sql: str, *args: Any, seen: list[str] = queries) -> Any:
            seen.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(counted):
            response = client.get(path)
        times = []
        cpu = []
        profiler = cProfile.Profile() if profile and email else None
        for _ in range(ROUNDS):
            start = time.perf_counter()
            cpu_start = time.process_time()
            if profiler:
                profiler.enable()
            client.get(path)
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        size = len(response.content) if not response.streaming else 0
        print(
            f"{name:22} {statistics.median(times):10.1f} {p95:8.1f} {statistics.median(cpu):7.1f} "
            f"{len(queries):8d} {size:8d}"
        )
        if profiler:
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
