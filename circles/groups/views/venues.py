"""Venues with the seed's checklist, and the planning assistant for when a group meets.

Venues: staff look, admins add and change. The assistant: members say when they
could come (staff may add someone who is interested, by first name or initials),
and the group's facilitators, admins and supervisors see which day and part of
the day suits the most people, within the venue's hours.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from circles.accounts import actions as account_actions
from circles.accounts.access import org_member
from circles.accounts.models import ADMIN_ROLES, STAFF_ROLES, Membership, Role
from circles.groups.access import get_group_for, get_venue_for
from circles.groups.models import (
    DAY_KEYS,
    DAY_PARTS,
    FEATURE_KEYS,
    SLOT_KEYS,
    VENUE_FEATURES,
    Availability,
    GroupMembership,
    SupportGroup,
    Venue,
)
from circles.groups.planning_assistant import DAY_LABELS, slot_words, suggest_slots

# Who sees the assistant's suggestions for a group (facilitators are checked per group).
SLOT_CHOICES = [(key, " ".join(str(word) for word in slot_words(key))) for key in SLOT_KEYS]


# --- The grid of days and parts of the day ---------------------------------------------


class SlotField(forms.MultipleChoiceField):
    """Slot keys like "tue-evening", kept in week order; rendered by groups/_slot_grid.html."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=SLOT_CHOICES, **kwargs)

    def clean(self, value: Any) -> list[str]:
        chosen = set(super().clean(value))
        return [key for key in SLOT_KEYS if key in chosen]


def slot_grid(bound_field: forms.BoundField, legend: str, help_text: str = "") -> dict[str, Any]:
    """Rows of checkboxes (one per day) for the template, ticked from the form's data."""
    chosen = set(bound_field.value() or [])
    prefix = bound_field.auto_id or bound_field.html_name
    rows = []
    for index, day in enumerate(DAY_KEYS):
        cells = []
        for part, _label, _start, _end in DAY_PARTS:
            key = f"{day}-{part}"
            cells.append(
                {
                    "key": key,
                    "id": f"{prefix}_{key}",
                    "label": slot_in_words(key),
                    "checked": key in chosen,
                }
            )
        rows.append({"day": DAY_LABELS[day], "short": WEEKDAYS_ABBR[index], "cells": cells})
    return {
        "name": bound_field.html_name,
        "id": prefix,
        "legend": legend,
        "help": help_text,
        "errors": bound_field.errors,
        "parts": [label for _key, label, _start, _end in DAY_PARTS],
        "rows": rows,
    }


def slot_in_words(key: str) -> str:
    day, part = slot_words(key)
    return f"{day} {str(part).lower()}"


def slots_in_words(keys: list[str]) -> str:
    return ", ".join(slot_in_words(key) for key in keys)


# --- Venues ----------------------------------------------------------------------------


