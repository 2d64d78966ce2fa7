"""Small builders for directory records in tests (shared with the search pages' tests)."""

import uuid
from typing import Any

from circles.accounts.models import Organization
from circles.directory.models import (
    Address,
    DirectoryOrganization,
    DirectorySettings,
    Location,
    Service,
    ServiceAtLocation,
)


def publish(owner: Organization, published: bool = True) -> DirectorySettings:
    found, _ = DirectorySettings.objects.update_or_create(
        owner=owner, defaults={"publish_to_everyone": published}
    )
    return found


def make_provider(owner: Organization, **extra: Any) -> DirectoryOrganization:
    fields: dict[str, Any] = {
        "hsds_id": uuid.uuid4(),
        "name": "Eastside Food Bank",
        "description": "Food for anyone.",
    }
    fields.update(extra)
    return DirectoryOrganization.objects.create(owner=owner, **fields)


def make_service(
    owner: Organization, provider: DirectoryOrganization | None = None, **extra: Any
) -> Service:
    fields: dict[str, Any] = {
        "hsds_id": uuid.uuid4(),
        "name": "Weekly groceries",
        "description": "A bag of food.",
    }
    fields.update(extra)
    return Service.objects.create(
        owner=owner,
        organization=provider or make_provider(owner),
        **fields,
    )


def make_place(service: Service, **extra: Any) -> ServiceAtLocation:
    """A physical location with an address, and the service offered there."""
    fields: dict[str, Any] = {"name": "Main hall", "latitude": 41.88, "longitude": -87.63}
    fields.update(extra)
    location = Location.objects.create(
        owner=service.owner, hsds_id=uuid.uuid4(), organization=service.organization, **fields
    )
    Address.objects.create(
        owner=service.owner,
        hsds_id=uuid.uuid4(),
        location=location,
        address_1="100 Main St",
        city="Springfield",
        state_province="IL",
        postal_code="62701",
        country="US",
    )
    return ServiceAtLocation.objects.create(
        owner=service.owner, hsds_id=uuid.uuid4(), service=service, location=location
    )
