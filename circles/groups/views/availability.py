"""When people could come: members and facilitators tick the days and parts of the day
that suit them; facilitators add someone who is interested, by first name or initials."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups.access import AvailabilityAccess, get_availability_for
from circles.groups.forms import AvailabilityForm, InterestedForm, slot_grid
from circles.groups.models import Availability
from circles.groups.planning_assistant import slots_in_words


def availability_page(
    request: CirclesRequest,
    membership: Membership,
    access: AvailabilityAccess,
    *,
    own_form: AvailabilityForm | None = None,
    interested_form: InterestedForm | None = None,
) -> HttpResponse:
    group = access.group
    entries = Availability.objects.for_org(membership.organization).filter(group=group)
    mine = entries.filter(user_id=membership.user_id).first() if access.may_answer else None
    if own_form is None:
        own_form = AvailabilityForm(initial={"slots": mine.slots if mine else []}, prefix="own")
    if interested_form is None:
        interested_form = InterestedForm(prefix="interested")
    interested: list[dict[str, Any]] = []
    if access.can_edit:
        interested = [
            {"entry": entry, "when": slots_in_words(entry.slots)}
            for entry in entries.filter(user__isnull=True).order_by("label", "pk")
        ]
    return render(
        request,
        "groups/availability.html",
        {
            "group": group,
            "may_answer": access.may_answer,
            "mine": mine,
            "own_form": own_form,
            "own_grid": slot_grid(
                own_form["slots"],
                _("When you could come"),
                _("Tick every day and part of the day that could work for you."),
            ),
            "can_edit": access.can_edit,
            "interested_form": interested_form,
            "interested_grid": slot_grid(
                interested_form["slots"],
                _("When they could come"),
                _("Tick every day and part of the day they told you could work."),
            ),
            "interested": interested,
            "answer_count": entries.count(),
            "can_see_assistant": access.can_edit or membership.has_oversight,
        },
    )


@org_member()
@require_http_methods(["GET", "POST"])
def group_availability(
    request: CirclesRequest, membership: Membership, group_id: int
) -> HttpResponse:
    """The page, and a member's or facilitator's own times."""
    if request.method != "POST":
        return availability_page(request, membership, get_availability_for(membership, group_id))
    access = get_availability_for(membership, group_id, answering=True)
    form = AvailabilityForm(request.POST, prefix="own")
    if not form.is_valid():
        return availability_page(request, membership, access, own_form=form)
    Availability.objects.update_or_create(
        organization=membership.organization,
        group=access.group,
        user_id=membership.user_id,
        defaults={"slots": form.cleaned_data["slots"]},
    )
    messages.success(request, _("Thank you. Your times are saved."))
    return redirect(
        "group_availability", org_slug=membership.organization.slug, group_id=access.group.pk
    )


@org_member()
@require_POST
def group_availability_interested(
    request: CirclesRequest, membership: Membership, group_id: int
) -> HttpResponse:
    """A facilitator adds someone who is interested and told them when they could come."""
    access = get_availability_for(membership, group_id, editing=True)
    form = InterestedForm(request.POST, prefix="interested")
    if not form.is_valid():
        return availability_page(request, membership, access, interested_form=form)
    Availability.objects.create(
        organization=membership.organization,
        group=access.group,
        label=form.cleaned_data["label"],
        slots=form.cleaned_data["slots"],
    )
    messages.success(
        request, _("The times for %(label)s are added.") % {"label": form.cleaned_data["label"]}
    )
    return redirect(
        "group_availability", org_slug=membership.organization.slug, group_id=access.group.pk
    )


@org_member()
@require_POST
def group_availability_remove(
    request: CirclesRequest, membership: Membership, group_id: int, availability_id: int
) -> HttpResponse:
    """Take out someone who is interested (members' own answers are theirs to change)."""
    access = get_availability_for(membership, group_id, editing=True)
    # Removing twice (a second tab, a double click) finds nothing left, and that is fine.
    Availability.objects.for_org(membership.organization).filter(
        group=access.group, user__isnull=True, pk=availability_id
    ).delete()
    messages.success(request, _("Removed."))
    return redirect(
        "group_availability", org_slug=membership.organization.slug, group_id=access.group.pk
    )
