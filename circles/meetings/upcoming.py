"""The next meetings of groups, read from the meetings table for pages that list many groups.

Groups cannot import meetings (meetings come later in the chain), so the finder
reaches this through ``settings.CIRCLES_NEXT_MEETING``. The meetings table
already holds each group's generated meetings for the coming weeks (see
generation.py), so the next date of any number of groups is one subquery
instead of walking each group's repeat rule.
"""

import datetime
from typing import Any

from django.db.models import DateTimeField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery

from circles.meetings.models import Meeting


def annotate_next_meeting(groups: QuerySet[Any], now: datetime.datetime) -> QuerySet[Any]:
    """Add ``next_meeting_at``: the start of each group's next meeting going ahead, or None.

    A meeting that has started but not finished still counts, as on the group's page.
    """
    going_ahead = (
        Meeting.objects.filter(group=OuterRef("pk"), status=Meeting.Status.SCHEDULED)
        .annotate(finishes_at=ExpressionWrapper(F("starts_at") + F("duration"), DateTimeField()))
        .filter(starts_at__gte=now - datetime.timedelta(hours=24), finishes_at__gt=now)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return groups.annotate(next_meeting_at=Subquery(going_ahead))
