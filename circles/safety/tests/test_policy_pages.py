"""The policy, its settings and the on-duty list."""

import datetime

import pytest

from circles.accounts.models import AuditEvent, Organization, Role, User
from circles.safety.models import OnDutyEntry, SafetySettings
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db

SETTINGS = "/o/riverside/safety/settings/"
DUTY = "/o/riverside/safety/on-duty/"


def test_the_policy_page_says_circles_gives_no_legal_advice(
    riverside: Organization, specialist: User, supervisor: User
) -> None:
    text = client_for(specialist).get("/o/riverside/safety/").content.decode()
    assert "does not give legal advice" in text and "42 CFR Part 2" in text
    # With no list set, every supervisor is on it.
    assert "Sam" in text and "15 minutes" in text


def test_admin_saves_the_policy_and_the_limit(riverside: Organization, admin: User) -> None:
    client = client_for(admin)
    response = client.post(
        SETTINGS,
        {
            "ack_limit_minutes": "10",
            "person_sees_concern": "",
            "policy_text": "We follow our state's law on the duty to warn.",
            "jurisdiction_notes": "We run a 42 CFR Part 2 programme.",
        },
    )
    assert response.status_code == 302
    settings = SafetySettings.of(riverside)
    assert settings.ack_limit_minutes == 10 and not settings.person_sees_concern
    event = AuditEvent.objects.get(action="safety.settings")
    assert set(event.detail["changed"]) == {
        "ack_limit_minutes",
        "person_sees_concern",
        "policy_text",
        "jurisdiction_notes",
    }
    text = client.get("/o/riverside/safety/").content.decode()
    assert "We follow our state&#x27;s law" in text


@pytest.mark.parametrize("minutes", ["0", "241", "1e3", "¹⁵", "99999999999999999999"])
def test_odd_limits_are_refused_kindly(riverside: Organization, admin: User, minutes: str) -> None:
    response = client_for(admin).post(
        SETTINGS, {"ack_limit_minutes": minutes, "policy_text": "Kept", "jurisdiction_notes": ""}
    )
    assert response.status_code == 400
    assert "Kept" in response.content.decode()
    assert not SafetySettings.objects.exists()


def test_admin_sets_the_order_and_hours(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    second = make_member(riverside, Role.SUPERVISOR, "second@example.org", "Dana")
    client = client_for(admin)
    response = client.post(
        DUTY + "add/",
        {
            "person": second.pk,
            "position": "1",
            "days": ["0", "1"],
            "starts": "09:00",
            "ends": "17:00",
        },
    )
    assert response.status_code == 302
    entry = OnDutyEntry.objects.get()
    assert (entry.user, entry.position, entry.days) == (second, 1, "01")
    assert entry.starts == datetime.time(9) and entry.ends == datetime.time(17)
    # Saving the same person again changes their entry.
    client.post(DUTY + "add/", {"person": second.pk, "position": "2", "starts": "", "ends": ""})
    entry.refresh_from_db()
    assert entry.position == 2 and entry.days == "" and entry.starts is None
    text = client.get(DUTY).content.decode()
    assert "Dana" in text and "every day" in text
    client.post(f"{DUTY}{entry.pk}/remove/")
    assert not OnDutyEntry.objects.exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="safety.on_duty")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["safety.on_duty_saved", "safety.on_duty_saved", "safety.on_duty_removed"]


@pytest.mark.parametrize(
    "answers",
    [
        {"person": "abc", "position": "1"},
        {"person": "1", "position": "0"},
        {"person": "", "position": "1", "starts": "09:00", "ends": ""},
        {"person": "", "position": "1", "starts": "25:00", "ends": "26:00"},
        {"person": "", "position": "1", "days": ["9"]},
    ],
)
def test_odd_duty_answers_are_refused_kindly(
    riverside: Organization, admin: User, supervisor: User, answers: dict[str, object]
) -> None:
    data = {**answers}
    if data.get("person") == "":
        data["person"] = supervisor.pk
    response = client_for(admin).post(DUTY + "add/", data)
    assert response.status_code == 400
    assert not OnDutyEntry.objects.exists()


def test_someone_from_elsewhere_cannot_be_put_on_the_list(
    riverside: Organization, admin: User, outsider: User, participant: User
) -> None:
    client = client_for(admin)
    for person in (outsider, participant):
        response = client.post(DUTY + "add/", {"person": person.pk, "position": "1"})
        assert response.status_code == 400
    assert not OnDutyEntry.objects.exists()
