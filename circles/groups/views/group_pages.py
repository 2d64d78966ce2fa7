"""A group's own pages: the list, the form (with a preview of its dates), its page,
cancelled dates."""

import datetime
from collections import Counter
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import GROUP_PLANNER_ROLES, Membership
from circles.groups import actions
from circles.groups.access import (
    can_plan_groups,
    get_editable_group_for,
    get_group_for,
    is_group_member,
)
from circles.groups.forms import ExceptionForm, GroupForm
from circles.groups.models import (
    VENUE_FEATURES,
    GroupMembership,
    SupportGroup,
    SupportType,
)
from circles.groups.schedule import Schedule, ScheduleError, plain_dates


def next_dates_of(group: SupportGroup, count: int) -> list[datetime.datetime]:
    if group.is_archived:
        return []
    try:
        return Schedule.of(group).next_dates(count)
    except ScheduleError:
        return []


def describe(group: SupportGroup) -> str:
    try:
        return Schedule.of(group).describe()
    except ScheduleError:  # pragma: no cover - the form refuses such schedules
        return ""


@org_member()
def group_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    user = membership.user
    groups = SupportGroup.objects.for_org(membership.organization).with_details()
    if not membership.is_staff_role:
        groups = groups.filter(
            Q(memberships__user=user, memberships__status=GroupMembership.Status.MEMBER)
            | Q(facilitators=user)
        ).distinct()
    rows = []
    for group in groups.order_by("is_archived", "name"):
        dates = next_dates_of(group, 1)
        rows.append(
            {
                "group": group,
                "when": describe(group),
                "next": dates[0] if dates else None,
                "facilitating": group.is_facilitator(user),
            }
        )
    return render(
        request,
        "groups/group_list.html",
        {
            "rows": rows,
            "can_plan": can_plan_groups(membership),
            "is_staff": membership.is_staff_role,
        },
    )


def preview_of(form: GroupForm) -> dict[str, Any] | None:
    if form.schedule is None:
        return None
    return {
        "describe": form.schedule.describe(),
        "dates": plain_dates(form.schedule.next_dates(3, now=timezone.now())),
    }


def group_form_page(
    request: CirclesRequest, membership: Membership, group: SupportGroup | None
) -> HttpResponse:
    organization = membership.organization
    form = GroupForm(
        request.POST or None,
        instance=group,
        organization=organization,
        creator=membership.user if group is None else None,
    )
    preview = None
    if request.method == "POST":
        valid = form.is_valid()
        if "preview" in request.POST:
            form.keep_only_schedule_errors()
            context = {"form": form, "group": group, "preview": preview_of(form), "previewed": True}
            if request.htmx:
                return render(request, "groups/group_form.html#preview", context)
            return render(request, "groups/group_form.html", context)
        if valid:
            saved = form.save(commit=False)
            facilitators = form.cleaned_data.get("facilitators") or []
            if group is None:
                saved.organization = organization
                saved = actions.create_group(saved, facilitators, actor=request.user)
                messages.success(request, _("The group is planned. Here is its page."))
            else:
                saved = actions.update_group(
                    saved, facilitators, form.changed_data, actor=request.user
                )
                messages.success(request, _("Saved. Thank you."))
            if form.needs_venue:
                messages.warning(
                    request,
                    _(
                        "The group meets in person, but no venue is chosen yet. "
                        "You can add one when you know where it will meet."
                    ),
                )
            return redirect("group_detail", org_slug=organization.slug, group_id=saved.pk)
    elif group is not None:
        schedule = Schedule.of(group)
        preview = {
            "describe": schedule.describe(),
            "dates": plain_dates(next_dates_of(group, 3)),
        }
    return render(
        request,
        "groups/group_form.html",
        {"form": form, "group": group, "preview": preview, "previewed": False},
    )


@org_member(roles=GROUP_PLANNER_ROLES)
def group_create(request: CirclesRequest, membership: Membership) -> HttpResponse:
    return group_form_page(request, membership, None)


