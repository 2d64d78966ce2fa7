"""The invitation email's task carries the invitation's id, never the link."""

import json
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import Client
from django_tasks_db.models import DBTaskResult

from circles.accounts import actions
from circles.accounts.models import Invitation
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# The worker commits on its own connection, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_no_task_row_holds_the_invitation_token(admin: Any, riverside: Any) -> None:
    invitation, token = actions.create_invitation(riverside, "new@example.org", "admin", admin)
    rows = list(DBTaskResult.objects.all())
    assert len(rows) == 1
    assert rows[0].args_kwargs == {"args": [], "kwargs": {"invitation_id": invitation.pk}}
    for row in rows:
        assert token not in json.dumps(model_to_dict(row), default=str)

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert f"/invitations/{token}/" in mail.outbox[0].body
    assert Client().get(f"/invitations/{token}/").status_code == 200


def test_the_emailed_link_is_the_one_the_admin_saw(
    admin: Any, riverside: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = IMMEDIATE
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            "/o/riverside/members/", {"email": "kit@example.org", "role": "participant"}
        )
    shown = response.context["new_link"]
    assert f"/invitations/{shown.split('/')[-2]}/" in mail.outbox[0].body


def test_after_a_secret_key_change_the_old_key_still_mints_the_link(
    admin: Any, riverside: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    invitation, token = actions.create_invitation(
        riverside, "kit@example.org", "participant", admin
    )
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-secret-key-for-this-test-only-0123456789abcdef"
    invitation = Invitation.objects.get(pk=invitation.pk)
    # A link built with the wrong key would not open the invitation: send none.
    assert invitation.stored_link_token() is None
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert invitation.stored_link_token() == token
