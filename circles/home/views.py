import datetime
from typing import Any
from zoneinfo import ZoneInfo

from allauth.mfa.models import Authenticator
from django import forms
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from circles.accounts.access import get_membership, org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import (
    STAFF_ROLES,
    CrisisLine,
    Invitation,
    Membership,
    Organization,
    Role,
)
from circles.feedback.home import quality_context
from circles.groups.finder import day_words
from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError
from circles.lib.paging import page_of
from circles.meetings.models import Meeting, ObserverAssignment


def landing(request: HttpRequest) -> HttpResponse:
    organizations = Organization.objects.order_by("name")
    return render(
        request,
        "home/landing.html",
        {"organizations": organizations},
    )


class HelpSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find your organisation"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "organization"}),
    )


# Organisations whose own lines one page shows; the lines everyone sees are on every page.
HELP_ORGANIZATIONS_PER_PAGE = 10


def find_help(request: HttpRequest) -> HttpResponse:
    form = HelpSearchForm(request.GET or None)
    organizations = Organization.objects.filter(
        pk__in=CrisisLine.objects.values("organization_id")
    ).order_by("name", "pk")
    text = form.cleaned_data.get("q", "").strip() if form.is_valid() else ""
    if text:
        organizations = organizations.filter(name__icontains=text)
    page = page_of(request, organizations, per_page=HELP_ORGANIZATIONS_PER_PAGE)
    shown = list(page.object_list)
    lines: dict[int, list[CrisisLine]] = {org.pk: [] for org in shown}
    for line in CrisisLine.objects.filter(organization__in=shown).order_by("position", "id"):
        lines[line.organization_id].append(line)
    context = {
        "form": form,
        "searched": text,
        "page": page,
        "by_org": [(org, lines[org.pk]) for org in shown],
    }
    return render(request, "home/find_help.html", context)


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (health checks, feeds).

    Answering with the real icon keeps that request off the "not found" page, whose
    language form would set a fresh CSRF cookie and race the sign-in form's token.
    """
    return redirect(static("circles/favicon.svg"), permanent=True)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database_ok = True
    except DatabaseError:
        database_ok = False
    return JsonResponse(
        {"status": "ok" if database_ok else "unavailable", "database": database_ok},
        status=200 if database_ok else 503,
    )


@login_required
def after_login(request: CirclesRequest) -> HttpResponse:
    memberships = list(request.memberships)
    remembered = request.session.get("current_org")
    if remembered and any(m.organization.slug == remembered for m in memberships):
        return redirect("org_home", org_slug=remembered)
    if len(memberships) == 1:
        return redirect("org_home", org_slug=memberships[0].organization.slug)
    return redirect("choose_org")


@login_required
def choose_org(request: HttpRequest) -> HttpResponse:
    return render(request, "home/choose_org.html")


@login_required
def two_factor_required(request: CirclesRequest, org_slug: str) -> HttpResponse:
    membership = get_membership(request, org_slug)
    return render(
        request, "home/two_factor_required.html", {"organization": membership.organization}
    )


def _next_meeting(field: str) -> Subquery:
    return Subquery(
        Meeting.objects.filter(group_id=OuterRef("group_id"), starts_at__gte=timezone.now())
        .order_by("starts_at")
        .values(field)[:1]
    )


def participant_groups(membership: Membership) -> dict[str, object]:
    """A person's groups with their next meeting, requests waiting, and replies to read."""
    rows = list(
        GroupMembership.objects.for_org(membership.organization)
        .filter(user_id=membership.user_id, group__is_archived=False)
        .exclude(status=GroupMembership.Status.LEFT)
        .select_related("group__organization")
        .prefetch_related("group__exceptions")
        .annotate(
            next_meeting_id=_next_meeting("pk"),
            next_meeting_starts=_next_meeting("starts_at"),
            next_meeting_status=_next_meeting("status"),
            next_meeting_reason=_next_meeting("cancel_reason"),
        )
        .order_by("group__name")
    )
    current = []
    for row in rows:
        if row.status != GroupMembership.Status.MEMBER:
            continue
        if row.next_meeting_id is not None:
            # The next generated meeting (a cancelled one too, so people see it).
            found = Meeting(
                pk=row.next_meeting_id,
                group=row.group,
                starts_at=row.next_meeting_starts,
                status=row.next_meeting_status,
                cancel_reason=row.next_meeting_reason,
            )
            local = timezone.localtime(found.starts_at, ZoneInfo(row.group.organization.timezone))
            current.append({"group": row.group, "next": day_words(local), "meeting": found})
            continue
        try:
            upcoming = Schedule.of(row.group).next_dates(1)
        except ScheduleError:
            upcoming = []
        current.append({"group": row.group, "next": day_words(upcoming[0]) if upcoming else ""})
    return {
        "my_groups": current,
        "waiting_groups": [r for r in rows if r.status == GroupMembership.Status.REQUESTED],
        "declined_groups": [r for r in rows if r.status == GroupMembership.Status.DECLINED],
    }


