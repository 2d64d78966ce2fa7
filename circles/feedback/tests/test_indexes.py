"""The results read a group's answers through feedback_group_closes, already in order."""

from typing import Any

import pytest

from circles.feedback.results import results_query
from circles.testing.plans import query_plan, sorts

pytestmark = pytest.mark.django_db


def test_results_read_answers_in_index_order_without_sorting(riverside: Any) -> None:
    plan = query_plan(results_query(riverside, [1, 2, 3]))
    assert "feedback_group_closes" in plan, plan
    assert not sorts(plan), plan
