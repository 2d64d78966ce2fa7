"""Who is due or overdue: the team page for supervisors and admins, and each home card."""

import datetime
from typing import Any

import pytest

from circles.accounts.models import Membership, Role
from circles.safety.ethics import actions
from circles.safety.ethics.models import EthicsCode, EthicsSignature
from circles.safety.ethics.queries import org_today
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def joined_long_ago(user: Any) -> None:
    """They joined, and the shipped code came out, over a year ago."""
    Membership.objects.filter(user=user).update(
        created=Membership.objects.get(user=user).created - 400 * DAY
    )
    code = EthicsCode.objects.get(organization=None, version=1)
    EthicsCode.objects.filter(pk=code.pk).update(published_at=code.published_at - 400 * DAY)


def test_team_page_lists_overdue_first_and_does_not_grow_in_queries(
    riverside: Any, supervisor: Any, specialist: Any, admin: Any, django_assert_num_queries: Any
) -> None:
    code = EthicsCode.objects.current_for(riverside)
    actions.sign_code(riverside, admin, code)
    joined_long_ago(specialist)
    client = client_for(supervisor)
    url = "/o/riverside/ethics/team/"
    client.get(url)
    with django_assert_num_queries(8) as first:
        page = client.get(url).content.decode()
    overdue = page.index(specialist.display_name)
    due = page.index(supervisor.display_name)
    signed = page.index(admin.display_name)
    assert overdue < due < signed
    assert "Overdue" in page and "Due soon" in page
    assert "2 people need to sign soon or are overdue." in page
    today = org_today(riverside)
    for i in range(8):
        worker = make_member(riverside, Role.SPECIALIST, f"s{i}@example.org", f"Staff {i}")
        actions.step_back(riverside, worker, admin, today + i * DAY, today + 9 * DAY)
    make_member(riverside, Role.PARTICIPANT, "not-staff@example.org", "Pat Participant")
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert "Staff 7" in page and "Pat Participant" not in page
    assert page.count(f"{admin.display_name} covers.") == 8


def test_an_old_signature_of_an_earlier_version_does_not_count(
    riverside: Any, supervisor: Any, specialist: Any, admin: Any
) -> None:
    actions.sign_code(riverside, specialist, EthicsCode.objects.current_for(riverside))
    actions.publish_code(riverside, "Ours", ["Be kind."], admin)
    page = client_for(supervisor).get("/o/riverside/ethics/team/").content.decode()
    assert "Not signed this version yet" in page
    assert EthicsSignature.objects.count() == 1


def test_homes_show_when_signing_is_due(
    riverside: Any, specialist: Any, supervisor: Any, participant: Any
) -> None:
    joined_long_ago(specialist)
    home = client_for(specialist).get("/o/riverside/").content.decode()
    assert "Ethics in your work" in home and "Overdue" in home
    assert "/o/riverside/ethics/" in home and "/o/riverside/ethics/team/" not in home
    actions.sign_code(riverside, specialist, EthicsCode.objects.current_for(riverside))
    home = client_for(specialist).get("/o/riverside/").content.decode()
    next_time = org_today(riverside) + 365 * DAY
    assert "The next time is" in home and str(next_time.year) in home
    supervising = client_for(supervisor).get("/o/riverside/").content.decode()
    assert "1 person on the team needs to sign the code soon or is overdue." in supervising
    assert "/o/riverside/ethics/team/" in supervising
    assert (
        "Ethics in your work" not in client_for(participant).get("/o/riverside/").content.decode()
    )
