import datetime
import zoneinfo
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.meetings.models import AgendaItem, AgendaTemplate


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
            if len(parts) < 2 or not parts[0].isdigit() or not parts[1]:
                raise forms.ValidationError(
                    _("Line %(number)s needs minutes, a bar, then a title, like “5 | Check-in”."),
                    params={"number": number},
                )
            minutes = int(parts[0])
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
