"""The monthly service summary: CSV without note text, safe in a spreadsheet."""

import csv
import io
from datetime import date
from typing import Any

import pytest

from circles.accounts.models import Role
from circles.peerwork.models import ContactNote, Person
from circles.peerwork.tests.access_table import make_supported
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db

URL = "/o/riverside/peer-support/summary/"


def _note(person: Person, on: date, text: str = "Private words.") -> ContactNote:
    return ContactNote.objects.create(
        organization=person.organization,
        person=person,
        written_by=person.specialist,
        on=on,
        minutes=40,
        mode="video",
        support_types=["emotional", "affiliational"],
        what_we_did=text,
    )


def _rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_a_month_of_contacts_without_note_text(
    riverside: Any, specialist: Any, supervisor: Any, colleague: Any, casey_record: Person
) -> None:
    _note(casey_record, date(2026, 3, 2))
    _note(casey_record, date(2026, 4, 1))
    _note(make_supported(riverside, colleague, name="Dee"), date(2026, 3, 9))
    mine = client_for(specialist).get(URL, {"month": "2026-03"})
    assert mine["Content-Type"].startswith("text/csv")
    rows = _rows(mine)
    assert rows[0] == ["date", "specialist", "person_ref", "minutes", "mode", "support_types"]
    assert rows[1:] == [
        [
            "2026-03-02",
            "specialist@example.org",
            str(casey_record.pk),
            "40",
            "video",
            "emotional;affiliational",
        ]
    ]
    assert "Private words" not in mine.content.decode()
    organisation = _rows(client_for(supervisor).get(URL, {"month": "2026-03"}))
    assert len(organisation) == 3


def test_cells_cannot_become_formulas(riverside: Any, supervisor: Any) -> None:
    sneaky = make_member(riverside, Role.SPECIALIST, "=cmd@example.org")
    _note(make_supported(riverside, sneaky, name="X"), date(2026, 3, 2))
    rows = _rows(client_for(supervisor).get(URL, {"month": "2026-03"}))
    assert rows[1][1] == "'=cmd@example.org"


def test_a_bad_month_is_a_kind_error(specialist: Any) -> None:
    response = client_for(specialist).get(URL, {"month": "2026-13"})
    assert response.status_code == 400
    assert "like 2026-03" in response.content.decode()
    assert client_for(specialist).get(URL).status_code == 200
