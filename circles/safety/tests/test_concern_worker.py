"""Telling people and passing a concern on, through the real task worker and a real SMTP server.

The clock is moved by patching ``timezone.now`` while the worker runs, as the
feedback release tests do; the emails go over SMTP to an aiosmtpd server.
"""

import datetime
import email
import json
import socket
from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.forms.models import model_to_dict
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from circles.accounts.models import AuditEvent, Organization, Role, User
from circles.safety.actions import acknowledge_concern, raise_concern
from circles.safety.models import SafetyConcern
from circles.testing.fixtures import make_member

pytestmark = pytest.mark.django_db(transaction=True)

MINUTE = datetime.timedelta(minutes=1)
WORDS = "They said they would hurt their brother tonight."


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            (list(envelope.rcpt_tos), email.message_from_bytes(envelope.original_content))
        )
        return "250 OK"

    def to(self, address: str) -> list[email.message.Message]:
        return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield inbox
    finally:
        controller.stop()


def run_worker_at(when: datetime.datetime) -> None:
    with mock.patch("django.utils.timezone.now", return_value=when):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


def body(message: email.message.Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def test_nobody_acknowledges_so_it_goes_down_the_list_then_to_the_admins(
    smtp: Inbox, riverside: Organization, supervisor: User, specialist: User, admin: User
) -> None:
    second = make_member(riverside, Role.SUPERVISOR, "second@example.org", "Dana")
    concern = raise_concern(
        organization=riverside,
        raised_by=specialist,
        kind=SafetyConcern.Kind.OTHERS,
        what_happened=WORDS,
    )
    start = concern.raised_at

    # At once: the first supervisor, by email; nobody else yet.
    run_worker_at(start + MINUTE)
    assert len(smtp.to(supervisor.email)) == 1
    assert not smtp.to(second.email) and not smtp.to(admin.email)
    first = smtp.to(supervisor.email)[0]
    assert f"/o/riverside/safety/concerns/{concern.pk}/" in body(first)
    assert WORDS not in body(first) and "brother" not in first["Subject"]

    # Just before the limit: still only the first.
    run_worker_at(start + 14 * MINUTE)
    assert not smtp.to(second.email)

    # The limit runs out: the next person on the list.
    run_worker_at(start + 15 * MINUTE + datetime.timedelta(seconds=1))
    assert len(smtp.to(second.email)) == 1
    assert "still waiting" in smtp.to(second.email)[0]["Subject"]
    assert not smtp.to(admin.email)

    # Past the end of the list: every admin.
    run_worker_at(start + 31 * MINUTE)
    assert len(smtp.to(admin.email)) == 1
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.ESCALATED and concern.told_admins

    # Nothing more is waiting to run, and nobody was told twice.
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert len(smtp.messages) == 3
    assert AuditEvent.objects.filter(action="safety.concern_notice_sent").count() == 3
    # No task row, email or audit detail holds what was written.
    for row in DBTaskResult.objects.all():
        assert "brother" not in json.dumps(model_to_dict(row), default=str)
    for event in AuditEvent.objects.all():
        assert "brother" not in json.dumps(event.detail)


def test_once_acknowledged_it_is_not_passed_on(
    smtp: Inbox, riverside: Organization, supervisor: User, specialist: User, admin: User
) -> None:
    second = make_member(riverside, Role.SUPERVISOR, "second@example.org", "Dana")
    concern = raise_concern(
        organization=riverside,
        raised_by=specialist,
        kind=SafetyConcern.Kind.SELF,
        what_happened=WORDS,
    )
    start = concern.raised_at
    run_worker_at(start + MINUTE)
    acknowledge_concern(concern, supervisor)
    run_worker_at(start + 16 * MINUTE)
    run_worker_at(start + 31 * MINUTE)
    assert not smtp.to(second.email) and not smtp.to(admin.email)
    assert len(smtp.messages) == 1
    escalations = DBTaskResult.objects.filter(task_path__endswith="escalate_concern")
    assert [r.status for r in escalations] == [TaskResultStatus.SUCCESSFUL]
    assert escalations.get().return_value is False
