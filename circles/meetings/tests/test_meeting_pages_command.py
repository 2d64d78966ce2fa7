import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from circles.meetings.models import Meeting
from circles.testing.fixtures import make_group

pytestmark = pytest.mark.django_db


def test_generate_meetings_command_says_how_many_and_is_idempotent(
    riverside: Any, specialist: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist], starts_on=datetime.date.today())
    out = StringIO()
    call_command("generate_meetings", stdout=out)
    made = Meeting.objects.filter(group=group).count()
    assert made >= 7
    assert f"Made {made} meeting(s)." in out.getvalue()
    again = StringIO()
    call_command("generate_meetings", stdout=again)
    assert "Made 0 meeting(s)." in again.getvalue()
    assert Meeting.objects.filter(group=group).count() == made
