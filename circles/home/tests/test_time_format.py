"""Times of day read the same on every page: the language's own time format
("6 p.m." in English, "18:00" in Spanish), never a fixed 24-hour clock."""

import datetime
import re
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

import circles
from circles.meetings.models import ObserverAssignment
from circles.testing.fixtures import client_for, make_group, make_meeting

TEMPLATES = Path(circles.__file__).parent / "templates"

# Format characters that show a time of day (or a full timestamp) in Django's date filter.
TIME_CHARACTERS = set("aAfgGhHiPsuBcrU")


def date_formats() -> list[tuple[str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        for fmt in re.findall(r'\|date:"([^"]*)"', path.read_text()):
            found.append((str(path.relative_to(TEMPLATES)), fmt))
    return found


def test_dates_in_templates_leave_the_time_to_the_time_filter() -> None:
    assert date_formats(), "the templates show dates"
    for template, fmt in date_formats():
        unescaped = re.sub(r"\\.", "", fmt)
        shown = TIME_CHARACTERS & set(unescaped)
        assert not shown, f'{template}: |date:"{fmt}" shows a time; use |time:"TIME_FORMAT"'


def test_times_in_templates_use_the_language_format() -> None:
    for path in sorted(TEMPLATES.rglob("*.*")):
        for fmt in re.findall(r'\|time:"([^"]*)"', path.read_text()):
            assert fmt == "TIME_FORMAT", f'{path.name}: |time:"{fmt}"'


@pytest.mark.django_db
def test_the_observer_home_shows_the_time_like_every_other_page(
    observer: Any, specialist: Any, riverside: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    zone = zoneinfo.ZoneInfo(riverside.timezone)
    tomorrow = timezone.localdate(timezone=zone) + datetime.timedelta(days=1)
    when = datetime.datetime.combine(tomorrow, datetime.time(18, 0), tzinfo=zone)
    meeting = make_meeting(group, when=when)
    ObserverAssignment.objects.create(organization=riverside, meeting=meeting, observer=observer)

    page = client_for(observer).get("/o/riverside/").content.decode()

    assert f"{tomorrow:%A} {tomorrow.day} {tomorrow:%B}, 6 p.m." in page
    assert "18:00" not in page
