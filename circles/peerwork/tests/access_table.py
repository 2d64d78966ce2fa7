"""Who may open the one-to-one support pages (see accounts/tests/test_access.py).

The objects: Casey (the participant persona) is supported by Jordan (the
specialist persona), with a note put forward for co-signing and a weekly
check-in. "specialist" is therefore Casey's own specialist; another specialist
is walked in test_access_peerwork.py.
"""

from datetime import date
from typing import Any

from circles.accounts.models import Organization
from circles.peerwork.models import CheckInPlan, ContactNote, Person

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}
STAFF = {"admin", "supervisor", "specialist"}
OVERSIGHT = {"admin", "supervisor"}

ALLOWED: dict[str, set[str]] = {
    "peer_mine": EVERYONE,
    "peer_ask": EVERYONE,
    "peer_change": EVERYONE,
    "peer_requests": OVERSIGHT,
    "peer_proposals": OVERSIGHT,
    "peer_choose": OVERSIGHT,
    "peer_caseload": STAFF,
    "peer_team": OVERSIGHT,
    "peer_person": STAFF,
    "peer_end": {"specialist"},
    "peer_told": {"specialist"},
    "peer_note_new": {"specialist"},
    "peer_note_addendum": {"specialist"},
    "peer_note_ask_cosign": {"specialist"},
    "peer_note_cosign": OVERSIGHT,
    "peer_checkin_plan_new": {"specialist"},
    "peer_checkin_record": {"specialist"},
    "peer_summary": STAFF,
    "peer_profile": STAFF,
    "peer_settings": {"admin"},
}
# peer_choose answers a plain visit by going to the proposals (302); its POST is walked
# in test_requests.py.
POST_ONLY: set[str] = {
    "peer_change",
    "peer_end",
    "peer_told",
    "peer_note_addendum",
    "peer_note_ask_cosign",
    "peer_note_cosign",
    "peer_checkin_record",
}


def make_supported(
    organization: Organization, specialist: Any, user: Any = None, **extra: Any
) -> Person:
    values: dict[str, Any] = {
        "organization": organization,
        "user": user,
        "status": Person.Status.SUPPORTED,
        "source": Person.Source.MEMBER,
        "specialist": specialist,
        "since": date(2026, 1, 5),
        "answer_by": date(2026, 1, 8),
        "wants": "Someone to talk to about going back to work.",
    }
    values.update(extra)
    return Person.objects.create(**values)


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    person = make_supported(organization, people["specialist"], people["participant"])
    note = ContactNote.objects.create(
        organization=organization,
        person=person,
        written_by=people["specialist"],
        on=date(2026, 1, 12),
        minutes=45,
        mode=ContactNote.Mode.PHONE,
        support_types=["emotional"],
        what_we_did="Talked through the first week back.",
        cosign_asked_at=person.requested_at,
    )
    plan = CheckInPlan.objects.create(
        organization=organization, person=person, weekday=3, way=CheckInPlan.Way.PHONE
    )
    return {"person_id": person.pk, "note_id": note.pk, "plan_id": plan.pk}