class VenueForm(forms.ModelForm):
    availability = SlotField(required=False, label=gettext_lazy("When the venue is available"))

    class Meta:
        model = Venue
        fields = ["name", "address", "capacity", *FEATURE_KEYS, "room_cost", "notes"]
        labels = {
            "name": gettext_lazy("Name of the venue"),
            "capacity": gettext_lazy("How many people fit (optional)"),
            **dict(VENUE_FEATURES),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "address": gettext_lazy("Shown on the public page of groups that meet here."),
            "notes": gettext_lazy(
                "Anything else that helps: who has the key, where the entrance is, parking."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["availability"] = self.instance.availability

    def clean_capacity(self) -> int | None:
        capacity = self.cleaned_data.get("capacity")
        if capacity is not None and capacity < 1:
            raise forms.ValidationError(
                _(
                    "A venue needs room for at least one person. If you are not sure how "
                    "many fit, you can leave this empty."
                )
            )
        return capacity

    def save(self, commit: bool = True) -> Venue:
        venue = super().save(commit=False)
        venue.availability = self.cleaned_data["availability"]
        if commit:
            venue.save()
        return venue

    @property
    def feature_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in FEATURE_KEYS]

    def availability_grid(self) -> dict[str, Any]:
        return slot_grid(
            self["availability"],
            _("When the venue is available"),
            _("Tick every time the room can be used. If you tick nothing, it means any time."),
        )


def feature_words(key: str) -> str:
    # The model's own wording is lower case, so it reads well after "Lacks:".
    field = Venue._meta.get_field(key)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def lacks_words(venue: Venue) -> list[str]:
    return [feature_words(key) for key, _label in venue.missing()]


@org_member(roles=STAFF_ROLES)
def venue_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    venues = Venue.objects.for_org(membership.organization).annotate(group_count=Count("groups"))
    rows = [
        {
            "venue": venue,
            "offered": venue.offered(),
            "lacks": lacks_words(venue),
            "when": slots_in_words(venue.availability),
        }
        for venue in venues
    ]
    return render(
        request,
        "groups/venue_list.html",
        {"rows": rows, "can_edit": membership.role == Role.ADMIN},
    )


@org_member(roles=ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def venue_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        venue = form.save(commit=False)
        venue.organization = organization
        venue.save()
        account_actions.audit(
            "venue.added", actor=request.user, organization=organization, obj=venue
        )
        messages.success(request, _("%(venue)s is added to your venues.") % {"venue": venue})
        return redirect("venue_list", org_slug=organization.slug)
    return render(request, "groups/venue_form.html", {"form": form, "venue": None})


@org_member(roles=ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def venue_edit(request: HttpRequest, membership: Membership, venue_id: int) -> HttpResponse:
    organization = membership.organization
    venue = get_venue_for(membership, venue_id)
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        form.save()
        account_actions.audit(
            "venue.updated",
            actor=request.user,
            organization=organization,
            obj=venue,
            detail={"fields": form.changed_data},
        )
        messages.success(request, _("Saved."))
        return redirect("venue_list", org_slug=organization.slug)
    return render(request, "groups/venue_form.html", {"form": form, "venue": venue})


# --- When people can come --------------------------------------------------------------


class AvailabilityForm(forms.Form):
    slots = SlotField(
        label=gettext_lazy("When you could come"),
        error_messages={"required": gettext_lazy("Please tick at least one time you could come.")},
    )


class InterestedForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Their first name or initials"),
        max_length=60,
        help_text=gettext_lazy("Enough for you to recognise them; no surname needed."),
    )
    slots = SlotField(
        label=gettext_lazy("When they could come"),
        error_messages={"required": gettext_lazy("Please tick at least one time they could come.")},
    )


def is_facilitator(group: SupportGroup, membership: Membership) -> bool:
    return any(f.pk == membership.user_id for f in group.facilitators.all())


@org_member()
@require_http_methods(["GET", "POST"])
def group_availability(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    organization = membership.organization
    user = membership.user
    is_member = (
        GroupMembership.objects.for_org(organization)
        .current()
        .filter(group=group, user=user)
        .exists()
    )
    may_answer = is_member or is_facilitator(group, membership)
    entries = Availability.objects.for_org(organization).filter(group=group)
    mine = entries.filter(user=user).first() if may_answer else None

    own_form = AvailabilityForm(initial={"slots": mine.slots if mine else []}, prefix="own")
    interested_form = InterestedForm(prefix="interested")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "own" and may_answer:
            own_form = AvailabilityForm(request.POST, prefix="own")
            if own_form.is_valid():
                Availability.objects.update_or_create(
                    organization=organization,
                    group=group,
                    user=user,
                    defaults={"slots": own_form.cleaned_data["slots"]},
                )
                messages.success(request, _("Thank you. Your times are saved."))
                return redirect("group_availability", org_slug=organization.slug, group_id=group.pk)
        elif action == "interested" and can_edit:
            interested_form = InterestedForm(request.POST, prefix="interested")
            if interested_form.is_valid():
                Availability.objects.create(
                    organization=organization,
                    group=group,
                    label=interested_form.cleaned_data["label"],
                    slots=interested_form.cleaned_data["slots"],
                )
                messages.success(
                    request,
                    _("The times for %(label)s are added.")
                    % {"label": interested_form.cleaned_data["label"]},
                )
                return redirect("group_availability", org_slug=organization.slug, group_id=group.pk)
        elif action == "remove" and can_edit:
            entry_id = request.POST.get("entry", "")
            if entry_id.isdigit():
                entries.filter(user__isnull=True, pk=int(entry_id)).delete()
            messages.success(request, _("Removed."))
            return redirect("group_availability", org_slug=organization.slug, group_id=group.pk)
        else:
            raise PermissionDenied("Only the group's members and facilitators fill this in.")

    interested = (
        [
            {"entry": entry, "when": slots_in_words(entry.slots)}
            for entry in entries.filter(user__isnull=True).order_by("label", "pk")
        ]
        if can_edit
        else []
    )
    return render(
        request,
        "groups/availability.html",
        {
            "group": group,
            "may_answer": may_answer,
            "mine": mine,
            "own_form": own_form,
            "own_grid": slot_grid(
                own_form["slots"],
                _("When you could come"),
                _("Tick every day and part of the day that could work for you."),
            ),
            "can_edit": can_edit,
            "interested_form": interested_form,
            "interested_grid": slot_grid(
                interested_form["slots"],
                _("When they could come"),
                _("Tick every day and part of the day they told you could work."),
            ),
            "interested": interested,
            "answer_count": entries.count(),
            "can_see_assistant": can_edit or membership.has_oversight,
        },
    )


@org_member()
def group_assistant(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    if not (can_edit or membership.has_oversight):
        raise PermissionDenied("The suggestions are for the group's facilitators.")
    # One query for everyone's answers, whatever their number.
    slot_lists = (
        Availability.objects.for_org(membership.organization)
        .filter(group=group)
        .values_list("slots", flat=True)
    )
    venue = group.venue
    venue_slots = venue.availability if venue else []
    suggestions, total = suggest_slots(slot_lists, venue_slots)
    return render(
        request,
        "groups/assistant.html",
        {
            "group": group,
            "venue": venue,
            "venue_when": slots_in_words(venue_slots),
            "suggestions": suggestions,
            "best": suggestions[0] if suggestions and suggestions[0].venue_available else None,
            "total": total,
            "can_edit": can_edit,
        },
    )


org_urls: list[URLPattern] = [
    path("venues/", venue_list, name="venue_list"),
    path("venues/new/", venue_create, name="venue_create"),
    path("venues/<int:venue_id>/edit/", venue_edit, name="venue_edit"),
    path("groups/<int:group_id>/availability/", group_availability, name="group_availability"),
    path("groups/<int:group_id>/assistant/", group_assistant, name="group_assistant"),
]
public_urls: list[URLPattern] = []
