"""The framework and the certification rule packs, shipped as data in ``data/``.

``load_framework`` is idempotent: it adds what is new, updates wording, and
retires shipped items a newer version dropped (kept for the ratings that used
them). A migration runs it, and so can ``circles manage load_workforce_framework``.
"""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def framework_data() -> dict[str, Any]:
    return json.loads((DATA / "framework.json").read_text(encoding="utf-8"))


def load_framework(area_model: Any, competency_model: Any) -> int:
    """Bring the shipped framework tables up to the data file; returns the items touched.

    Takes the models so a migration can pass its historical ones.
    """
    data = framework_data()
    version = data["version"]
    touched = 0
    seen: set[tuple[str, str]] = set()
    for area_position, area in enumerate(data["areas"]):
        row, _created = area_model.objects.update_or_create(
            key=area["key"],
            defaults={
                "version": version,
                "kind": area["kind"],
                "title": area["title"],
                "summary": area.get("summary", ""),
                "position": area_position,
            },
        )
        for position, item in enumerate(area["items"]):
            seen.add((area["key"], item["key"]))
            competency_model.objects.update_or_create(
                area=row,
                key=item["key"],
                organization=None,
                defaults={
                    "text": item["text"],
                    "stages": item.get("stages", []),
                    "position": position,
                    "version": version,
                    "retired": False,
                },
            )
            touched += 1
    for item in competency_model.objects.filter(organization__isnull=True, retired=False):
        if (item.area.key, item.key) not in seen:
            item.retired = True
            item.save(update_fields=["retired"])
    return touched


# Certifications and continuing education ------------------------------------------------


@dataclass(frozen=True)
class RulePack:
    key: str
    name: str
    ce_hours: Decimal
    period_years: int
    source: str


@cache
def rule_packs() -> dict[str, RulePack]:
    data = json.loads((DATA / "certifications.json").read_text(encoding="utf-8"))
    return {
        pack["key"]: RulePack(
            key=pack["key"],
            name=pack["name"],
            ce_hours=Decimal(str(pack["ce_hours"])),
            period_years=int(pack["period_years"]),
            source=pack["source"],
        )
        for pack in data["packs"]
    }


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Period:
    """A continuing-education period, both ends included."""

    first: datetime.date
    last: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last


def period_ending(last: datetime.date, years: int) -> Period:
    """The period of ``years`` that ends on ``last`` (a certification's expiry date).

    It starts the day after the same date ``years`` earlier, so consecutive
    periods meet without a gap or a shared day, leap days included.
    """
    return Period(first=years_before(last, years) + datetime.timedelta(days=1), last=last)


def periods_ending(last: datetime.date, years: int, count: int) -> list[Period]:
    """``count`` consecutive periods, the newest (ending on ``last``) first."""
    periods = []
    for _ in range(count):
        period = period_ending(last, years)
        periods.append(period)
        last = period.first - datetime.timedelta(days=1)
    return periods


def hours_in(period: Period, records: list[tuple[datetime.date, Decimal]]) -> Decimal:
    """Continuing-education hours finished within the period: a course counts on its last day."""
    return sum((hours for day, hours in records if day in period), Decimal(0))


@dataclass(frozen=True)
class Progress:
    pack: RulePack
    period: Period
    done: Decimal
    needed: Decimal
    days_left: int

    @property
    def still_needed(self) -> Decimal:
        return max(self.needed - self.done, Decimal(0))

    @property
    def met(self) -> bool:
        return self.done >= self.needed

    @property
    def expired(self) -> bool:
        return self.days_left < 0


def progress_for(
    kind: str,
    expires_on: datetime.date,
    records: list[tuple[datetime.date, Decimal]],
    today: datetime.date,
) -> Progress | None:
    """Where a worker stands for one certification, or None for an unknown rule pack."""
    pack = rule_packs().get(kind)
    if pack is None:
        return None
    period = period_ending(expires_on, pack.period_years)
    return Progress(
        pack=pack,
        period=period,
        done=hours_in(period, records),
        needed=pack.ce_hours,
        days_left=(expires_on - today).days,
    )
