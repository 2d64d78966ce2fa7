"""Live polls: the seed's poll templates (seed 003), code handling and counting."""

from dataclasses import dataclass

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from circles.meetings.models import Poll, PollAnswer

MIN_OPTIONS = 2
MAX_OPTIONS = 8


@dataclass(frozen=True)
class PollTemplate:
    key: str
    question: Promise
    options: tuple[Promise, ...]


# The polls in seed 003, offered as ready-made questions.
TEMPLATES: tuple[PollTemplate, ...] = (
    PollTemplate(
        "familiarity",
        _("How familiar are you with the principles of peer support?"),
        (_("Very familiar"), _("Somewhat familiar"), _("Not familiar")),
    ),
    PollTemplate(
        "stage",
        _("What stage are you at in creating peer-to-peer support opportunities at your agency?"),
        (
            _("Haven't thought about it"),
            _("Have given it some thought"),
            _("Planning to implement"),
            _("Beginning to implement"),
            _("Partially implemented"),
            _("Fully implemented"),
        ),
    ),
)


def template_by_key(key: str) -> PollTemplate | None:
    return next((t for t in TEMPLATES if t.key == key), None)


@dataclass(frozen=True)
class OptionResult:
    number: int
    label: str
    count: int
    percent: int

    @property
    def bar_class(self) -> str:
        """A CSS width class in 5% steps (CSP forbids inline styles)."""
        return f"poll-bar-{5 * round(self.percent / 5)}"


def results(poll: Poll) -> tuple[list[OptionResult], int]:
    """Counts and rounded percentages per option, and the total, in one query."""
    counts = dict(
        PollAnswer.objects.filter(poll=poll)
        .values_list("option")
        .annotate(n=Count("id"))
        .values_list("option", "n")
    )
    total = sum(counts.get(i, 0) for i in range(len(poll.options)))
    rows = []
    for number, label in enumerate(poll.options):
        count = counts.get(number, 0)
        percent = round(100 * count / total) if total else 0
        rows.append(OptionResult(number, str(label), count, percent))
    return rows, total