@org_member()
def group_edit(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group = get_editable_group_for(membership, group_id)
    return group_form_page(request, membership, group)


def venue_warnings(group: SupportGroup) -> list[str]:
    """What the venue lacks for this group's members, never saying who."""
    warnings: list[str] = []
    venue = group.venue
    if not group.meets_in_person:
        return warnings
    if venue is None:
        warnings.append(
            _(
                "The group meets in person, but no venue is chosen yet. "
                "Choose one so people know where to go."
            )
        )
        return warnings
    needs: Counter[str] = Counter()
    member_needs = (
        GroupMembership.objects.for_org(group.organization)
        .current()
        .filter(group=group)
        .values_list("user__access_needs", flat=True)
    )
    for person_needs in member_needs:
        needs.update(set(person_needs or []))
    for key, label in VENUE_FEATURES:
        count = needs.get(key, 0)
        if count and not venue.has(key):
            warnings.append(
                ngettext(
                    "%(feature)s: %(count)d member needs this, and %(venue)s does not have it.",
                    "%(feature)s: %(count)d members need this, and %(venue)s does not have it.",
                    count,
                )
                % {"count": count, "venue": venue.name, "feature": label}
            )
    if venue.capacity is not None and venue.capacity < group.capacity:
        warnings.append(
            _(
                "%(venue)s fits %(venue_capacity)d people, but the group is planned for up to "
                "%(capacity)d."
            )
            % {"venue": venue.name, "venue_capacity": venue.capacity, "capacity": group.capacity}
        )
    return warnings


@org_member()
def group_detail(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    today = timezone.localdate()
    support_labels = dict(SupportType.choices)
    context = {
        "group": group,
        "can_edit": can_edit,
        "when": describe(group),
        "next_dates": next_dates_of(group, 5),
        "not_meeting": [e for e in group.exceptions.all() if e.date >= today],
        "support_types": [support_labels[s] for s in group.support_types if s in support_labels],
        "facilitators": list(group.facilitators.all()),
        "warnings": venue_warnings(group) if can_edit else [],
        "is_member": is_group_member(membership, group),
        "sees_assistant": can_edit or membership.has_oversight,
        "waiting": GroupMembership.objects.for_org(membership.organization)
        .requested()
        .filter(group=group)
        .count()
        if can_edit
        else 0,
    }
    return render(request, "groups/group_detail.html", context)


@org_member()
def group_exceptions(
    request: CirclesRequest, membership: Membership, group_id: int
) -> HttpResponse:
    """The group's coming dates, to cancel one, and the dates it is not meeting."""
    group = get_editable_group_for(membership, group_id)
    form = ExceptionForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        actions.add_exception(group, day, form.cleaned_data["reason"], actor=request.user)
        messages.success(
            request,
            _("The group will not meet on %(date)s. It is taken off the list of dates.")
            % {"date": formats.date_format(day, "j F")},
        )
        return redirect("group_exceptions", org_slug=group.organization.slug, group_id=group.pk)
    context = {
        "group": group,
        "form": form,
        "next_dates": next_dates_of(group, 8),
        "exceptions": list(group.exceptions.all()),
        "today": timezone.localdate(),
    }
    return render(request, "groups/group_exceptions.html", context)


@org_member()
@require_POST
def group_exception_remove(
    request: CirclesRequest, membership: Membership, group_id: int, exception_id: int
) -> HttpResponse:
    """The group meets on a cancelled date after all."""
    group = get_editable_group_for(membership, group_id)
    # Taken back twice (a second tab, a double click): nothing left to do, and that is fine.
    exception = next((e for e in group.exceptions.all() if e.pk == exception_id), None)
    if exception is not None:
        day = exception.date
        actions.remove_exception(exception, actor=request.user)
        messages.success(
            request,
            _("The group meets on %(date)s after all.") % {"date": formats.date_format(day, "j F")},
        )
    return redirect("group_exceptions", org_slug=group.organization.slug, group_id=group.pk)
