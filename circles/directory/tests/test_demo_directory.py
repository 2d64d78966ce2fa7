from datetime import timedelta

from django.utils import timezone

from circles.accounts.models import Organization
from circles.directory.categories import CATEGORIES
from circles.directory.demo import load_demo_directory
from circles.directory.models import (
    Address,
    Attribute,
    DirectoryOrganization,
    DirectorySettings,
    Service,
)


def test_demo_directory_is_plainly_demo_and_varied(
    riverside: Organization, lakeshore: Organization
) -> None:
    load_demo_directory(riverside, lakeshore)
    services = Service.objects.for_owner(riverside)
    assert services.count() == 27
    for service in services:
        assert service.name.endswith("(demo)")
        assert "Demo data" in service.description
    for provider in DirectoryOrganization.objects.for_owner(riverside):
        assert provider.name.endswith("(demo)")
    used = set(Attribute.objects.for_owner(riverside).values_list("taxonomy_term__code", flat=True))
    assert used == {code for code, _label in CATEGORIES}
    half_a_year = timezone.now() - timedelta(days=183)
    assert services.filter(last_checked_at__lt=half_a_year).count() >= 5
    assert services.filter(last_checked_at__gte=half_a_year).count() >= 15
    assert {a.postal_code for a in Address.objects.for_owner(riverside)} <= {
        "62701",
        "62702",
        "62703",
        "62704",
    }
    assert services.filter(service_at_locations__location__location_type="virtual").exists()
    assert services.filter(phones__isnull=True).exists()
    assert services.filter(languages__name="Spanish").exists()
    assert services.filter(cost_options__amount__gt=0).exists()
    assert DirectorySettings.of(riverside).publish_to_everyone
    assert not DirectorySettings.of(lakeshore).publish_to_everyone
    assert set(Service.objects.published()) == set(services)
