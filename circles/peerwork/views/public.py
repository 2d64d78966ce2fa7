"""The organisation's public page and the request form anyone can use without an account.

The form stores no address, session or account: what the person writes is
encrypted, and the only limit on it counts by address bucket and by
organisation, by the day (circles.lib.ratelimit).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from circles.accounts.http import CirclesRequest
from circles.accounts.models import CrisisLine, Organization
from circles.groups.models import SupportGroup
from circles.lib import ratelimit
from circles.peerwork.actions import submit_request
from circles.peerwork.forms import PublicRequestForm
from circles.peerwork.models import PeerworkSettings, Person

REQUESTS_FROM_ADDRESS = ratelimit.Limit("peer-request-address", allowed=5, window=ratelimit.DAY)
REQUESTS_TO_ORGANIZATION = ratelimit.Limit("peer-request-org", allowed=200, window=ratelimit.DAY)


def _organization(slug: str) -> Organization:
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise Http404("No such organisation.")
    return organization


def organization_page(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(slug)
    return render(
        request,
        "peerwork/organization_public.html",
        {
            "organization": organization,
            "groups": SupportGroup.objects.for_org(organization).public().order_by("name")[:50],
            "lines": CrisisLine.objects.for_org(organization),
        },
    )


def public_request(request: CirclesRequest, slug: str) -> HttpResponse:
    organization = _organization(slug)
    settings = PeerworkSettings.of(organization)
    form = PublicRequestForm(request.POST or None)
    form.set_areas(settings)
    too_many = False
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.take_all(
            [
                (REQUESTS_FROM_ADDRESS, ratelimit.address_bucket(request)),
                (REQUESTS_TO_ORGANIZATION, ratelimit.target("organization", organization.pk)),
            ]
        ).refused
        if not too_many:
            data = form.cleaned_data
            submit_request(
                organization,
                source=Person.Source.PUBLIC,
                name=data["name"],
                phone=data["phone"],
                email=data["email"],
                text_ok=data["text_ok"],
                when_good=data["when_good"],
                wants=data["wants"],
                preferences=form.preferences(),
            )
            return redirect("peer_public_sent", slug=organization.slug)
    return render(
        request,
        "peerwork/public_request.html",
        {
            "organization": organization,
            "form": form,
            "days": settings.answer_within_days,
            "lines": CrisisLine.objects.for_org(organization),
            "too_many": too_many,
        },
        status=429 if too_many else 400 if form.errors else 200,
    )


def public_request_sent(request: HttpRequest, slug: str) -> HttpResponse:
    organization = _organization(slug)
    return render(
        request,
        "peerwork/public_request_sent.html",
        {
            "organization": organization,
            "days": PeerworkSettings.of(organization).answer_within_days,
            "lines": CrisisLine.objects.for_org(organization),
        },
    )