def facilitator_week(membership: Membership) -> dict[str, object]:
    """The groups this person facilitates, with their dates in the coming seven days."""
    groups = list(
        SupportGroup.objects.for_org(membership.organization)
        .facilitated_by(membership.user)
        .filter(is_archived=False)
        .select_related("organization")
        .prefetch_related("exceptions")
        .annotate(
            waiting=Count(
                "memberships",
                filter=Q(memberships__status=GroupMembership.Status.REQUESTED),
            )
        )
        .order_by("name")
    )
    now = timezone.now()
    horizon = now + datetime.timedelta(days=7)
    meetings = list(
        Meeting.objects.for_org(membership.organization)
        .filter(group__in=[g.pk for g in groups], starts_at__gte=now, starts_at__lte=horizon)
        .select_related("group")
        .order_by("starts_at")
    )
    week: list[dict[str, Any]] = [
        {"group": meeting.group, "when": meeting.starts_at, "meeting": meeting}
        for meeting in meetings
    ]
    with_meetings = {meeting.group_id for meeting in meetings}
    for group in groups:
        if group.pk in with_meetings:
            continue
        try:
            dates = [d for d in Schedule.of(group).next_dates(7) if d <= horizon]
        except ScheduleError:
            dates = []
        week.extend({"group": group, "when": d} for d in dates)
    week.sort(key=lambda item: item["when"])
    return {"facilitated": groups, "this_week": week}


def observer_meetings(membership: Membership) -> list[object]:
    """Meetings this observer is asked to observe, latest first, with their report if any."""
    return list(
        ObserverAssignment.objects.for_org(membership.organization)
        .filter(observer_id=membership.user_id)
        .select_related("meeting__group", "report")
        .order_by("-meeting__starts_at")[:50]
    )


@org_member()
def org_home(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    context: dict[str, object] = {
        "organization": organization,
        "org_lines": CrisisLine.objects.for_org(organization),
        "membership": membership,
    }
    context.update(quality_context(membership))
    role = membership.role
    if role == Role.PARTICIPANT:
        context.update(participant_groups(membership))
    if role == Role.SPECIALIST:
        context.update(facilitator_week(membership))
    if role == Role.OBSERVER:
        context["observations"] = observer_meetings(membership)
    if role == Role.ADMIN:
        people = Membership.objects.for_org(organization).active()
        # One aggregate query, however many people the organisation has.
        counts = people.aggregate(
            **{value: Count("id", filter=Q(role=value)) for value, _label in Role.choices}
        )
        with_mfa = (
            Authenticator.objects.filter(
                user_id__in=people.staff().values("user_id"), type=Authenticator.Type.TOTP
            )
            .values("user_id")
            .distinct()
            .count()
        )
        context.update(
            role_counts=[(label, counts[value]) for value, label in Role.choices],
            pending_invitations=Invitation.objects.for_org(organization).pending().count(),
            staff_count=sum(counts[value] for value in STAFF_ROLES),
            staff_with_mfa=with_mfa,
        )
    return render(request, f"home/home_{role}.html", context)
