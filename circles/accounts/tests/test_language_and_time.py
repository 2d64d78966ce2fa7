import datetime
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings

from circles.accounts.models import Membership
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


@override_settings(LANGUAGES=settings.KNOWN_LANGUAGES)
def test_a_signed_in_persons_language_is_remembered(participant: Any) -> None:
    client = client_for(participant)
    client.post("/language/", {"language": "es", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "es"
    # On any device, pages now come in their language.
    other_device = client_for(participant)
    assert other_device.get("/o/riverside/")["Content-Language"] == "es"


def test_a_language_without_its_catalogue_is_not_offered(participant: Any) -> None:
    """Without a Spanish catalogue, "Español" would mark English pages lang="es"."""
    assert [code for code, _name in settings.LANGUAGES] == ["en"]
    page = Client(headers={"accept-language": "es"}).get("/")
    assert page["Content-Language"] == "en"
    assert 'id="language-select"' not in page.content.decode()
    client_for(participant).post("/language/", {"language": "es", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "en"


def test_an_unknown_language_is_ignored(participant: Any) -> None:
    client_for(participant).post("/language/", {"language": "xx", "next": "/"})
    participant.refresh_from_db()
    assert participant.language == "en"


def test_times_are_shown_in_the_organisations_timezone(admin: Any, participant: Any) -> None:
    # 03:00 UTC on 1 January is still 31 December in Chicago.
    membership = Membership.objects.get(user=participant)
    membership.created = datetime.datetime(2026, 1, 1, 3, 0, tzinfo=datetime.UTC)
    membership.save()
    page = client_for(admin).get(f"/o/riverside/members/{membership.pk}/").content.decode()
    assert "Member since 31 December 2025" in page
