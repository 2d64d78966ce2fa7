"""Forms for groups: planning one, cancelling a date, venues, when people could come,
asking to join and answering a request."""

import datetime
from typing import Any

from dateutil import rrule
from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, Role, User
from circles.groups.models import (
    DAY_KEYS,
    DAY_PARTS,
    DEFAULT_CONFIDENTIALITY,
    DEFAULT_GROUND_RULES,
    FEATURE_KEYS,
    SEED_TOPICS,
    SLOT_KEYS,
    VENUE_FEATURES,
    Audience,
    Format,
    Frequency,
    Kind,
    SupportGroup,
    SupportType,
    Venue,
)
from circles.groups.planning_assistant import DAY_LABELS, slot_in_words
from circles.groups.schedule import Schedule, ScheduleError
from circles.lib import forms as id_forms

WHEN_FIELDS = [
    "frequency",
    "weekday",
    "month_week",
    "custom_rule",
    "start_time",
    "duration_minutes",
    "starts_on",
    "ends_on",
]


def split_commas(text: str) -> list[str]:
    """'Spanish, English,, ' -> ['Spanish', 'English'], without repeats."""
    seen: set[str] = set()
    result: list[str] = []
    for part in text.split(","):
        item = " ".join(part.split())
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            result.append(item)
    return result


def topic_choices(organization: Organization, extra: list[str]) -> list[tuple[str, str]]:
    """The seed's topics, then the ones this organisation's groups already use."""
    topics = list(SEED_TOPICS)
    known = {t.casefold() for t in topics}
    used: list[str] = []
    for group_topics in SupportGroup.objects.for_org(organization).values_list("topics", flat=True):
        used.extend(group_topics or [])
    for topic in sorted([*used, *extra], key=str.casefold):
        if isinstance(topic, str) and topic.casefold() not in known:
            known.add(topic.casefold())
            topics.append(topic)
    return [(t, t) for t in topics]


