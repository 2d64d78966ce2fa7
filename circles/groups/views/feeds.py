"""Calendar feeds and the public exports (Meeting Guide JSON, Open Referral HSDS).

The personal feed's key is a secret: it is never written to the log or the
audit trail, and an unknown key gets a plain 404 that is not logged either.
"""

import hashlib

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.middleware.gzip import re_accepts_gzip as ACCEPTS_GZIP
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups.calendar import FeedContext, build_calendar
from circles.groups.feeds import GROUP_PREFIX, snapshot_for
from circles.groups.models import CalendarFeed, FeedSnapshot, GroupMembership, SupportGroup

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def member_group_path(group: SupportGroup) -> str:
    return reverse(
        "group_detail", kwargs={"org_slug": group.organization.slug, "group_id": group.pk}
    )


def calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Public ----------------------------------------------------------------------------


def base_of(request: HttpRequest) -> str:
    """Scheme and host this request came to: feeds name the server in their links."""
    return f"{request.scheme}://{request.get_host()}"


def serve_snapshot(request: HttpRequest, snapshot: FeedSnapshot) -> HttpResponse:
    """The stored feed: gzipped when the client accepts it, 304 when it has this one already."""
    gzipped = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    # The gzipped bytes are another representation, so another entity tag.
    etag = f'"{snapshot.etag}-gzip"' if gzipped else f'"{snapshot.etag}"'
    body = bytes(snapshot.gzipped if gzipped else snapshot.body)
    response = HttpResponse(body, content_type=snapshot.content_type)
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Last-Modified"] = http_date(snapshot.built_at.timestamp())
    patch_vary_headers(response, ["Accept-Encoding"])
    conditional = get_conditional_response(
        request, etag=etag, last_modified=int(snapshot.built_at.timestamp()), response=response
    )
    return conditional if conditional is not None else response


@require_safe
def group_calendar(request: HttpRequest, group_id: int) -> HttpResponse:
    snapshot = snapshot_for(f"{GROUP_PREFIX}{group_id}", base_of(request))
    response = serve_snapshot(request, snapshot)
    response["Content-Disposition"] = f'inline; filename="group-{group_id}.ics"'
    return response


@require_safe
def meeting_guide_json(request: HttpRequest) -> HttpResponse:
    response = serve_snapshot(request, snapshot_for("meeting-guide", base_of(request)))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def hsds_json(request: HttpRequest) -> HttpResponse:
    response = serve_snapshot(request, snapshot_for("hsds", base_of(request)))
    response["Access-Control-Allow-Origin"] = "*"
    return response


def not_found_quietly() -> HttpResponse:
    # Django logs every 404 with its path; this path holds a secret key.
    response = HttpResponseNotFound(_("There is no calendar at this address."))
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def groups_of(user_id: int) -> list[SupportGroup]:
    """Groups a person belongs to or facilitates, in organisations where they are active."""
    active_orgs = Membership.objects.filter(user_id=user_id, is_active=True).values(
        "organization_id"
    )
    member_of = GroupMembership.objects.current().filter(user_id=user_id).values("group_id")
    return list(
        SupportGroup.objects.filter(organization_id__in=active_orgs, is_archived=False)
        .filter(Q(pk__in=member_of) | Q(facilitators__id=user_id))
        .distinct()
        .select_related("organization", "venue")
        .prefetch_related("exceptions")
        .order_by("organization__name", "name")
    )


@require_safe
def personal_calendar(request: HttpRequest, key: str) -> HttpResponse:
    feed = CalendarFeed.objects.filter(key=key, user__is_active=True).first()
    if feed is None:
        return not_found_quietly()

    def page_url(group: SupportGroup) -> str:
        # Members open the group's own page, which has everything they may see.
        return request.build_absolute_uri(member_group_path(group))

    context = FeedContext(host=request.get_host(), page_url=page_url, include_online_link=True)
    body = build_calendar(_("My groups"), groups_of(feed.user_id), context)
    response = calendar_response(body, "my-groups.ics")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    # Built for each request (it is one person's), but a calendar app that has it
    # already gets a short 304 instead of the whole feed again.
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


# --- Signed in -------------------------------------------------------------------------


@org_member()
def calendar_settings(request: CirclesRequest, membership: Membership) -> HttpResponse:
    # Only read here: the address is made when the person asks for it (calendar_reset).
    feed = CalendarFeed.objects.filter(user_id=membership.user_id).first()
    address = subscribe = ""
    if feed is not None:
        address = request.build_absolute_uri(reverse("personal_calendar", kwargs={"key": feed.key}))
        subscribe = "webcal://" + address.split("://", 1)[1]
    return render(
        request,
        "groups/calendar_settings.html",
        {
            "organization": membership.organization,
            "address": address,
            "subscribe": subscribe,
            "groups": groups_of(membership.user_id),
        },
    )


@require_POST
@org_member()
def calendar_reset(request: CirclesRequest, membership: Membership) -> HttpResponse:
    """Make the person's calendar address, or a new one in place of the old."""
    new_key = CalendarFeed.new_key()
    _feed, created = CalendarFeed.objects.update_or_create(
        user_id=membership.user_id, defaults={"key": new_key}
    )
    if created:
        messages.success(request, _("Here is your calendar address."))
    else:
        messages.success(
            request,
            _(
                "You have a new calendar address. The old one no longer works: "
                "add the new one to your calendar to keep seeing your groups."
            ),
        )
    return redirect("calendar_settings", org_slug=membership.organization.slug)
