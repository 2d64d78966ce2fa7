"""Feedback results in the API: the same whole periods the pages show, and nothing finer.

Same access as the pages: specialists read the groups they facilitate,
supervisors and admins every group; 404 outside the organisation, 403 for
another role or another specialist's group.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from circles.accounts.access import api_member
from circles.accounts.models import STAFF_ROLES, Organization
from circles.feedback.access import get_results_group_for, groups_shown
from circles.feedback.models import FeedbackSettings
from circles.feedback.results import (
    MIN_RESPONSES,
    GroupResults,
    Period,
    combine,
    comments_for,
    in_range,
    question_names,
    results_for_groups,
)
from circles.groups.models import SupportGroup
from circles.lib.apiparams import MAX_ID, BoundedPageNumberPagination, BuiltPage

router = Router(tags=["feedback"])


class PeriodOut(Schema):
    first_date: date
    last_date: date
    meetings: int
    answers: int
    averages: list[float]
    average_total: float


class GroupFeedbackOut(Schema):
    id: int
    name: str
    periods: list[PeriodOut]
    waiting: int


class CommentsOut(Schema):
    helped: list[str]
    better: list[str]


class GroupFeedbackDetailOut(GroupFeedbackOut):
    questions: list[str]
    comments: CommentsOut | None


class GroupsQuery(Schema):
    facilitator: int | None = Field(None, ge=1, le=MAX_ID)


class RangeQuery(Schema):
    start: date | None = None
    end: date | None = None


def _period(period: Period) -> PeriodOut:
    return PeriodOut(
        first_date=period.first_date,
        last_date=period.last_date,
        meetings=period.meetings,
        answers=period.count,
        averages=[float(m) for m in period.means],
        average_total=float(period.average_total),
    )


def _group(group: SupportGroup, result: GroupResults) -> GroupFeedbackOut:
    return GroupFeedbackOut(
        id=group.pk,
        name=group.name,
        periods=[_period(p) for p in result.periods],
        waiting=result.waiting,
    )


@router.get(
    "/orgs/{slug}/feedback/groups",
    response=list[GroupFeedbackOut],
    summary="End-of-session feedback of the groups you may see, in periods of 5 answers or more",
    description="A page of groups at a time (`page`, `page_size` up to 100; 20 by default), "
    "by name; `count` is the number of groups in all.",
)
@paginate(BoundedPageNumberPagination, page_size=20)
def feedback_groups(
    request: HttpRequest, slug: str, query: Query[GroupsQuery]
) -> BuiltPage[SupportGroup, GroupFeedbackOut]:
    membership = api_member(request, slug, STAFF_ROLES)
    organization = membership.organization

    def build(groups: list[SupportGroup]) -> list[GroupFeedbackOut]:
        # Only the page's groups: their answers are read in one query.
        results = results_for_groups(organization, [g.pk for g in groups])
        return [_group(g, results[g.pk]) for g in groups]

    return BuiltPage(groups_shown(membership, query.facilitator), build)


@router.get(
    "/orgs/{slug}/feedback/groups/{group_id}",
    response=GroupFeedbackDetailOut,
    summary="One group's feedback: whole periods whose last meeting is in the range, "
    "and what people wrote in them",
)
def feedback_group(
    request: HttpRequest,
    slug: str,
    query: Query[RangeQuery],
    group_id: int = Path(..., ge=1, le=MAX_ID),
) -> GroupFeedbackDetailOut:
    membership = api_member(request, slug, STAFF_ROLES)
    organization: Organization = membership.organization
    try:
        group = get_results_group_for(membership, group_id)
    except PermissionDenied as exc:
        raise HttpError(
            403, "Only the group's facilitators, supervisors and admins see this."
        ) from exc
    except Http404 as exc:
        raise HttpError(404, "Not found.") from exc
    result = results_for_groups(organization, [group.pk])[group.pk]
    shown = in_range(result.periods, query.start, query.end)
    summary = combine(shown)
    comments = None
    if summary is not None and summary.count >= MIN_RESPONSES:
        found = comments_for(organization, shown)
        comments = CommentsOut(helped=found.helped, better=found.better)
    return GroupFeedbackDetailOut(
        id=group.pk,
        name=group.name,
        periods=[_period(p) for p in shown],
        waiting=result.waiting,
        questions=question_names(FeedbackSettings.of(organization)),
        comments=comments,
    )
