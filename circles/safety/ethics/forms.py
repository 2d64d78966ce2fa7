"""Forms for the code of ethics: every field bounded, every mistake explained kindly."""

import datetime
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import User
from circles.lib.forms import ModelChoiceField
from circles.safety.ethics.models import Gift, StepBack

MAX_POINTS = 40
MAX_POINT_LENGTH = 2000
# Time away is planned a year ahead at most, and lasts a year at most.
MAX_AHEAD = datetime.timedelta(days=366)
MAX_AWAY = datetime.timedelta(days=366)
# Gifts are logged when they happen; a few years back is plenty for a late entry.
MAX_GIFT_AGE = datetime.timedelta(days=3 * 366)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read this code of ethics and I will work by it."),
        error_messages={"required": _("Please tick the box to sign, once you have read it.")},
    )


class PublishCodeForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Please give the code a title.")},
    )
    points = forms.CharField(
        label=_("The points"),
        help_text=_("Write each point as its own paragraph, with an empty line between points."),
        max_length=MAX_POINTS * (MAX_POINT_LENGTH + 4),
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={"required": _("Please write at least one point.")},
    )

    def clean_points(self) -> list[str]:
        text = self.cleaned_data["points"].replace("\r\n", "\n")
        points = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        points = [p for p in points if p]
        if not points:
            raise forms.ValidationError(_("Please write at least one point."))
        if len(points) > MAX_POINTS:
            raise forms.ValidationError(
                _("Please keep to %(count)s points at most.") % {"count": MAX_POINTS}
            )
        if any(len(p) > MAX_POINT_LENGTH for p in points):
            raise forms.ValidationError(
                _("Please keep each point under %(count)s characters.")
                % {"count": MAX_POINT_LENGTH}
            )
        return points


class PersonField(ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class RelationshipForm(forms.Form):
    person = PersonField(
        queryset=User.objects.none(),
        label=_("Who do you know in another way?"),
        error_messages={
            "required": _("Please choose the person from the list."),
            "invalid_choice": _("Please choose the person from the list."),
        },
    )
    note = forms.CharField(
        label=_("How you know them (optional)"),
        help_text=_("Only you can read this. For example: a neighbour, a cousin, my landlord."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class GiftForm(forms.ModelForm):
    what = forms.CharField(
        label=_("What was offered?"),
        max_length=300,
        help_text=_("A few words are enough. There is no need to name the person."),
    )
    why = forms.CharField(
        label=_("Why?"),
        max_length=1000,
        help_text=_("What made you decide, in a line or two."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Gift
        fields = ["offered_on", "what", "value", "decision", "why"]
        widgets = {
            "offered_on": DATE_WIDGET,
            "value": forms.RadioSelect,
            "decision": forms.RadioSelect,
        }

    def clean_offered_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["offered_on"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError(_("Please give a day that has already come."))
        if day < today - MAX_GIFT_AGE:
            raise forms.ValidationError(_("Please give a day in the last three years."))
        return day


class StepBackForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Until (your last day away)"), widget=DATE_WIDGET)
    cover = PersonField(
        queryset=User.objects.none(),
        label=_("Who covers for you?"),
        help_text=_(
            "They facilitate your groups and support the people you see one to one for that "
            "time. Please ask them first."
        ),
        error_messages={
            "required": _("Please choose a colleague from the list."),
            "invalid_choice": _("Please choose a colleague from the list."),
        },
    )

    def __init__(
        self, *args: Any, colleagues: QuerySet[User], away: QuerySet[StepBack], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cover"].queryset = colleagues  # type: ignore[attr-defined]
        self.away = away

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        cover = data.get("cover")
        today = timezone.localdate()
        if starts_on is not None:
            if starts_on < today:
                self.add_error("starts_on", _("Please start today or later."))
            elif starts_on > today + MAX_AHEAD:
                self.add_error("starts_on", _("Please start within the next year."))
        if starts_on is not None and ends_on is not None:
            if ends_on < starts_on:
                self.add_error("ends_on", _("Please give a last day on or after the first day."))
            elif ends_on - starts_on > MAX_AWAY:
                self.add_error("ends_on", _("Please plan a year at most; you can add more later."))
            elif (
                cover is not None
                and self.away.filter(
                    worker=cover, starts_on__lte=ends_on, ends_on__gte=starts_on
                ).exists()
            ):
                self.add_error(
                    "cover",
                    _("%(name)s is away for some of that time. Please choose someone else.")
                    % {"name": cover.display_name},
                )
        return data
