from typing import Any

import pytest
from django.db import connection

from circles.accounts.models import Organization, Role, User
from circles.peerwork.actions import save_profile, submit_request
from circles.peerwork.models import Person
from circles.peerwork.tests.access_table import make_supported
from circles.testing.fixtures import make_member

NO_PREFERENCES = {
    "areas": [],
    "languages": [],
    "identities": [],
    "gender": "",
    "age_range": "",
    "days": [],
    "parts": [],
    "ways": [],
}


def raw_rows(table: str) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def profile(organization: Organization, user: User, capacity: int = 5, **facts: Any) -> None:
    save_profile(
        organization,
        user,
        {**NO_PREFERENCES, **facts, "capacity": capacity, "is_taking_people": True},
    )


@pytest.fixture
def colleague(riverside: Organization) -> User:
    """Another peer specialist at Riverside, who does not support Casey."""
    return make_member(riverside, Role.SPECIALIST, "colleague@example.org", "Pa Houa")


@pytest.fixture
def casey_record(riverside: Organization, specialist: User, participant: User) -> Person:
    return make_supported(riverside, specialist, participant)


@pytest.fixture
def waiting(riverside: Organization) -> Person:
    return submit_request(
        riverside,
        source=Person.Source.PUBLIC,
        name="Mai",
        phone="555 0101",
        wants="Someone who speaks Hmong.",
        preferences={"languages": ["hmn"]},
    )
