"""Feedback results that never reveal one person's answers.

The rule (DESIGN.md): nothing is shown for fewer than 5 answers. Suppressing
small slices is not enough on its own: two allowed views can be subtracted
(all dates minus all dates but one week; the whole group now minus the whole
group yesterday), leaving a handful of answers exposed. So every view is built
from the same indivisible **periods**:

- Only *released* answers count: those whose meeting's feedback link has
  closed. A released answer can never change, be added to or be removed by the
  person answering, so a period, once formed, is fixed for good.
- Each group's released answers are taken meeting by meeting, in the order the
  meetings' links closed (a later close always comes after every earlier one,
  because a window is fixed when its first answer arrives, while it is open).
  Meetings are added to the current period until it holds at least 5 answers;
  then it is complete and the next one starts. A period holds whole meetings.
- The last, incomplete period is never shown: "waiting for more answers".

Every page, CSV and API response shows periods or unions of whole periods
(date ranges select periods by their last meeting; a facilitator's view is the
union of their groups). The difference of two unions of periods is again a
union of periods, each of 5 answers or more, so differencing reveals nothing
finer than a period. Tests in tests/test_results_suppression.py check this.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.models import Organization, User
from circles.feedback.models import (
    QUESTION_COUNT,
    FeedbackPrompt,
    FeedbackResponse,
    FeedbackSettings,
)
from circles.groups.models import SupportGroup

MIN_RESPONSES = 5
# A drop is measured against the average of up to this many periods before.
RECENT_PERIODS = 3


def _one_decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Summary:
    """Averages over at least MIN_RESPONSES answers."""

    count: int
    sums: tuple[int, ...]

    @property
    def means(self) -> tuple[Decimal, ...]:
        return tuple(_one_decimal(s / self.count) for s in self.sums)

    @property
    def average_total(self) -> Decimal:
        return _one_decimal(sum(self.sums) / self.count)


@dataclass(frozen=True)
class Period(Summary):
    """An indivisible block of whole meetings of one group, with at least 5 answers."""

    group_id: int = 0
    index: int = 0  # position in the group's sequence; stable for ever
    first_date: date = date.min
    last_date: date = date.min
    meetings: int = 0
    response_ids: tuple[int, ...] = ()


@dataclass
class GroupResults:
    group_id: int
    periods: list[Period] = field(default_factory=list)
    # Answers not shown yet: their link is still open, or too few to form a period.
    waiting: int = 0


_FIELDS = (
    "id",
    "group_id",
    "meeting_date",
    "window_closes",
    "score_1",
    "score_2",
    "score_3",
    "score_4",
)


def results_query(organization: Organization, group_ids: list[int]) -> Any:
    """The answers of these groups, group by group, in the order their links closed."""
    return (
        FeedbackResponse.objects.for_org(organization)
        .filter(group_id__in=group_ids)
        # The order of the feedback_group_closes index: no sort. The order of answers
        # within one meeting does not matter, as a period holds whole meetings.
        .order_by("group_id", "window_closes", "meeting_date")
        .values_list(*_FIELDS)
    )


def results_for_groups(
    organization: Organization, group_ids: Iterable[int], now: datetime | None = None
) -> dict[int, GroupResults]:
    """Every requested group's periods, in one query whatever the number of answers."""
    now = now or timezone.now()
    wanted = list(group_ids)
    found: dict[int, GroupResults] = {gid: GroupResults(gid) for gid in wanted}
    rows = results_query(organization, wanted)
    pending: dict[int, list[tuple[Any, ...]]] = {}
    last_key: dict[int, tuple[Any, Any]] = {}
    for row in rows:
        _id, group_id, meeting_date, closes = row[0], row[1], row[2], row[3]
        result = found[group_id]
        if closes > now:
            result.waiting += 1
            continue
        key = (closes, meeting_date)
        block = pending.setdefault(group_id, [])
        if block and key != last_key[group_id] and len(block) >= MIN_RESPONSES:
            result.periods.append(_period(group_id, len(result.periods), block))
            block = pending[group_id] = []
        block.append(row)
        last_key[group_id] = key
    for group_id, block in pending.items():
        if len(block) >= MIN_RESPONSES:
            found[group_id].periods.append(_period(group_id, len(found[group_id].periods), block))
        else:
            found[group_id].waiting += len(block)
    return found


def _period(group_id: int, index: int, rows: list[tuple[Any, ...]]) -> Period:
    sums = tuple(sum(r[4 + q] for r in rows) for q in range(QUESTION_COUNT))
    dates = [r[2] for r in rows]
    return Period(
        count=len(rows),
        sums=sums,
        group_id=group_id,
        index=index,
        first_date=min(dates),
        last_date=max(dates),
        meetings=len({(r[3], r[2]) for r in rows}),
        response_ids=tuple(r[0] for r in rows),
    )


def in_range(periods: Iterable[Period], start: date | None, end: date | None) -> list[Period]:
    """Whole periods whose last meeting falls in the range (never a part of one)."""
    return [
        p
        for p in periods
        if (start is None or p.last_date >= start) and (end is None or p.last_date <= end)
    ]


def combine(periods: Iterable[Period]) -> Summary | None:
    """The union of whole periods, or None when there are none."""
    chosen = list(periods)
    if not chosen:
        return None
    return Summary(
        count=sum(p.count for p in chosen),
        sums=tuple(sum(p.sums[q] for p in chosen) for q in range(QUESTION_COUNT)),
    )


@dataclass(frozen=True)
class Comments:
    helped: list[str]
    better: list[str]


def comments_for(organization: Organization, periods: Iterable[Period]) -> Comments:
    """Free-text answers of whole periods, in an order that says nothing about who or when."""
    ids = [i for p in periods for i in p.response_ids]
    helped: list[str] = []
    better: list[str] = []
    if ids:
        for one in (
            FeedbackResponse.objects.for_org(organization)
            .filter(pk__in=ids)
            .only("helped", "better")
        ):
            if one.helped.strip():
                helped.append(one.helped.strip())
            if one.better.strip():
                better.append(one.better.strip())
    return Comments(sorted(helped, key=_shuffle_key), sorted(better, key=_shuffle_key))


def _shuffle_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Gentle prompts


def prompt_reason(periods: list[Period], settings: FeedbackSettings) -> str | None:
    """Whether the latest period invites reflection, and why."""
    if not periods:
        return None
    latest = periods[-1]
    if latest.average_total < settings.alert_below:
        return FeedbackPrompt.Reason.BELOW
    before = periods[-1 - RECENT_PERIODS : -1]
    if before:
        recent = sum((p.average_total for p in before), Decimal(0)) / len(before)
        if recent - latest.average_total >= settings.alert_drop:
            return FeedbackPrompt.Reason.DROP
    return None


def facilitators_of(organization: Organization) -> list[User]:
    """Everyone who facilitates at least one of the organisation's groups."""
    through = SupportGroup.facilitators.through
    return list(
        User.objects.filter(
            pk__in=through.objects.filter(supportgroup__organization=organization).values("user_id")
        ).order_by("preferred_name", "email", "pk")
    )


def question_names(settings: FeedbackSettings) -> list[str]:
    """Each question's short name, for column headers (a fallback if a slot has none)."""
    names = []
    for number, question in enumerate(settings.questions[:QUESTION_COUNT], start=1):
        short = str(question.get("short") or "").strip() if isinstance(question, dict) else ""
        names.append(short or _("Question %(number)s") % {"number": number})
    while len(names) < QUESTION_COUNT:
        names.append(_("Question %(number)s") % {"number": len(names) + 1})
    return names
