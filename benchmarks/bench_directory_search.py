"""Time directory search over 50,000 services: median and p95 per kind of search.

Run on SQLite (a fresh file under /tmp):
    uv run python benchmarks/bench_directory_search.py
and on PostgreSQL (the database is migrated and its directory rows replaced):
    DATABASE_URL=postgres://... uv run python benchmarks/bench_directory_search.py

It builds one published directory of SERVICES made-up services (each with a
place, a phone, weekday hours, a category and, for one in five, a language;
names and descriptions from a wide made-up vocabulary with a few topic words),
then runs each search ROUNDS times through ``search_services``, the function
the /resources/ page calls, and prints milliseconds per search.
"""

import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SERVICES = int(os.environ.get("BENCH_SERVICES", "50000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
BATCH = 2000

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("CIRCLES_ENCRYPTION_KEYS", "7zd1i2PsxFbW0m7sQ0Cq3mUXH_cE0DsV3Lr4s4yU3hY=")
os.environ.setdefault("CIRCLES_AUDIT_KEYS", "benchmark-audit-key-not-for-production-use-0123456789")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from circles.accounts.models import Organization  # noqa: E402
from circles.directory.linking.geo import Point  # noqa: E402
from circles.directory.linking.search import SearchFilters, search_services  # noqa: E402
from circles.directory.models import (  # noqa: E402
    Attribute,
    DirectoryOrganization,
    DirectorySettings,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

WORDS = [
    "food",
    "pantry",
    "groceries",
    "meals",
    "housing",
    "shelter",
    "rent",
    "eviction",
    "legal",
    "advice",
    "clinic",
    "recovery",
    "meeting",
    "peer",
    "support",
    "respite",
    "warmline",
    "youth",
    "teen",
    "job",
    "training",
    "benefits",
    "counselling",
    "transport",
    "clothing",
    "health",
    "dental",
    "immigration",
    "veterans",
    "family",
    "parenting",
]
# Real descriptions use a wide vocabulary: each service gets 30 words from 5,000
# made-up ones, and its name and description four of the topic words above, so a
# topic word is in about one service in eight, as "food" might be in a city's directory.
FILLER = [
    "".join(random.Random(n).choices("bcdfghjklmnprstvwz", k=3)) + "ola" + str(n % 97)
    for n in range(5000)
]
CATEGORIES = ["Food", "Housing and shelter", "Legal help", "Recovery meetings", "Peer support"]
CENTRE = Point(39.78, -89.65)  # Springfield, Illinois
# A Wednesday at noon in the organisation's timezone, so "open now" finds services.
NOON = datetime.datetime(2026, 12, 2, 17, 0, tzinfo=datetime.UTC)


def build(owner: Organization) -> None:
    rng = random.Random(14)
    Service.objects.filter(owner=owner).delete()
    provider = DirectoryOrganization.objects.create(
        owner=owner, hsds_id=uuid.uuid4(), name="Benchmark providers"
    )
    terms = [
        TaxonomyTerm.objects.create(owner=owner, hsds_id=uuid.uuid4(), name=name)
        for name in CATEGORIES
    ]
    made = 0
    while made < SERVICES:
        n = min(BATCH, SERVICES - made)
        with transaction.atomic():
            services = Service.objects.bulk_create(
                Service(
                    owner=owner,
                    hsds_id=uuid.uuid4(),
                    organization=provider,
                    name=" ".join(rng.sample(WORDS, 2)).capitalize() + f" {made + i}",
                    description=" ".join([*rng.choices(FILLER, k=30), *rng.sample(WORDS, 2)]),
                )
                for i in range(n)
            )
            locations = Location.objects.bulk_create(
                Location(
                    owner=owner,
                    hsds_id=uuid.uuid4(),
                    name="Main office",
                    latitude=CENTRE.latitude + rng.uniform(-2, 2),
                    longitude=CENTRE.longitude + rng.uniform(-2, 2),
                )
                for _ in services
            )
            places = ServiceAtLocation.objects.bulk_create(
                ServiceAtLocation(owner=owner, hsds_id=uuid.uuid4(), service=s, location=loc)
                for s, loc in zip(services, locations, strict=True)
            )
            Phone.objects.bulk_create(
                Phone(owner=owner, hsds_id=uuid.uuid4(), service=s, number="555 0100")
                for s in services
            )
            Schedule.objects.bulk_create(
                Schedule(
                    owner=owner,
                    hsds_id=uuid.uuid4(),
                    service=s,
                    freq="WEEKLY",
                    byday=rng.choice(["MO,TU,WE,TH,FR", "SA,SU", "MO,WE,FR", "TU,TH"]),
                    opens_at=datetime.time(rng.choice([8, 9, 10, 12])),
                    closes_at=datetime.time(rng.choice([15, 17, 20])),
                )
                for s in services
            )
            Attribute.objects.bulk_create(
                Attribute(
                    owner=owner,
                    hsds_id=uuid.uuid4(),
                    link_id=s.hsds_id,
                    link_entity="service",
                    taxonomy_term=rng.choice(terms),
                )
                for s in services
            )
            Language.objects.bulk_create(
                Language(owner=owner, hsds_id=uuid.uuid4(), service=s, name="Spanish", code="es")
                for s in services[::5]
            )
            assert len(places) == n
        made += n
        print(f"  {made} services", end="\r", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


CASES = [
    ("one common word", "food", SearchFilters()),
    ("two words", "legal advice", SearchFilters()),
    ("a topic word, stemmed", "evictions", SearchFilters()),
    ("a rarer word", FILLER[123], SearchFilters()),
    ("no words, first page", "", SearchFilters()),
    ("category", "", SearchFilters(category="Food")),
    (
        "word + category + language",
        "support",
        SearchFilters(category="Peer support", language="es"),
    ),
    ("near a place, 10 miles", "", SearchFilters(near=CENTRE, within_miles=10)),
    ("word + near, 25 miles", "shelter", SearchFilters(near=CENTRE, within_miles=25)),
    ("word + open now", "food", SearchFilters(open_now=True)),
    ("open now, no words", "", SearchFilters(open_now=True)),
]


def main() -> None:
    call_command("migrate", verbosity=0)
    owner, _ = Organization.objects.get_or_create(
        slug="bench-directory", defaults={"name": "Benchmark directory"}
    )
    DirectorySettings.objects.update_or_create(owner=owner, defaults={"publish_to_everyone": True})
    if Service.objects.filter(owner=owner).count() != SERVICES or os.environ.get("BENCH_REBUILD"):
        print(f"Building {SERVICES} services on {connection.vendor}...", flush=True)
        build(owner)
    print(f"{'search':<30} {'found':>6} {'median ms':>10} {'p95 ms':>8}")
    for label, words, filters in CASES:
        times = []
        found = 0
        for _ in range(ROUNDS):
            started = time.perf_counter()
            page = search_services(words, filters, now=NOON)
            times.append((time.perf_counter() - started) * 1000)
            found = page.count
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{label:<30} {found:>6} {statistics.median(times):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
