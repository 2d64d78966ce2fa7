"""Time the proposals for a whole waiting list: 5,000 people and 300 peer specialists.

Run: DEBUG=1 uv run python benchmarks/bench_matching.py
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "circles.settings")

import django

django.setup()

from circles.peerwork.matching import Offer, Seeker, propose, reasons  # noqa: E402
from circles.peerwork.models import AGE_RANGES, DAYS, DEFAULT_AREAS, IDENTITIES, PARTS_OF_DAY  # noqa: E402

LANGS = ["en"] * 12 + ["es"] * 4 + ["hmn", "so", "vi", "ar", "fr", "ase"]


def _some(rng: random.Random, values: list[str], most: int) -> list[str]:
    return rng.sample(values, rng.randint(0, most))


def facts(rng: random.Random, speaker: bool) -> dict[str, object]:
    days = [key for key, _label in DAYS]
    languages = ["en", *_some(rng, LANGS, 1)] if speaker else _some(rng, LANGS, 1)
    return {
        "areas": _some(rng, DEFAULT_AREAS, 3),
        "languages": sorted(set(languages)),
        "identities": _some(rng, [key for key, _l in IDENTITIES], 2),
        "gender": rng.choice(["", "woman", "man", "nonbinary"]),
        "age_range": rng.choice(["", *[key for key, _l in AGE_RANGES]]),
        "days": _some(rng, days, 4 if speaker else 3),
        "parts": _some(rng, [key for key, _l in PARTS_OF_DAY], 2),
        "ways": rng.sample(["in_person", "online", "phone"], rng.randint(1 if speaker else 0, 3)),
    }


def main(people: int = 5000, specialists: int = 300) -> None:
    rng = random.Random(13)
    seekers = [
        Seeker(id=i, prefs=facts(rng, speaker=False), waited_days=rng.randint(0, 40))
        for i in range(people)
    ]
    offers = [
        Offer(id=100_000 + j, facts=facts(rng, speaker=True), room=rng.randint(0, 8))
        for j in range(specialists)
    ]
    started = time.perf_counter()
    cpu_started = time.process_time()
    proposed = propose(seekers, offers)
    by_id = {o.id: o.facts for o in offers}
    prefs = {s.id: s.prefs for s in seekers}
    for seeker_id, ids in proposed.items():
        for offer_id in ids:
            reasons(prefs[seeker_id], by_id[offer_id])
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    with_any = sum(1 for ids in proposed.values() if ids)
    total = sum(len(ids) for ids in proposed.values())
    room = sum(o.room for o in offers)
    print(
        f"{people} waiting, {specialists} specialists ({room} places): "
        f"{elapsed:.1f} s ({cpu:.1f} s of CPU) for {total} proposals to {with_any} people, "
        f"{elapsed / max(with_any, 1) * 1000:.1f} ms per person proposed"
    )


if __name__ == "__main__":
    main()
