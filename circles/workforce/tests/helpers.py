"""Small builders for the workforce tests."""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from circles.workforce.models import (
    Assessment,
    Certification,
    Competency,
    SupervisionSession,
    SupervisorLink,
    TrainingRecord,
)


def link(organization: Any, worker: Any, supervisor: Any) -> SupervisorLink:
    return SupervisorLink.objects.create(
        organization=organization, worker=worker, supervisor=supervisor
    )


def items(organization: Any) -> list[Competency]:
    return list(Competency.objects.in_use(organization))


def rate(
    organization: Any,
    worker: Any,
    rater: Any,
    kind: str,
    stage: int | dict[int, int],
    when: datetime.datetime | None = None,
) -> Assessment:
    """Every item in use at one stage, or {competency id: stage}."""
    if isinstance(stage, int):
        ratings = {str(i.pk): stage for i in items(organization)}
    else:
        ratings = {str(k): v for k, v in stage.items()}
    return Assessment.objects.create(
        organization=organization,
        worker=worker,
        rater=rater,
        kind=kind,
        ratings=ratings,
        submitted_at=when or timezone.now(),
    )


def supervise(
    organization: Any, worker: Any, supervisor: Any, held_on: datetime.date, **extra: Any
) -> SupervisionSession:
    values: dict[str, Any] = {
        "format": SupervisionSession.Format.ONE_TO_ONE,
        "minutes": 60,
    }
    values.update(extra)
    return SupervisionSession.objects.create(
        organization=organization,
        worker=worker,
        supervisor=supervisor,
        held_on=held_on,
        **values,
    )


def train(organization: Any, worker: Any, hours: str, on: datetime.date, **extra: Any) -> Any:
    values: dict[str, Any] = {
        "course": "A course",
        "category": TrainingRecord.Category.SKILLS,
    }
    values.update(extra)
    return TrainingRecord.objects.create(
        organization=organization, worker=worker, hours=Decimal(hours), completed_on=on, **values
    )


def certify(organization: Any, worker: Any, expires_on: datetime.date, **extra: Any) -> Any:
    values: dict[str, Any] = {"kind": "wi-cps", "number": "CPS-1"}
    values.update(extra)
    return Certification.objects.create(
        organization=organization,
        worker=worker,
        issued_on=expires_on - datetime.timedelta(days=730),
        expires_on=expires_on,
        **values,
    )
