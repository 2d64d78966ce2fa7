from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from circles.accounts import actions
from circles.accounts.models import AuditEvent, CrisisLine, Invitation, Membership, Role, User
from circles.testing.fixtures import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def invite(admin: Any, email: str, role: str = "participant") -> Any:
    return client_for(admin).post(
        "/o/riverside/members/", {"email": email, "role": role}, follow=True
    )


def link_from_email() -> str:
    body = mail.outbox[-1].body
    return next(line for line in body.splitlines() if "/invitations/" in line).strip()


def test_admin_invites_by_email_with_a_role(
    admin: Any, riverside: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin, "New.Person@example.org", "specialist")
    assert "We emailed an invitation to new.person@example.org" in response.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.role == Role.SPECIALIST
    assert invitation.email == "new.person@example.org"
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "Riverside Peer Center" in mail.outbox[0].subject
    # The token itself is not stored, only its hash.
    token = link_from_email().rstrip("/").split("/")[-1]
    assert token not in invitation.token_hash
    assert AuditEvent.objects.filter(action="invitation.created").exists()


def test_new_person_accepts_and_chooses_a_password(
    admin: Any, riverside: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invite(admin, "new@example.org", "participant")
    path = "/" + link_from_email().split("/", 3)[3]
    client = Client()
    page = client.get(path)
    assert "Welcome to Riverside Peer Center" in page.content.decode()
    response = client.post(
        path, {"preferred_name": "Kit", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == "/o/riverside/"
    user = User.objects.get(email="new@example.org")
    assert Membership.objects.get(user=user).role == Role.PARTICIPANT
    assert client.get("/o/riverside/").status_code == 200
    # Single use: the same link does not work again.
    assert Client().get(path).status_code == 410


def test_bad_password_keeps_what_was_typed(admin: Any, riverside: Any) -> None:
    _invitation, token = actions.create_invitation(
        riverside, "new@example.org", "participant", admin
    )
    response = Client().post(
        f"/invitations/{token}/",
        {"preferred_name": "Kit", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Kit"' in page
    assert "too short" in page
    assert not User.objects.filter(email="new@example.org").exists()


def test_expired_invitation_does_not_work(admin: Any, riverside: Any) -> None:
    invitation, token = actions.create_invitation(
        riverside, "new@example.org", "participant", admin
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(1))
    response = Client().get(f"/invitations/{token}/")
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()


def test_revoked_invitation_does_not_work(admin: Any, riverside: Any) -> None:
    invitation, token = actions.create_invitation(
        riverside, "new@example.org", "participant", admin
    )
    client_for(admin).post(f"/o/riverside/invitations/{invitation.pk}/revoke/")
    assert Client().get(f"/invitations/{token}/").status_code == 410


def test_existing_person_joins_a_second_organisation(
    outsider: Any, lakeshore: Any, participant: Any
) -> None:
    _invitation, token = actions.create_invitation(
        lakeshore, "participant@example.org", "observer", outsider
    )
    client = client_for(participant)
    assert (
        "Join Lakeshore Recovery Network?" in client.get(f"/invitations/{token}/").content.decode()
    )
    assert client.post(f"/invitations/{token}/")["Location"] == "/o/lakeshore/"
    assert Membership.objects.filter(user=participant).count() == 2
    # They can now switch between the two.
    page = client.get("/o/").content.decode()
    assert "Riverside Peer Center" in page and "Lakeshore Recovery Network" in page


def test_someone_else_cannot_use_an_invitation(
    admin: Any, riverside: Any, participant: Any, participant2: Any
) -> None:
    _invitation, token = actions.create_invitation(
        riverside, "participant@example.org", "observer", admin
    )
    response = client_for(participant2).post(f"/invitations/{token}/")
    assert "for someone else" in response.content.decode()


def test_inviting_a_current_member_explains_itself(admin: Any, participant: Any) -> None:
    response = invite(admin, "participant@example.org")
    assert "already has a membership here" in response.content.decode()
    assert not Invitation.objects.exists()


def test_admin_changes_a_role(admin: Any, participant: Any) -> None:
    membership = Membership.objects.get(user=participant)
    client_for(admin).post(f"/o/riverside/members/{membership.pk}/", {"role": "specialist"})
    membership.refresh_from_db()
    assert membership.role == Role.SPECIALIST
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.detail == {"from": "participant", "to": "specialist"}


def test_the_only_admin_cannot_step_down(admin: Any) -> None:
    membership = Membership.objects.get(user=admin)
    response = client_for(admin).post(
        f"/o/riverside/members/{membership.pk}/", {"role": "participant"}
    )
    assert "only admin" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN


def test_deactivated_member_loses_access_and_can_be_brought_back(
    admin: Any, participant: Any
) -> None:
    membership = Membership.objects.get(user=participant)
    client_for(admin).post(f"/o/riverside/members/{membership.pk}/deactivate/")
    # Signing in again works, but Riverside is no longer theirs to see.
    participant.refresh_from_db()
    assert client_for(participant).get("/o/riverside/").status_code == 404
    client_for(admin).post(f"/o/riverside/members/{membership.pk}/reactivate/")
    assert client_for(participant).get("/o/riverside/").status_code == 200


def test_members_page_has_a_fixed_number_of_queries(
    admin: Any, riverside: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(admin)
    client.get("/o/riverside/members/")
    for number in range(30):
        user = User.objects.create_user(f"p{number}@example.org", PASSWORD)
        Membership.objects.create(user=user, organization=riverside, role=Role.PARTICIPANT)
    with django_assert_max_num_queries(12):
        response = client.get("/o/riverside/members/")
    assert response.status_code == 200
    assert "p29@example.org" in response.content.decode()


def test_organisation_settings_are_saved(admin: Any, riverside: Any) -> None:
    response = client_for(admin).post(
        "/o/riverside/settings/",
        {
            "name": "Riverside Peer Centre",
            "timezone": "America/New_York",
            "language": "en",
            "staff_idle_minutes": "45",
            "require_staff_mfa": "on",
        },
    )
    assert response.status_code == 302
    riverside.refresh_from_db()
    assert riverside.name == "Riverside Peer Centre"
    assert riverside.timezone == "America/New_York"
    assert riverside.staff_idle_minutes == 45


def test_bad_settings_get_a_kind_message_and_keep_the_input(admin: Any, riverside: Any) -> None:
    response = client_for(admin).post(
        "/o/riverside/settings/",
        {
            "name": "Typed name",
            "timezone": "Mars/Olympus",
            "language": "en",
            "staff_idle_minutes": "2",
        },
    )
    page = response.content.decode()
    assert "Select a valid choice" in page
    assert "between 5 and 720 minutes" in page
    assert 'value="Typed name"' in page
    riverside.refresh_from_db()
    assert riverside.name == "Riverside Peer Center"


def test_admin_adds_a_crisis_line_everyone_sees(admin: Any, participant: Any) -> None:
    client_for(admin).post(
        "/o/riverside/settings/crisis-lines/new/",
        {
            "name": "Teen text line",
            "way": "text",
            "contact": "HOPELINE to 741741",
            "position": "1",
        },
    )
    home = client_for(participant).get("/o/riverside/").content.decode()
    assert "Text HOPELINE to 741741" in home
    assert "Text HOPELINE to 741741" in Client().get("/help/").content.decode()


def test_a_phone_line_can_be_tapped_to_call(riverside: Any, participant: Any) -> None:
    CrisisLine.objects.create(
        organization=riverside, name="Warmline", way="call", contact="(555) 010-4040"
    )
    home = client_for(participant).get("/o/riverside/").content.decode()
    assert '<a href="tel:5550104040">(555) 010-4040</a>' in home
