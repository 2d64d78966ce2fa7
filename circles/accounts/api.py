"""The signed-in person and an organisation's memberships, in the API."""

from django.db.models import QuerySet
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from circles.accounts.access import api_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, Membership, User
from circles.lib.apiparams import BoundedPageNumberPagination

router = Router(tags=["people"])


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


class MemberOut(Schema):
    id: int
    email: str = Field(..., alias="user.email")
    preferred_name: str = Field(..., alias="user.preferred_name")
    pronouns: str = Field(..., alias="user.pronouns")
    role: str
    is_active: bool


@router.get("/me", response=MeOut, summary="The signed-in person and their memberships")
def me(request: CirclesRequest) -> MeOut:
    user = request.user
    assert isinstance(user, User)  # the API's authentication lets only people in
    return MeOut(
        email=user.email,
        preferred_name=user.preferred_name,
        pronouns=user.pronouns,
        language=user.language,
        memberships=[
            MembershipOut(
                organization=OrganizationOut(slug=m.organization.slug, name=m.organization.name),
                role=m.role,
            )
            for m in request.memberships
        ],
    )


@router.get(
    "/organizations/{slug}/members",
    response=list[MemberOut],
    summary="The organisation's memberships (admins only)",
)
@paginate(BoundedPageNumberPagination, page_size=50)
def members(request: CirclesRequest, slug: str) -> QuerySet[Membership]:
    membership = api_member(request, slug, ADMIN_ROLES)
    return Membership.objects.for_org(membership.organization).with_people().order_by("pk")