class FacilitatorField(id_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class GroupForm(forms.ModelForm):
    """Everything about a group, in the five parts the page shows.

    ``clean()`` also builds ``self.schedule`` once the "When" part is valid, so
    the page can preview the dates without saving anything.
    """

    support_types = forms.MultipleChoiceField(
        label=_("What kinds of support happen here?"),
        choices=SupportType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose any that fit. People use these to find the group."),
    )
    other_topics = forms.CharField(
        label=_("Other topics, separated by commas"),
        required=False,
        max_length=300,
        help_text=_("For example: caregivers, veterans"),
    )
    languages = forms.CharField(
        label=_("Languages spoken in the group, separated by commas"),
        max_length=200,
        initial="English",
    )
    is_open = forms.TypedChoiceField(
        label=_("Who may come?"),
        choices=[
            ("True", _("Open: anyone may just come")),
            ("False", _("Closed: people ask to join first")),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="True",
    )
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Only members and facilitators ever see this link."),
    )
    facilitators = FacilitatorField(
        label=_("Facilitators"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("One or more peer specialists who run the meetings."),
    )

    class Meta:
        model = SupportGroup
        fields = [
            # What
            "name",
            "purpose",
            "kind",
            "support_types",
            "topics",
            # Who it is for
            "audience",
            "audience_detail",
            "languages",
            "is_open",
            "is_public",
            "capacity",
            # When
            *WHEN_FIELDS,
            # Where
            "format",
            "venue",
            "online_url",
            "online_allowed_in_listings",
            # How we meet together
            "facilitators",
            "ground_rules",
            "confidentiality",
            "show_member_names",
            "rotate_leader",
            "is_archived",
        ]
        labels = {
            "name": _("Name of the group"),
            "purpose": _("What the group is for, in its own words"),
            "kind": _("What kind of group is it?"),
            "audience": _("Who is it for?"),
            "audience_detail": _("Which identity or community? (optional)"),
            "is_public": _("Show this group in the public group finder"),
            "capacity": _("How many people can take part?"),
            "frequency": _("How often does it meet?"),
            "weekday": _("On which day?"),
            "month_week": _("For monthly groups: which week of the month?"),
            "custom_rule": _("For another pattern: the repeat rule"),
            "start_time": _("Start time"),
            "duration_minutes": _("How long, in minutes"),
            "starts_on": _("First meeting on or after"),
            "ends_on": _("Last date (optional)"),
            "format": _("How does it meet?"),
            "venue": _("Venue"),
            "online_allowed_in_listings": _("Also share the online link with meeting-finder apps"),
            "ground_rules": _("Ground rules"),
            "confidentiality": _("Confidentiality statement"),
            "show_member_names": _("Members can see each other's names"),
            "is_archived": _("This group no longer meets"),
        }
        help_texts = {
            "duration_minutes": _("Most groups meet for 60 or 120 minutes (1 or 2 hours)."),
            "custom_rule": _(
                "Only if none of the choices above fit. For example, FREQ=WEEKLY;BYDAY=MO,TH "
                "meets every Monday and Thursday."
            ),
            "starts_on": _("The group meets from this date on."),
            "ends_on": _("Leave empty if the group keeps going."),
            "ground_rules": _("One rule a line. The group can change them together."),
            "confidentiality": _("Read out at the start of each meeting."),
            "is_archived": _("It stays in the records but no longer shows dates."),
        }
        field_classes = {"venue": id_forms.ModelChoiceField}
        error_messages = {
            "name": {"required": _("Please give the group a name.")},
            "purpose": {"required": _("Please say in a sentence or two who the group is for.")},
            "start_time": {
                "required": _("Please choose a start time, for example 6:00 PM."),
                "invalid": _("Please write the time like 18:00 or 6:00 PM."),
            },
            "starts_on": {"required": _("Please choose the date of the first meeting.")},
        }
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "kind": forms.RadioSelect,
            "audience": forms.RadioSelect,
            "format": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "capacity": forms.NumberInput(attrs={"min": 1, "max": 1000}),
            "duration_minutes": forms.NumberInput(attrs={"min": 15, "max": 600, "step": 5}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ground_rules": forms.Textarea(attrs={"rows": 6}),
            "confidentiality": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(
        self,
        *args: Any,
        organization: Organization,
        creator: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.schedule: Schedule | None = None
        instance: SupportGroup = self.instance
        creating = instance.pk is None

        current_topics: list[str] = list(instance.topics or []) if not creating else []
        self.fields["topics"].choices = topic_choices(organization, current_topics)  # type: ignore[attr-defined]

        specialists = Q(
            memberships__organization=organization,
            memberships__is_active=True,
            memberships__role=Role.SPECIALIST,
        )
        if not creating:
            specialists |= Q(facilitated_groups=instance)
        self.fields["facilitators"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(specialists).distinct().order_by("preferred_name", "email")
        )
        venue_field = self.fields["venue"]
        venue_field.queryset = Venue.objects.for_org(organization)  # type: ignore[attr-defined]
        venue_field.empty_label = _("No venue yet, or online only")  # type: ignore[attr-defined]

        if creating:
            self.initial.setdefault("ground_rules", str(DEFAULT_GROUND_RULES))
            self.initial.setdefault("confidentiality", str(DEFAULT_CONFIDENTIALITY))
            self.initial.setdefault("languages", "English")
            self.initial.setdefault("duration_minutes", 60)
            self.initial.setdefault("kind", Kind.MUTUAL)
            self.initial.setdefault("audience", Audience.ADULTS)
            self.initial.setdefault("starts_on", timezone.localdate())
            if (
                creator is not None
                and self.fields["facilitators"]
                .queryset.filter(  # type: ignore[attr-defined]
                    pk=creator.pk
                )
                .exists()
            ):
                self.initial.setdefault("facilitators", [creator.pk])
            del self.fields["is_archived"]
        else:
            self.initial["languages"] = ", ".join(instance.languages or [])
            self.initial["is_open"] = str(instance.is_open)

    # --- one field at a time ------------------------------------------------

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data.get("capacity")
        if capacity is None or capacity < 1:
            raise forms.ValidationError(
                _("A group needs room for at least one person. Please enter 1 or more.")
            )
        if capacity > 1000:
            raise forms.ValidationError(_("Please enter 1000 people or fewer."))
        return capacity

    def clean_duration_minutes(self) -> int:
        minutes = self.cleaned_data.get("duration_minutes")
        if minutes is None or not 15 <= minutes <= 600:
            raise forms.ValidationError(
                _(
                    "Please choose between 15 minutes and 10 hours (600 minutes). "
                    "Most groups meet for 60 or 120."
                )
            )
        return minutes

    def clean_languages(self) -> list[str]:
        languages = split_commas(self.cleaned_data.get("languages", ""))
        if not languages:
            raise forms.ValidationError(
                _("Please name at least one language, for example English.")
            )
        return languages

    def clean_other_topics(self) -> list[str]:
        topics = split_commas(self.cleaned_data.get("other_topics", ""))
        if any(len(topic) > 60 for topic in topics):
            raise forms.ValidationError(
                _("Please keep each topic short (60 letters or fewer), separated by commas.")
            )
        return topics

    def clean_custom_rule(self) -> str:
        return " ".join(self.cleaned_data.get("custom_rule", "").split())

    # --- the fields together ------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._clean_topics(data)
        self._clean_schedule(data)
        self._clean_where(data)
        facilitators = self.fields["facilitators"].queryset  # type: ignore[attr-defined]
        if "facilitators" in data and not data["facilitators"] and facilitators.exists():
            self.add_error(
                "facilitators", _("Please choose at least one facilitator for the group.")
            )
        return data

    def _clean_topics(self, data: dict[str, Any]) -> None:
        topics = list(data.get("topics") or [])
        known = {t.casefold() for t in topics}
        for topic in data.get("other_topics") or []:
            if topic.casefold() not in known:
                known.add(topic.casefold())
                topics.append(topic)
        data["topics"] = topics

    def _clean_schedule(self, data: dict[str, Any]) -> None:
        if any(name in self.errors for name in WHEN_FIELDS):
            return
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error(
                "ends_on",
                _("The last date is before the first meeting. Please choose a later date."),
            )
            return
        frequency = data.get("frequency")
        if frequency == Frequency.CUSTOM and not data.get("custom_rule"):
            self.add_error(
                "custom_rule",
                _("Please write the repeat rule, or choose one of the other patterns."),
            )
            return
        if not (starts_on and data.get("start_time") and frequency):
            return
        schedule = Schedule(
            frequency=frequency,
            weekday=data["weekday"],
            month_week=data["month_week"],
            custom_rule=data.get("custom_rule", ""),
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            starts_on=starts_on,
            ends_on=ends_on,
            timezone=self.organization.timezone,
            exceptions=self._exceptions(),
        )
        where = (
            "custom_rule" if frequency == Frequency.CUSTOM else "ends_on" if ends_on else "weekday"
        )
        try:
            schedule.validate()
            if schedule.rule()._freq > rrule.DAILY:
                raise ScheduleError(
                    _("A group meets at most once a day. Please use FREQ=DAILY, WEEKLY or MONTHLY.")
                )
        except ScheduleError as error:
            self.add_error(where, str(error))
            return
        self.schedule = schedule

    def _exceptions(self) -> frozenset[datetime.date]:
        if self.instance.pk is None:
            return frozenset()
        return frozenset(e.date for e in self.instance.exceptions.all())

    def _clean_where(self, data: dict[str, Any]) -> None:
        meets = data.get("format")
        if meets in (Format.ONLINE, Format.HYBRID) and not data.get("online_url"):
            self.add_error(
                "online_url",
                _(
                    "An online group needs a meeting link. Please paste it here; "
                    "only members and facilitators will see it."
                ),
            )

    def keep_only_schedule_errors(self) -> None:
        """For a preview: the rest of the form is not finished yet, and that is fine."""
        for name in list(self.errors):
            if name not in WHEN_FIELDS:
                del self.errors[name]

    @property
    def needs_venue(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("format") in (Format.IN_PERSON, Format.HYBRID) and not data.get("venue")


class ExceptionForm(forms.Form):
    date = forms.DateField(
        label=_("Date the group will not meet"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=200,
        help_text=_("Members see this, for example: public holiday, or the room is closed."),
    )

    def __init__(self, *args: Any, group: SupportGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if any(e.date == day for e in self.group.exceptions.all()):
            raise forms.ValidationError(
                _("The group is already not meeting on that date. Nothing more to do.")
            )
        schedule = Schedule.of(self.group)
        zone = schedule.zone
        start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(day, datetime.time.max, tzinfo=zone)
        try:
            meets = bool(schedule.rule().between(start, end, inc=True))
        except ScheduleError:
            meets = False
        if not meets:
            raise forms.ValidationError(
                _(
                    "The group does not meet on that date, so there is nothing to cancel. "
                    "Please choose one of its meeting dates."
                )
            )
        return day


# --- The grid of days and parts of the day -----------------------------------------------

SLOT_CHOICES = [(key, lazy(slot_in_words, str)(key)) for key in SLOT_KEYS]


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


# --- Venues ------------------------------------------------------------------------------


class VenueForm(forms.ModelForm):
    availability = SlotField(required=False, label=_("When the venue is available"))

    class Meta:
        model = Venue
        fields = ["name", "address", "capacity", *FEATURE_KEYS, "room_cost", "notes"]
        labels = {
            "name": _("Name of the venue"),
            "capacity": _("How many people fit (optional)"),
            **dict(VENUE_FEATURES),
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "address": _("Shown on the public page of groups that meet here."),
            "notes": _(
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
            str(_("When the venue is available")),
            str(_("Tick every time the room can be used. If you tick nothing, it means any time.")),
        )


def feature_words(key: str) -> str:
    # The model's own wording is lower case, so it reads well after "Lacks:".
    field = Venue._meta.get_field(key)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


# --- When people could come --------------------------------------------------------------


class AvailabilityForm(forms.Form):
    slots = SlotField(
        label=_("When you could come"),
        error_messages={"required": _("Please tick at least one time you could come.")},
    )


class InterestedForm(forms.Form):
    label = forms.CharField(
        label=_("Their first name or initials"),
        max_length=60,
        help_text=_("Enough for you to recognise them; no surname needed."),
    )
    slots = SlotField(
        label=_("When they could come"),
        error_messages={"required": _("Please tick at least one time they could come.")},
    )


# --- Joining -----------------------------------------------------------------------------


class JoinForm(forms.Form):
    note = forms.CharField(
        label=_("A note to the facilitators (optional)"),
        help_text=_("Anything you would like them to know. You do not have to write anything."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptForm(forms.Form):
    message = forms.CharField(
        label=_("A welcome note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("A kind note to them"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Please write a kind note, so the person knows this is not about them.")
        },
    )
