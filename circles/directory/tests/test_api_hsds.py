"""The HSDS API: public, published directories only, valid against HSDS 3.0."""

from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import Organization
from circles.directory.categories import TAXONOMY_NAME
from circles.directory.demo import load_demo_directory
from circles.directory.hsds_tables import load_schema, validator
from circles.directory.models import DirectoryOrganization, Service, Taxonomy, TaxonomyTerm
from circles.directory.tests.factories import make_place, make_service, publish

API = "/api/v1/hsds"
HUGE = "99999999999999999999"


@pytest.fixture
def demo(riverside: Organization, lakeshore: Organization) -> Organization:
    load_demo_directory(riverside, lakeshore)
    return riverside


def valid(schema: str, record: dict[str, Any]) -> None:
    errors = [
        f"{error.json_path}: {error.message}" for error in validator(schema).iter_errors(record)
    ]
    assert errors == []


def page_shape(body: dict[str, Any]) -> None:
    page = load_schema("openapi")["components"]["schemas"]["Page"]["properties"]
    assert set(page) <= set(body)


def test_root_says_the_version(db: Any) -> None:
    body = Client().get(f"{API}/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/v1/openapi.json")


def test_services_list_only_published_directories(demo: Organization) -> None:
    body = Client().get(f"{API}/services?per_page=100").json()
    page_shape(body)
    assert body["total_items"] == 27 == len(body["contents"])
    assert body["first_page"] and body["last_page"] and not body["empty"]
    names = [service["name"] for service in body["contents"]]
    assert "Lakeside Friday pantry (demo)" not in names
    for service in body["contents"]:
        valid("compiled/service_list", service)
        assert service["organization"]["name"].endswith("(demo)")


def test_full_services_validate(demo: Organization) -> None:
    body = Client().get(f"{API}/services?full=true&per_page=100").json()
    for service in body["contents"]:
        valid("service", service)
    nested = next(s for s in body["contents"] if s["name"] == "Weekly grocery pantry (demo)")
    location = nested["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "62703"
    assert nested["attributes"][0]["taxonomy_term"]["code"] == "food"
    assert nested["schedules"][0]["byday"] == "WE,SA"


def test_one_service(demo: Organization) -> None:
    service = Service.objects.for_owner(demo).get(name="Peer-run respite stay (demo)")
    body = Client().get(f"{API}/services/{service.hsds_id}").json()
    valid("service", body)
    assert body["id"] == str(service.hsds_id)
    assert body["minimum_age"] == 18
    assert body["phones"][0]["number"] == "(555) 010-3400"
    assert body["cost_options"][0]["amount"] == 0


def test_unpublished_and_unknown_services_are_404(
    demo: Organization, lakeshore: Organization
) -> None:
    private = Service.objects.for_owner(lakeshore).get()
    client = Client()
    assert client.get(f"{API}/services/{private.hsds_id}").status_code == 404
    assert client.get(f"{API}/services/not-a-uuid").status_code == 404
    assert client.get(f"{API}/services/{'0' * 8}-0000-4000-8000-{'0' * 12}").status_code == 404
    organization = DirectoryOrganization.objects.for_owner(lakeshore).get()
    assert client.get(f"{API}/organizations/{organization.hsds_id}").status_code == 404


def test_organizations(demo: Organization) -> None:
    body = Client().get(f"{API}/organizations").json()
    page_shape(body)
    assert body["total_items"] == 9
    for organization in body["contents"]:
        valid("compiled/organization_list", organization)
    full = Client().get(f"{API}/organizations?full=1").json()
    for organization in full["contents"]:
        valid("organization", organization)
    chosen = DirectoryOrganization.objects.for_owner(demo).get(name__startswith="Eastside")
    one = Client().get(f"{API}/organizations/{chosen.hsds_id}").json()
    valid("organization", one)
    assert len(one["services"]) == 3


def test_filters_and_pages(demo: Organization) -> None:
    client = Client()
    food = Client().get(f"{API}/services?search=pantry").json()
    # Lakeshore's pantry is not published.
    assert [s["name"] for s in food["contents"]] == ["Weekly grocery pantry (demo)"]
    term = TaxonomyTerm.objects.for_owner(demo).get(code="legal")
    legal = client.get(f"{API}/services?taxonomy_term_id={term.hsds_id}").json()
    assert legal["total_items"] == 4
    taxonomy = Taxonomy.objects.for_owner(demo).get(name=TAXONOMY_NAME)
    assert client.get(f"{API}/services?taxonomy_id={taxonomy.hsds_id}").json()["total_items"] == 27
    provider = DirectoryOrganization.objects.for_owner(demo).get(name__startswith="Harbor")
    harbor = client.get(f"{API}/services?organization_id={provider.hsds_id}").json()
    assert harbor["total_items"] == 2
    second = client.get(f"{API}/services?per_page=10&page=3").json()
    assert (second["size"], second["total_pages"], second["last_page"]) == (7, 3, True)
    past = client.get(f"{API}/services?page=1000").json()
    assert past["empty"] and past["contents"] == []
    minimal = client.get(f"{API}/services?minimal=true").json()
    assert set(minimal["contents"][0]) == {"id"}


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        f"page={HUGE}",
        "page=two",
        "per_page=0",
        "per_page=1000",
        "taxonomy_term_id=nope",
        "organization_id=1",
        "modified_after=2024-02-30",
        f"search={'x' * 300}",
    ],
)
def test_odd_parameters_are_a_plain_422(db: Any, query: str) -> None:
    response = Client().get(f"{API}/services?{query}")
    assert response.status_code == 422
    assert "detail" in response.json()


def test_query_counts_do_not_grow_with_rows(
    riverside: Organization, django_assert_num_queries: Any
) -> None:
    publish(riverside)

    def add(count: int) -> None:
        for _ in range(count):
            make_place(make_service(riverside))

    client = Client()
    pinned = [
        (f"{API}/services", 4),
        (f"{API}/services?full=true", 23),
        (f"{API}/organizations", 3),
        (f"{API}/organizations?full=true", 16),
    ]
    for count in (1, 4):
        add(count)
        for url, queries in pinned:
            with django_assert_num_queries(queries):
                assert client.get(url).status_code == 200
