"""Reading a worker's record: ratings side by side, the suggested level, progress, CE.

Pure reads with a fixed number of queries, whatever the number of rows.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.accounts.models import Organization, User
from circles.workforce.framework import Progress, progress_for, rule_packs
from circles.workforce.models import (
    LEVEL_STAGE,
    Assessment,
    Certification,
    Competency,
    FrameworkArea,
    Level,
    SupervisionSession,
    TrainingRecord,
    WorkforceSettings,
)

# Kinds of view shown side by side, in this order.
COLUMNS = [
    Assessment.Kind.SELF,
    Assessment.Kind.SUPERVISOR,
    Assessment.Kind.PEER,
    Assessment.Kind.GROUP,
]

# A level is suggested when this share of the rated items reach its stage...
SUGGEST_SHARE = Decimal("0.75")
# ...and at least this share of the items in use were rated by someone other than the worker.
SUGGEST_COVERAGE = Decimal("0.5")


@dataclass
class Row:
    competency: Competency
    stages: list[int | None]  # one per column shown
    differs: bool


@dataclass
class AreaRows:
    area: FrameworkArea
    rows: list[Row] = field(default_factory=list)


@dataclass
class SideBySide:
    columns: list[Assessment]
    areas: list[AreaRows]
    differences: int


def latest_views(assessments: list[Assessment]) -> list[Assessment]:
    """The newest sent assessment of each kind, in COLUMNS order."""
    newest: dict[str, Assessment] = {}
    for assessment in assessments:
        if assessment.submitted_at is None:
            continue
        current = newest.get(assessment.kind)
        if current is None or assessment.submitted_at > current.submitted_at:  # type: ignore[operator]
            newest[assessment.kind] = assessment
    return [newest[kind] for kind in COLUMNS if kind in newest]


def side_by_side(items: list[Competency], assessments: list[Assessment]) -> SideBySide:
    columns = latest_views(assessments)
    areas: list[AreaRows] = []
    differences = 0
    for item in items:
        if not areas or areas[-1].area.pk != item.area_id:
            areas.append(AreaRows(item.area))
        stages = [column.stage_for(item.pk) for column in columns]
        given = [s for s in stages if s is not None]
        differs = len(given) > 1 and max(given) != min(given)
        differences += differs
        areas[-1].rows.append(Row(item, stages, differs))
    return SideBySide(columns, areas, differences)


def evidence(items: list[Competency], assessments: list[Assessment]) -> dict[int, int]:
    """Per item, the stage the evidence supports: the lower of the newest views.

    The worker's own view counts only beside someone else's: a self-rating alone
    never suggests a level.
    """
    views = latest_views(assessments)
    others = [v for v in views if v.kind != Assessment.Kind.SELF]
    if not others:
        return {}
    found: dict[int, int] = {}
    for item in items:
        if not any(v.stage_for(item.pk) is not None for v in others):
            continue
        stages = [s for v in views if (s := v.stage_for(item.pk)) is not None]
        found[item.pk] = min(stages)
    return found


def suggested_level(items: list[Competency], assessments: list[Assessment]) -> Level | None:
    """The highest level whose stage three in four rated items reach, or None.

    Only a suggestion: a supervisor confirms a level, Circles never sets one.
    """
    supported = evidence(items, assessments)
    if not items or Decimal(len(supported)) < SUGGEST_COVERAGE * len(items):
        return None
    for level in reversed(Level):
        reached = sum(1 for stage in supported.values() if stage >= LEVEL_STAGE[level])
        if Decimal(reached) >= SUGGEST_SHARE * len(supported):
            return level
    return None


# Progress over time -------------------------------------------------------------------


@dataclass
class ChartPoint:
    x: int
    y: int
    assessment: Assessment
    average: Decimal


@dataclass
class ChartLine:
    kind: str
    label: str
    colour: str
    dash: str
    pattern: str
    points: list[ChartPoint]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right_edge: int
    grid: list[dict[str, Any]]
    lines: list[ChartLine]
    summary: str


# Told apart by dash pattern as well as colour, and named in the caption.
LINE_STYLES = {
    Assessment.Kind.SELF: ("#0b5d6b", "", gettext_lazy("solid line")),
    Assessment.Kind.SUPERVISOR: ("#8a3b12", "8 5", gettext_lazy("dashed line")),
    Assessment.Kind.PEER: ("#4a4a8a", "2 4", gettext_lazy("dotted line")),
    Assessment.Kind.GROUP: ("#2f6b2f", "12 4 2 4", gettext_lazy("dash-dot line")),
}


@dataclass
class HistoryRow:
    assessment: Assessment
    average: Decimal | None


def history(items: list[Competency], assessments: list[Assessment]) -> list[HistoryRow]:
    ids = [item.pk for item in items]
    sent = sorted(
        (a for a in assessments if a.submitted_at is not None),
        key=lambda a: (a.submitted_at, a.pk),
    )
    return [HistoryRow(a, a.average(ids)) for a in sent]


def chart_for(rows: list[HistoryRow]) -> Chart | None:
    """Average stage of each view over time, one line per kind of view (0 to 4)."""
    rows = [r for r in rows if r.average is not None]
    if not rows:
        return None
    width, height, left, right, top, bottom = 640, 300, 48, 24, 16, 40
    first = rows[0].assessment.submitted_at
    last = rows[-1].assessment.submitted_at
    assert first is not None and last is not None
    span = max((last - first).total_seconds(), 1.0)
    plot_w, plot_h = width - left - right, height - top - bottom

    def y_of(value: Decimal) -> int:
        return round(top + plot_h - float(value) / 4 * plot_h)

    lines = []
    for kind in COLUMNS:
        points = []
        for row in rows:
            if row.assessment.kind != kind:
                continue
            moment = row.assessment.submitted_at
            assert moment is not None
            x = left + (
                round((moment - first).total_seconds() / span * plot_w)
                if len(rows) > 1
                else plot_w // 2
            )
            assert row.average is not None
            points.append(ChartPoint(x, y_of(row.average), row.assessment, row.average))
        if points:
            colour, dash, pattern = LINE_STYLES[kind]
            label = str(Assessment.Kind(kind).label)
            lines.append(ChartLine(kind, label, colour, dash, str(pattern), points))
    grid = [{"y": y_of(Decimal(v)), "value": v} for v in range(5)]
    summary = _(
        "Average stage over time, from 0 (not yet) to 4 (leader), for each kind of view. "
        "The same numbers are in the table below."
    )
    return Chart(width, height, left, width - right, grid, lines, summary)


# Continuing education ---------------------------------------------------------------------


def ce_records(
    organization: Organization, worker_ids: list[int]
) -> dict[int, list[tuple[datetime.date, Decimal]]]:
    found: dict[int, list[tuple[datetime.date, Decimal]]] = defaultdict(list)
    rows = (
        TrainingRecord.objects.for_org(organization)
        .filter(worker_id__in=worker_ids, counts_as_ce=True)
        .values_list("worker_id", "completed_on", "hours")
    )
    for worker_id, day, hours in rows:
        found[worker_id].append((day, hours))
    return found


@dataclass
class CertificationStatus:
    certification: Certification
    name: str
    progress: Progress | None


def certification_statuses(
    certifications: list[Certification],
    records: dict[int, list[tuple[datetime.date, Decimal]]],
    today: datetime.date,
) -> list[CertificationStatus]:
    packs = rule_packs()
    return [
        CertificationStatus(
            c,
            packs[c.kind].name if c.kind in packs else c.kind,
            progress_for(c.kind, c.expires_on, records.get(c.worker_id, []), today),
        )
        for c in certifications
    ]


# The team view and compliance counts ---------------------------------------------------


@dataclass
class TeamRow:
    worker: User
    last_supervision: datetime.date | None
    due_on: datetime.date | None
    overdue: bool
    certifications: list[CertificationStatus]

    @property
    def soonest(self) -> CertificationStatus | None:
        return self.certifications[0] if self.certifications else None


SOON_DAYS = 90


def team_rows(
    organization: Organization, workers: list[User], today: datetime.date
) -> list[TeamRow]:
    ids = [w.pk for w in workers]
    cadence = WorkforceSettings.of(organization).supervision_every_days
    last = dict(
        SupervisionSession.objects.for_org(organization)
        .filter(worker_id__in=ids, held_on__lte=today)
        .values("worker_id")
        .annotate(last=Max("held_on"))
        .values_list("worker_id", "last")
    )
    certifications: dict[int, list[Certification]] = defaultdict(list)
    for certification in Certification.objects.for_org(organization).filter(worker_id__in=ids):
        certifications[certification.worker_id].append(certification)
    records = ce_records(organization, ids) if certifications else {}
    rows = []
    for worker in workers:
        held = last.get(worker.pk)
        due = held + datetime.timedelta(days=cadence) if held else None
        rows.append(
            TeamRow(
                worker=worker,
                last_supervision=held,
                due_on=due,
                overdue=due is None or due < today,
                certifications=certification_statuses(
                    certifications.get(worker.pk, []), records, today
                ),
            )
        )
    return rows


@dataclass
class Compliance:
    workers: int
    overdue: int
    expiring_soon: int
    expired: int
    short_of_hours: int


def compliance(rows: list[TeamRow]) -> Compliance:
    statuses = [s for row in rows for s in row.certifications if s.progress is not None]
    return Compliance(
        workers=len(rows),
        overdue=sum(1 for row in rows if row.overdue),
        expiring_soon=sum(
            1 for s in statuses if s.progress and 0 <= s.progress.days_left <= SOON_DAYS
        ),
        expired=sum(1 for s in statuses if s.progress and s.progress.expired),
        short_of_hours=sum(
            1 for s in statuses if s.progress and not s.progress.expired and not s.progress.met
        ),
    )
