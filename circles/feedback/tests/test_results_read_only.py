"""Opening the results pages writes nothing and sends nothing, even when a period dips.

Prompts are raised by the worker's hourly release; the pages show what it raised.
"""

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from circles.feedback.models import FeedbackPrompt
from circles.feedback.tasks import raise_all_prompts
from circles.testing.fixtures import client_for, give_feedback, make_group, make_meeting

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.fixture
def dipping_group(riverside: Any, specialist: Any) -> Any:
    group = make_group(riverside, facilitators=[specialist], name="Tuesday circle")
    when = (timezone.now() - datetime.timedelta(days=21)).replace(hour=18, minute=0)
    give_feedback(make_meeting(group, when=when), count=5, scores=(3, 3, 3, 3))
    return group


def pages(group: Any) -> list[str]:
    return [
        reverse("feedback_overview", args=["riverside"]),
        reverse("feedback_group", args=["riverside", group.pk]),
        reverse("feedback_group", args=["riverside", group.pk]) + "?start=2020-01-01",
        reverse("feedback_csv", args=["riverside"]),
        reverse("feedback_group_csv", args=["riverside", group.pk]),
    ]


@pytest.mark.parametrize("who", ["specialist", "supervisor", "admin"])
def test_a_results_page_writes_no_row_and_sends_no_mail(
    who: str, everyone: dict[str, Any], dipping_group: Any
) -> None:
    client = client_for(everyone[who])
    client.get(reverse("feedback_overview", args=["riverside"]))  # the session settles
    for url in pages(dipping_group):
        before = row_counts()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert row_counts() == before, url
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in q["sql"]
        ]
        assert writes == [], url
    assert not mail.outbox
    assert not FeedbackPrompt.objects.exists()


def test_the_pages_show_what_the_release_raised(
    specialist: Any, dipping_group: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(specialist)
    page = client.get(reverse("feedback_overview", args=["riverside"])).content.decode()
    assert "got lower answers than usual" not in page
    with django_capture_on_commit_callbacks(execute=False):
        assert raise_all_prompts() == 1
    for url in pages(dipping_group)[:2]:
        assert "got lower answers than usual" in client.get(url).content.decode()
