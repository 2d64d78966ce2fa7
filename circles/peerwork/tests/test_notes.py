"""Contact notes: written encrypted, co-signed and locked, corrected by addenda."""

from datetime import date
from typing import Any

import pytest

from circles.accounts.models import AuditEvent
from circles.peerwork.models import ContactNote, NoteAddendum, PeerworkSettings, Person
from circles.peerwork.tests.conftest import raw_rows
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "on": "2026-01-12",
    "minutes": "45",
    "mode": "phone",
    "support_types": ["emotional", "instrumental"],
    "what_we_did": "We read the letter from her employer together.",
    "next_steps": "Call HR on Monday.",
    "next_contact": "2026-01-19",
    "visible_to_person": "on",
}


def _url(person: Person) -> str:
    return f"/o/riverside/peer-support/people/{person.pk}/notes/new/"


def test_a_note_is_stored_encrypted(specialist: Any, casey_record: Person) -> None:
    response = client_for(specialist).post(_url(casey_record), GOOD)
    assert response.status_code == 302
    note = ContactNote.objects.get()
    assert note.what_we_did == GOOD["what_we_did"]
    assert note.support_types == ["emotional", "instrumental"]
    assert note.visible_to_person
    row = raw_rows("peerwork_contactnote")[0]
    assert "letter" not in row["what_we_did"] and "HR" not in row["next_steps"]
    casey_record.refresh_from_db()
    assert casey_record.next_contact == date(2026, 1, 19)
    assert AuditEvent.objects.filter(action="peerwork.note.written").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"minutes": "\u00b9\u00b2"},
        {"minutes": "9" * 5000},
        {"on": "2026-02-31"},
        {"on": "0001-01-01"},
        {"mode": "telepathy"},
        {"support_types": []},
        {"what_we_did": ""},
        {"what_we_did": "x" * 6000},
    ],
)
def test_bad_input_keeps_everything_typed(
    specialist: Any, casey_record: Person, change: dict[str, Any]
) -> None:
    response = client_for(specialist).post(_url(casey_record), {**GOOD, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some answers need a second look" in page
    if "what_we_did" not in change:
        assert GOOD["what_we_did"] in page
    assert "Call HR on Monday." in page
    assert not ContactNote.objects.exists()


def test_policy_can_keep_notes_from_the_person(
    riverside: Any, specialist: Any, participant: Any, casey_record: Person
) -> None:
    PeerworkSettings.objects.create(organization=riverside, notes_visible_to_person=False)
    form = client_for(specialist).get(_url(casey_record)).content.decode()
    assert "The person can read this note" not in form
    client_for(specialist).post(_url(casey_record), GOOD)
    assert not ContactNote.objects.get().visible_to_person
    mine = client_for(participant).get("/o/riverside/peer-support/").content.decode()
    assert GOOD["what_we_did"] not in mine


def test_the_person_reads_notes_visible_to_them(
    specialist: Any, participant: Any, casey_record: Person
) -> None:
    client_for(specialist).post(_url(casey_record), GOOD)
    client_for(specialist).post(
        _url(casey_record), {**GOOD, "visible_to_person": "", "what_we_did": "Hidden one."}
    )
    mine = client_for(participant).get("/o/riverside/peer-support/").content.decode()
    assert GOOD["what_we_did"] in mine and "Hidden one." not in mine
    assert not AuditEvent.objects.filter(action="peerwork.notes.read").exists()


def test_co_signing_locks_the_note_and_corrections_are_addenda(
    specialist: Any, supervisor: Any, casey_record: Person
) -> None:
    client_for(specialist).post(_url(casey_record), GOOD)
    note = ContactNote.objects.get()
    supervisor_client = client_for(supervisor)
    base = f"/o/riverside/peer-support/notes/{note.pk}"
    # Not shared with supervision and not put forward: the supervisor may not sign it.
    assert supervisor_client.post(f"{base}/cosign/", {"comment": "ok"}).status_code == 403
    client_for(specialist).post(f"{base}/ask-cosign/")
    page = supervisor_client.get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
    assert GOOD["what_we_did"] in page.content.decode()
    supervisor_client.post(f"{base}/cosign/", {"comment": "Clear and kind."})
    note.refresh_from_db()
    assert note.is_locked and note.cosigned_by_id == supervisor.pk
    assert note.cosign_comment == "Clear and kind."
    assert "Clear and kind." not in raw_rows("peerwork_contactnote")[0]["cosign_comment"]
    client_for(specialist).post(f"{base}/addendum/", {"text": "It was 50 minutes."})
    addendum = NoteAddendum.objects.get()
    assert addendum.text == "It was 50 minutes." and addendum.note_id == note.pk
    note.refresh_from_db()
    assert note.minutes == 45  # the note itself never changes
    page = client_for(specialist).get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
    text = page.content.decode()
    assert "Co-signed" in text and "It was 50 minutes." in text
    assert "Put forward for co-signing" not in text


def test_only_their_specialist_adds_to_a_note(
    specialist: Any, colleague: Any, casey_record: Person
) -> None:
    client_for(specialist).post(_url(casey_record), GOOD)
    note = ContactNote.objects.get()
    url = f"/o/riverside/peer-support/notes/{note.pk}/addendum/"
    assert client_for(colleague).post(url, {"text": "Mine now"}).status_code == 403
    assert not NoteAddendum.objects.exists()


def test_confidentiality_comes_before_the_first_note(
    riverside: Any, specialist: Any, casey_record: Person
) -> None:
    from circles.safety.actions import publish_statement
    from circles.safety.confidentiality import is_told

    publish_statement(riverside, "Private, with one limit.", None)
    form = client_for(specialist).get(_url(casey_record)).content.decode()
    assert "Before the first note: confidentiality" in form
    assert "Private, with one limit." in form
    told = f"/o/riverside/peer-support/people/{casey_record.pk}/told/"
    assert client_for(specialist).post(told, {"how": "telepathy"}).status_code == 302
    assert not is_told(riverside, casey_record.user)
    client_for(specialist).post(told, {"how": "in_person"})
    assert is_told(riverside, casey_record.user)
    form = client_for(specialist).get(_url(casey_record)).content.decode()
    assert "Before the first note" not in form


def test_someone_without_an_account_is_told_too(riverside: Any, specialist: Any) -> None:
    from circles.peerwork.tests.access_table import make_supported
    from circles.safety.actions import publish_statement

    publish_statement(riverside, "Private, with one limit.", None)
    dee = make_supported(riverside, specialist, name="Dee")
    client_for(specialist).post(
        f"/o/riverside/peer-support/people/{dee.pk}/told/", {"how": "on_paper"}
    )
    dee.refresh_from_db()
    assert dee.confidentiality_ack is not None and dee.confidentiality_ack.user_id is None
    caseload = client_for(specialist).get("/o/riverside/peer-support/caseload/").content.decode()
    row = caseload.split("Dee")[1].split("</tr>")[0]
    assert "Yes" in row
    # A new version of the statement asks again.
    publish_statement(riverside, "New words.", None)
    caseload = client_for(specialist).get("/o/riverside/peer-support/caseload/").content.decode()
    assert "Not yet" in caseload.split("Dee")[1].split("</tr>")[0]


def test_a_note_links_to_a_safety_concern_about_the_person(
    riverside: Any, specialist: Any, participant: Any, casey_record: Person
) -> None:
    from circles.safety.models import SafetyConcern

    concern = SafetyConcern.objects.create(
        organization=riverside,
        kind=SafetyConcern.Kind.choices[0][0],
        about_user=participant,
        raised_by=specialist,
        what_happened="Said something worrying.",
    )
    form = client_for(specialist).get(_url(casey_record)).content.decode()
    assert "Link to a safety concern" in form
    assert f"/o/riverside/safety/concerns/new/?about={participant.pk}" in form
    client_for(specialist).post(_url(casey_record), {**GOOD, "concern": str(concern.pk)})
    assert ContactNote.objects.get().concern_id == concern.pk
    page = client_for(specialist).get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
    assert f"/o/riverside/safety/concerns/{concern.pk}/" in page.content.decode()
    # The person never sees the link.
    mine = client_for(participant).get("/o/riverside/peer-support/").content.decode()
    assert "safety concern" not in mine


def test_a_concern_about_someone_else_cannot_be_linked(
    riverside: Any, specialist: Any, participant2: Any, casey_record: Person
) -> None:
    from circles.safety.models import SafetyConcern

    other = SafetyConcern.objects.create(
        organization=riverside,
        kind=SafetyConcern.Kind.choices[0][0],
        about_user=participant2,
        raised_by=specialist,
        what_happened="About someone else.",
    )
    response = client_for(specialist).post(_url(casey_record), {**GOOD, "concern": str(other.pk)})
    assert response.status_code in (200, 302)
    assert not ContactNote.objects.filter(concern=other).exists()
