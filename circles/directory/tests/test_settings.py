from typing import Any

import pytest

from circles.accounts.models import AuditEvent, Organization
from circles.directory.models import DirectorySettings
from circles.testing.fixtures import client_for

URL = "/o/riverside/directory/settings/"


def test_admin_publishes_the_directory(riverside: Organization, admin: Any) -> None:
    client = client_for(admin)
    page = client.get(URL)
    assert page.status_code == 200
    assert "publish my directory to everyone on this server" in page.content.decode().lower()
    response = client.post(URL, {"publish_to_everyone": "on", "check_every_months": "4"})
    assert response.status_code == 302
    saved = DirectorySettings.of(riverside)
    assert (saved.publish_to_everyone, saved.check_every_months) == (True, 4)
    event = AuditEvent.objects.get(action="directory.settings_changed")
    assert event.detail == {"publish_to_everyone": True, "check_every_months": 4}
    client.post(URL, {"publish_to_everyone": "on", "check_every_months": "4"})
    assert AuditEvent.objects.filter(action="directory.settings_changed").count() == 1


@pytest.mark.parametrize("months", ["0", "37", "99999999999999999999", "abc", "²", "-1"])
def test_odd_months_are_refused_kindly(riverside: Organization, admin: Any, months: str) -> None:
    response = client_for(admin).post(URL, {"check_every_months": months})
    assert response.status_code == 400
    assert "Nothing is saved yet" in response.content.decode()
    assert "Please give a whole number of months from 1 to 36." in response.content.decode()
    assert not DirectorySettings.objects.exists()


def test_settings_page_is_linked_from_organisation_settings(
    riverside: Organization, admin: Any
) -> None:
    page = client_for(admin).get("/o/riverside/settings/")
    assert URL in page.content.decode()
