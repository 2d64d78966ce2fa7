import datetime
import zoneinfo
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import User
from circles.meetings.models import (
    AgendaItem,
    AgendaTemplate,
    BreakoutSeat,
    Debrief,
    ObserverReport,
)
from circles.meetings.polls import MAX_OPTIONS, MIN_OPTIONS, TEMPLATES, template_by_key

# The largest id a database row can have; anything larger is not one of ours.
MAX_ID = 2**63 - 1
MAX_GUESTS = 200


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (members will see this)"),
        max_length=300,
        required=False,
        help_text=_("For example: the room is closed for the holiday."),
    )


class WhenForm(forms.Form):
    """A date and time in the organisation's timezone, and how long."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("How long, in minutes"), min_value=15, max_value=600)

    def __init__(self, *args: Any, tz: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tz = zoneinfo.ZoneInfo(tz)

    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(
            self.cleaned_data["date"], self.cleaned_data["time"], tzinfo=self.tz
        )

    def duration(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.cleaned_data["minutes"])


class LeaderForm(forms.Form):
    leader = forms.TypedChoiceField(label=_("Meeting leader"), coerce=int, empty_value=None)

    def __init__(self, *args: Any, choices: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [("", _("Nobody named yet")), *choices]  # type: ignore[attr-defined]
        self.fields["leader"].required = False


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "minutes", "script"]
        widgets = {"script": forms.Textarea(attrs={"rows": 3})}


class AgendaTemplateForm(forms.ModelForm):
    text = forms.CharField(
        label=_("Items, one a line: minutes | title | what to say or do"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("For example: 5 | Greeting and introductions | Welcome everyone."),
    )

    class Meta:
        model = AgendaTemplate
        fields = ["name", "is_default"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.items and not self.is_bound:
            self.initial["text"] = items_to_text(self.instance.items)

    def clean_text(self) -> list[dict[str, Any]]:
        items = []
        for number, line in enumerate(self.cleaned_data["text"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|", 2)]
            try:
                minutes = forms.IntegerField().clean(parts[0]) if len(parts) > 1 else None
            except ValidationError:
                minutes = None
            if minutes is None or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(number)s needs minutes, a bar, then a title, like “5 | Check-in”."),
                    params={"number": number},
                )
            if not 1 <= minutes <= 240:
                raise forms.ValidationError(
                    _("Line %(number)s: minutes go from 1 to 240."), params={"number": number}
                )
            old = {item.get("title"): item.get("key", "") for item in self.instance.items or []}
            items.append(
                {
                    "key": old.get(parts[1], ""),
                    "title": parts[1][:200],
                    "minutes": minutes,
                    "script": parts[2] if len(parts) > 2 else "",
                }
            )
        if not items:
            raise forms.ValidationError(_("Add at least one item."))
        return items


def items_to_text(items: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{item.get('minutes', 5)} | {item.get('title', '')} | "
        f"{' '.join(str(item.get('script', '')).split())}".rstrip(" |")
        for item in items
    )


class IdsField(forms.Field):
    """Whole-number ids, as a list of ticked checkboxes sends them."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("Something in the list is not someone we know. Please reload and try again.")
    }

    def to_python(self, value: Any) -> set[int]:
        if value in self.empty_values:
            return set()
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = forms.IntegerField(min_value=1, max_value=MAX_ID)
        try:
            return {number.clean(item) for item in value}
        except ValidationError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def parse_guests(text: str) -> list[str]:
    return [name.strip()[:60] for name in text.split(",") if name.strip()]


class AttendanceForm(forms.Form):
    """The facilitator's list: members ticked present (and first meetings), guests."""

    present = IdsField(required=False)
    first_meeting = IdsField(required=False)
    # Members shown as present when the form was opened: only they can be unticked.
    was_present = IdsField(required=False)
    guests = forms.CharField(required=False, max_length=MAX_GUESTS * 62)
    guest_count = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            key: _("Please enter a whole number, 0 or more.")
            for key in ("invalid", "min_value", "max_value")
        },
    )

    def clean_guests(self) -> list[str]:
        names = parse_guests(self.cleaned_data["guests"])
        if len(names) > MAX_GUESTS:
            raise ValidationError(_("That is a lot of names. Please list at most 200."))
        return names

    def clean_guest_count(self) -> int:
        return self.cleaned_data["guest_count"] or 0


class ObserverForm(forms.Form):
    observer = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label=_("Observer"),
        error_messages={
            "required": _("Please choose an observer from the list."),
            "invalid_choice": _("Please choose an observer from the list."),
        },
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["observer"].queryset = choices  # type: ignore[attr-defined]


class RunshowItemForm(forms.Form):
    """The agenda item to show or go to (Next and Back without JavaScript)."""

    item = forms.IntegerField(min_value=0, max_value=10_000)


