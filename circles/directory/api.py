"""The Open Referral HSDS 3.0 API, for other directories to read ours.

Public, no account: only directories their owners publish to everyone on this
server. Paths, parameters and page format follow the HSDS 3.0 OpenAPI file
(``hsds/openapi.json``); ``postcode`` and ``proximity`` are not offered yet.
"""

import math
import uuid
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from circles.directory.access import get_published_organization, get_published_service
from circles.directory.hsds_json import (
    ORGANIZATION_FULL,
    ORGANIZATION_LIST,
    SERVICE_FULL,
    SERVICE_LIST,
    Nester,
    Shape,
    prefetches,
)
from circles.directory.models import HSDS_VERSION, Attribute, DirectoryOrganization, Service
from circles.lib.apiparams import MAX_PAGE

router = Router(tags=["HSDS"])

PROFILE = "https://docs.openreferral.org/en/latest/hsds/"
MAX_PER_PAGE = 100


class About(Schema):
    version: str
    profile: str
    openapi_url: str


class Listing(Schema):
    search: str | None = Field(
        None, max_length=200, description="Words in the name or description."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE)
    full: bool = Field(False, description="Fully nested records.")


class ServiceListing(Listing):
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: datetime | None = None
    minimal: bool = Field(False, description="Only each service's id and last change.")


def _page(rows: QuerySet[Any], listing: Listing, table: str, shape: Shape) -> dict[str, Any]:
    total = rows.count()
    start = (listing.page - 1) * listing.per_page
    chosen = list(
        rows.prefetch_related(*prefetches(table, shape))[start : start + listing.per_page]
    )
    pages = math.ceil(total / listing.per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": listing.page,
        "size": len(chosen),
        "first_page": listing.page == 1,
        "last_page": listing.page >= pages,
        "empty": not chosen,
        "contents": Nester(table, chosen, shape).all(),
    }


def _attribute_filter(table: str, **term: Any) -> Exists:
    return Exists(
        Attribute.objects.filter(
            owner=OuterRef("owner"), link_entity=table, link_id=OuterRef("hsds_id"), **term
        )
    )


@router.get("/", response=About, auth=None, summary="This API's HSDS version")
def about(request: HttpRequest) -> dict[str, str]:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get(
    "/services",
    response=dict[str, Any],
    auth=None,
    summary="Services of every published directory, a page at a time",
)
def services(request: HttpRequest, listing: Query[ServiceListing]) -> dict[str, Any]:
    rows = Service.objects.published().order_by("name", "pk")
    if listing.search:
        rows = rows.filter(
            Q(name__icontains=listing.search)
            | Q(description__icontains=listing.search)
            | Q(organization__name__icontains=listing.search)
        )
    if listing.organization_id:
        rows = rows.filter(organization__hsds_id=listing.organization_id)
    if listing.taxonomy_term_id:
        rows = rows.filter(
            _attribute_filter("service", taxonomy_term__hsds_id=listing.taxonomy_term_id)
        )
    if listing.taxonomy_id:
        rows = rows.filter(
            _attribute_filter(
                "service", taxonomy_term__taxonomy_detail__hsds_id=listing.taxonomy_id
            )
        )
    if listing.modified_after:
        rows = rows.filter(last_modified__gte=listing.modified_after)
    if listing.minimal:
        page = _page(rows, listing, "service", {})
        page["contents"] = [
            {key: service[key] for key in ("id", "last_modified") if key in service}
            for service in page["contents"]
        ]
        return page
    return _page(rows, listing, "service", SERVICE_FULL if listing.full else SERVICE_LIST)


@router.get(
    "/services/{id}", response=dict[str, Any], auth=None, summary="One service, fully nested"
)
def service(request: HttpRequest, id: str) -> dict[str, Any]:
    found = get_published_service(id)
    prefetch_related_objects([found], *prefetches("service", SERVICE_FULL))
    return Nester("service", [found], SERVICE_FULL).all()[0]


@router.get(
    "/organizations",
    response=dict[str, Any],
    auth=None,
    summary="Organizations of every published directory, a page at a time",
)
def organizations(request: HttpRequest, listing: Query[Listing]) -> dict[str, Any]:
    rows = DirectoryOrganization.objects.published().order_by("name", "pk")
    if listing.search:
        rows = rows.filter(
            Q(name__icontains=listing.search) | Q(description__icontains=listing.search)
        )
    shape = ORGANIZATION_FULL if listing.full else ORGANIZATION_LIST
    return _page(rows, listing, "organization", shape)


@router.get(
    "/organizations/{id}",
    response=dict[str, Any],
    auth=None,
    summary="One organization, fully nested",
)
def organization(request: HttpRequest, id: str) -> dict[str, Any]:
    found = get_published_organization(id)
    prefetch_related_objects([found], *prefetches("organization", ORGANIZATION_FULL))
    return Nester("organization", [found], ORGANIZATION_FULL).all()[0]
