"""Circles' versioned JSON API. The OpenAPI document is generated from this code.

Signed-in calls use the browser session (GET only for now); the same access
rules as the pages apply: 404 for outsiders, 403 for the wrong role.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import django_auth

from circles.accounts.access import get_membership
from circles.accounts.actions import record_refused_access
from circles.accounts.models import CrisisLine, Membership, Role
from circles.feedback.api import router as feedback_router
from circles.home.crisis import ALWAYS

api = NinjaAPI(
    title="Circles API",
    version="1",
    description="Peer support organisations, their people and their work.",
    urls_namespace="api",
    docs_url=None,
    auth=django_auth,
)
api.add_router("", feedback_router)


class OrganizationOut(Schema):
    slug: str
    name: str


class MembershipOut(Schema):
    organization: OrganizationOut
    role: str


class MeOut(Schema):
    email: str
    preferred_name: str
    pronouns: str
    language: str
    memberships: list[MembershipOut]


class CrisisLineOut(Schema):
    name: str
    way: str
    contact: str
    description: str
    organization: str | None


class MemberOut(Schema):
    id: int
    email: str = Field(..., alias="user.email")
    preferred_name: str = Field(..., alias="user.preferred_name")
    pronouns: str = Field(..., alias="user.pronouns")
    role: str
    is_active: bool


def membership_with_role(request: HttpRequest, slug: str, roles: Iterable[str]) -> Membership:
    try:
        membership = get_membership(request, slug)
    except Http404 as exc:
        raise HttpError(404, "Not found.") from exc
    if membership.role not in set(roles):
        record_refused_access(request, membership.organization)
        raise HttpError(403, "Your role here does not include this.")
    return membership


@api.get("/me", response=MeOut, summary="The signed-in person and their memberships")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        email=user.email,  # type: ignore[union-attr]
        preferred_name=user.preferred_name,  # type: ignore[union-attr]
        pronouns=user.pronouns,  # type: ignore[union-attr]
        language=user.language,  # type: ignore[union-attr]
        memberships=[
            MembershipOut(
                organization=OrganizationOut(slug=m.organization.slug, name=m.organization.name),
                role=m.role,
            )
            for m in request.memberships  # type: ignore[attr-defined]
        ],
    )


@api.get(
    "/crisis-lines",
    response=list[CrisisLineOut],
    auth=None,
    summary="Crisis lines: the ones always shown, then each organisation's own",
)
def crisis_lines(request: HttpRequest) -> list[CrisisLineOut]:
    lines = [
        CrisisLineOut(
            name=str(line.name),
            way=str(line.way),
            contact=line.contact,
            description=str(line.description),
            organization=None,
        )
        for line in ALWAYS
    ]
    for line in CrisisLine.objects.select_related("organization").order_by(
        "organization__name", "position", "id"
    ):
        lines.append(
            CrisisLineOut(
                name=line.name,
                way=line.get_way_display(),
                contact=line.contact,
                description=line.description,
                organization=line.organization.name,
            )
        )
    return lines


@api.get(
    "/organizations/{slug}/members",
    response=list[MemberOut],
    summary="The organisation's memberships (admins only)",
)
@paginate(PageNumberPagination, page_size=50)
def members(request: HttpRequest, slug: str) -> QuerySet[Membership]:
    membership = membership_with_role(request, slug, [Role.ADMIN])
    return Membership.objects.for_org(membership.organization).with_people().order_by("pk")
