import uuid

import pytest
from django.db import IntegrityError, transaction

from circles.accounts.models import Organization
from circles.directory.models import DirectorySettings, Service
from circles.directory.tests.factories import make_place, make_provider, make_service, publish


def test_for_owner_keeps_directories_apart(
    riverside: Organization, lakeshore: Organization
) -> None:
    ours = make_service(riverside)
    make_service(lakeshore)
    assert list(Service.objects.for_owner(riverside)) == [ours]


def test_published_only_lists_directories_published_to_everyone(
    riverside: Organization, lakeshore: Organization
) -> None:
    ours = make_service(riverside)
    make_service(lakeshore)
    assert list(Service.objects.published()) == []
    publish(riverside)
    publish(lakeshore, published=False)
    assert list(Service.objects.published()) == [ours]


def test_settings_default_without_a_row(riverside: Organization) -> None:
    found = DirectorySettings.of(riverside)
    assert found.pk is None
    assert found.publish_to_everyone is False
    assert found.check_every_months == 6


def test_hsds_id_is_unique_per_owner_not_per_server(
    riverside: Organization, lakeshore: Organization
) -> None:
    shared = uuid.uuid4()
    make_provider(riverside, hsds_id=shared)
    make_provider(lakeshore, hsds_id=shared)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_provider(riverside, hsds_id=shared)


def test_a_place_links_service_and_location(riverside: Organization) -> None:
    place = make_place(make_service(riverside))
    assert place.location.addresses.get().postal_code == "62701"
    assert place.service.service_at_locations.get() == place
