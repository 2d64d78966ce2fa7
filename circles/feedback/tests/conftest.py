import datetime
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from circles.feedback.tasks import release


@pytest.fixture
def release_tomorrow(django_capture_on_commit_callbacks: Any) -> Callable[[], dict[str, int]]:
    """The worker's hourly release as it runs once today is over; its emails go at once."""

    def run() -> dict[str, int]:
        tomorrow = timezone.now() + datetime.timedelta(days=1)
        with (
            mock.patch("django.utils.timezone.now", return_value=tomorrow),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return release()

    return run
