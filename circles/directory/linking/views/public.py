"""Pages for anyone, no account: search, a resource's page, "this is out of date"."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.http import CirclesRequest
from circles.accounts.models import CrisisLine, Membership
from circles.directory.linking import access, actions
from circles.directory.linking.forms import OutOfDateForm, SearchForm
from circles.directory.linking.models import stale_before
from circles.directory.linking.search import (
    SearchFilters,
    all_schedules,
    filter_choices,
    open_state,
    page_services,
    search_services,
)
from circles.directory.linking.words import describe_schedules
from circles.directory.models import DirectorySettings, Service
from circles.lib import ratelimit

# Enough for someone correcting several records in a day; not enough to flood a queue.
REPORTS_FROM_ADDRESS = ratelimit.Limit("directory-report-address", allowed=10, window=ratelimit.DAY)
REPORTS_ON_SERVICE = ratelimit.Limit("directory-report-service", allowed=20, window=ratelimit.DAY)


def resource_search(request: CirclesRequest) -> HttpResponse:
    own = access.own_org_ids(request)
    categories, languages = filter_choices(own)
    form = SearchForm(request.GET or None, categories=categories, languages=languages)
    if request.GET:
        query, filters, page, notes = form.search()
    else:
        query, filters, page, notes = "", SearchFilters(), 1, []
    found = search_services(query, filters, page, own_org_ids=own)
    context: dict[str, Any] = {
        "form": form,
        "found": found,
        "asked": bool(found.words_used) or filters.any,
        "notes": notes,
        "page_query": _page_query(request),
        "org_lines": CrisisLine.objects.select_related("organization").filter(
            organization_id__in=sorted(access.member_org_ids(request))
        ),
    }
    template = "linking/search.html#results" if request.htmx else "linking/search.html"
    response = render(request, template, context)
    # The same address answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page_query(request: CirclesRequest) -> str:
    """The search's own parameters, for the page links (without the page number)."""
    kept = [
        (key, value[:200])
        for key, values in request.GET.lists()
        if key != "page"
        for value in values
    ]
    return urlencode(kept)


def _linking_memberships(request: CirclesRequest) -> list[Membership]:
    if not request.user.is_authenticated:
        return []
    return list(request.memberships)


def resource_detail(request: CirclesRequest, service_id: int) -> HttpResponse:
    service = access.get_public_service(request, service_id)
    now = timezone.now()
    page = search_page_service(service)
    months = DirectorySettings.of(service.owner).check_every_months
    checked = service.last_checked_at
    context = {
        "service": page,
        "organization": page.organization,
        "schedules": describe_schedules(all_schedules(page)),
        "open_now": open_state(page, now),
        "out_of_date": checked is None or checked < stale_before(months, now),
        "form": OutOfDateForm(),
        "link_memberships": _linking_memberships(request),
    }
    return render(request, "linking/resource.html", context)


def search_page_service(service: Service) -> Service:
    """The service with everything its page shows, fetched in a fixed number of queries."""
    found = page_services([service.pk])
    return found[0] if found else service


@require_POST
def resource_report(request: CirclesRequest, service_id: int) -> HttpResponse:
    service = access.get_reportable_service(service_id)
    form = OutOfDateForm(request.POST)
    if not form.is_valid():
        page = search_page_service(service)
        return render(
            request,
            "linking/resource.html",
            {
                "service": page,
                "organization": page.organization,
                "schedules": describe_schedules(all_schedules(page)),
                "open_now": open_state(page, timezone.now()),
                "form": form,
                "link_memberships": _linking_memberships(request),
            },
            status=400,
        )
    refused = ratelimit.take_all(
        [
            (REPORTS_FROM_ADDRESS, ratelimit.address_bucket(request)),
            (REPORTS_ON_SERVICE, ratelimit.target("service", service.pk)),
        ]
    ).refused
    if refused:
        messages.info(
            request,
            _(
                "We have had many reports today already, so we could not take this one. "
                "Thank you for trying: please try again tomorrow."
            ),
        )
    else:
        actions.report_out_of_date(service, form.cleaned_data["what"])
        messages.success(
            request,
            _("Thank you. The people who keep this directory will check it."),
        )
    return redirect("resource_detail", service_id=service.pk)