class RunshowStateForm(forms.Form):
    """What a device sends while the meeting runs; both fields may be left out."""

    current_item = forms.IntegerField(
        required=False,
        min_value=0,
        error_messages={
            key: _("There is no such item on this meeting's agenda.")
            for key in ("invalid", "min_value")
        },
    )
    started_at = forms.CharField(required=False, max_length=64)

    def __init__(self, *args: Any, items: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items

    def clean_current_item(self) -> int | None:
        value = self.cleaned_data["current_item"]
        if value is not None and value >= max(self.items, 1):
            raise ValidationError(_("There is no such item on this meeting's agenda."))
        return value

    def clean_started_at(self) -> datetime.datetime | None:
        text = self.cleaned_data["started_at"]
        if not text:
            return None
        try:
            started = parse_datetime(text)
        except ValueError:  # well formed, but not a real date (30 February)
            started = None
        if started is None or timezone.is_naive(started):
            raise ValidationError(_("The start time must be a full date and time with its zone."))
        return started


class DefaultTemplateForm(forms.Form):
    """Which agenda new meetings use: one of the organisation's, or the built-in one."""

    default = forms.ModelChoiceField(queryset=AgendaTemplate.objects.none(), required=False)

    def __init__(self, *args: Any, organization: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default"].queryset = AgendaTemplate.objects.for_org(organization)  # type: ignore[attr-defined]


# After the meeting ------------------------------------------------------------------

SCALE = [(n, str(n)) for n in range(1, 6)]
SCORES = ("atmosphere", "interaction", "teamwork", "productive")


class DebriefForm(forms.ModelForm):
    class Meta:
        model = Debrief
        fields = ["worked_well", "challenging", "learned", "feel"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields}


class ObserverReportForm(forms.ModelForm):
    class Meta:
        model = ObserverReport
        fields = [*SCORES, "comments", "recommendations"]
        widgets = {
            "comments": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "comments": _("Comments"),
            "recommendations": _("Recommendations for the group"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SCORES:
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a number from 1 to 5.")},
            )


# Breakouts ----------------------------------------------------------------------------


class SizeForm(forms.Form):
    group_size = forms.IntegerField(
        label=_("People in each group"), min_value=2, max_value=50, initial=4
    )


class MoveForm(forms.Form):
    """A room for each person seated, among the rooms there are."""

    def __init__(self, *args: Any, seats: list[BreakoutSeat], rooms: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people: dict[str, int] = {}
        for seat in seats:
            name = f"room-{seat.attendance_id}"
            self.people[name] = seat.attendance_id
            self.fields[name] = forms.TypedChoiceField(
                choices=[(n, str(n)) for n in range(1, rooms + 1)],
                coerce=int,
                required=False,
                empty_value=None,
            )

    def moves(self) -> dict[int, int]:
        """Attendance id -> room, for everyone given a room."""
        return {
            attendance_id: self.cleaned_data[name]
            for name, attendance_id in self.people.items()
            if self.cleaned_data.get(name) is not None
        }


# Live polls ---------------------------------------------------------------------------


class PollForm(forms.Form):
    """Either one of the ready-made questions, or a question with 2 to 8 options."""

    template = forms.ChoiceField(
        label=_("A ready-made question"),
        required=False,
        widget=forms.RadioSelect,
    )
    question = forms.CharField(
        label=_("Or write your own question"), required=False, max_length=300
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [  # type: ignore[attr-defined]
            ("", _("I will write my own")),
            *[(t.key, t.question) for t in TEMPLATES],
        ]
        for number in range(1, MAX_OPTIONS + 1):
            self.fields[f"option_{number}"] = forms.CharField(
                label=_("Option %(number)s") % {"number": number},
                required=False,
                max_length=120,
            )

    def option_fields(self) -> list[forms.BoundField]:
        return [self[f"option_{n}"] for n in range(1, MAX_OPTIONS + 1)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = template_by_key(data.get("template") or "")
        if chosen is not None:
            data["final_question"] = str(chosen.question)
            data["final_options"] = [str(o) for o in chosen.options]
            return data
        question = (data.get("question") or "").strip()
        options = [(data.get(f"option_{n}") or "").strip() for n in range(1, MAX_OPTIONS + 1)]
        options = [o for o in options if o]
        if not question:
            self.add_error(
                "question",
                _("Please choose a ready-made question above, or type your own question here."),
            )
        if len(options) < MIN_OPTIONS:
            self.add_error(
                "option_1",
                _("Please type at least %(min)s options for people to choose from.")
                % {"min": MIN_OPTIONS},
            )
        data["final_question"] = question
        data["final_options"] = options
        return data


class AnswerForm(forms.Form):
    """One of the poll's options, by number."""

    option = forms.TypedChoiceField(coerce=int)

    def __init__(self, *args: Any, options: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(n, label) for n, label in enumerate(options)]  # type: ignore[attr-defined]
