"""Everything typed into the directory's pages is read here."""

import datetime
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Membership
from circles.directory.linking.geo import Point, normalise_postcode, postcode_centre
from circles.directory.linking.models import NEEDS_REASON, State
from circles.directory.linking.search import (
    ACCESS_FEATURES,
    DEFAULT_RADIUS,
    RADIUS_CHOICES,
    SearchFilters,
)
from circles.directory.models import Service
from circles.lib.forms import parse_id

NOTE_MAX = 2000
TEXT_MAX = 5000


def _any(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", _("Any")), *choices]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("What are you looking for?"),
        required=False,
        max_length=200,
        help_text=_("For example: food, housing, legal help, a support line."),
    )
    category = forms.ChoiceField(label=_("Kind of help"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    access = forms.ChoiceField(
        label=_("Access needs"),
        required=False,
        choices=_any([(key, label) for key, (label, _words) in ACCESS_FEATURES.items()]),
    )
    near = forms.CharField(
        label=_("Near ZIP code"),
        required=False,
        max_length=10,
        help_text=_("Five digits, for example 02139. We only use it for this search."),
    )
    within = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(n, _("%(n)s miles") % {"n": n}) for n in RADIUS_CHOICES],
        initial=DEFAULT_RADIUS,
    )
    # Browser location, only when the person presses "use my location" (JavaScript).
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, widget=forms.HiddenInput)
    free = forms.BooleanField(label=_("Free"), required=False)
    open_now = forms.BooleanField(label=_("Open now"), required=False)
    remote = forms.BooleanField(label=_("Online or by phone (no need to travel)"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args: Any, categories: list[str], languages: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = _any([(c, c) for c in categories])  # type: ignore[attr-defined]
        self.fields["language"].choices = _any([(lang, lang) for lang in languages])  # type: ignore[attr-defined]

    def clean_near(self) -> str:
        typed: str = self.cleaned_data.get("near", "")
        if typed.strip() and normalise_postcode(typed) is None:
            raise forms.ValidationError(_("Please type a five-digit ZIP code, like 02139."))
        return typed.strip()

    def search(self) -> tuple[str, SearchFilters, int, list[str]]:
        """The words, the filters and the page asked for; unusable values are left out.

        Also the notes to show about what could not be used.
        """
        self.is_valid()
        data = self.cleaned_data
        notes: list[str] = []
        near: Point | None = None
        if data.get("near"):
            near = postcode_centre(data["near"])
            if near is None:
                notes.append(
                    str(_("We do not know where that ZIP code is, so distance is not used."))
                )
        elif data.get("lat") is not None and data.get("lon") is not None:
            near = Point.of(data["lat"], data["lon"])
        within = data.get("within") or DEFAULT_RADIUS
        filters = SearchFilters(
            category=data.get("category") or "",
            language=data.get("language") or "",
            access=data.get("access") or "",
            free=bool(data.get("free")),
            open_now=bool(data.get("open_now")),
            remote=bool(data.get("remote")),
            near=near,
            within_miles=within if within in RADIUS_CHOICES else DEFAULT_RADIUS,
        )
        return data.get("q") or "", filters, data.get("page") or 1, notes


class OutOfDateForm(forms.Form):
    what = forms.CharField(
        label=_("What has changed? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: a new phone number, new opening hours, or it has closed. "
            "Please do not write anything about yourself or anyone else."
        ),
    )


class CorrectServiceForm(forms.ModelForm):
    url = forms.URLField(label=_("website"), required=False, max_length=2000, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "application_process",
            "eligibility_description",
            "fees_description",
            "wait_time",
            "interpretation_services",
            "alert",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "application_process": forms.Textarea(attrs={"rows": 3}),
            "eligibility_description": forms.Textarea(attrs={"rows": 3}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "interpretation_services": forms.Textarea(attrs={"rows": 2}),
            "alert": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                # Text areas are bounded too: a record is read by people, not stored as files.
                field.max_length = TEXT_MAX
                field.validators.append(MaxLengthValidator(TEXT_MAX))


def _person_choices(people: list[Membership]) -> list[tuple[str, str]]:
    return [(str(m.user_id), m.user.display_name or m.user.email) for m in people]


class PersonField(forms.ChoiceField):
    """A person of the organisation, chosen from the list the view is allowed to offer."""

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value)
        return text if text == "" or parse_id(text) is not None else "-"


class SaveForm(forms.Form):
    person = PersonField(label=_("Save it to whose list?"), required=True)

    def __init__(self, *args: Any, people: list[Membership], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Choose a person")), *_person_choices(people)]  # type: ignore[attr-defined]
        self.fields["person"].error_messages["required"] = _("Please choose whose list it goes on.")
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Please choose a person from the list."
        )

    def person_id(self) -> int:
        return int(self.cleaned_data["person"])


def _not_in_past(day: datetime.date | None) -> datetime.date | None:
    if day is not None and day < timezone.localdate() - datetime.timedelta(days=1):
        raise forms.ValidationError(_("Please choose today or a day still to come."))
    return day


class ReferralForm(forms.Form):
    person = PersonField(label=_("Who is it for?"))
    outside_name = forms.CharField(
        label=_("Service name"),
        required=False,
        max_length=200,
        help_text=_("For a service that is not in a directory here."),
    )
    outside_contact = forms.CharField(
        label=_("How to reach it"),
        required=False,
        max_length=200,
        help_text=_("A phone number, address or website, so you can both find it again."),
    )
    note = forms.CharField(
        label=_("What the person is looking for (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In words you agreed together. Only you and they can read it."),
    )
    follow_up_on = forms.DateField(
        label=_("Check in with them on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("A reminder on your home page."),
    )

    def __init__(self, *args: Any, people: list[Membership], outside: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outside = outside
        self.fields["person"].choices = [("", _("Choose a person")), *_person_choices(people)]  # type: ignore[attr-defined]
        self.fields["person"].error_messages["required"] = _("Please choose who it is for.")
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Please choose a person from the list."
        )
        if not outside:
            del self.fields["outside_name"]
            del self.fields["outside_contact"]
        else:
            self.fields["outside_name"].required = True
            self.fields["outside_name"].error_messages["required"] = _(
                "Please give the service's name."
            )

    def clean_follow_up_on(self) -> datetime.date | None:
        return _not_in_past(self.cleaned_data.get("follow_up_on"))

    def person_id(self) -> int:
        return int(self.cleaned_data["person"])


class MoveForm(forms.Form):
    state = forms.ChoiceField(label=_("What happened?"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why (for declined or could not be completed)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_on = forms.DateField(
        label=_("Check in again on (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = choices  # type: ignore[attr-defined]
        self.fields["state"].error_messages["required"] = _("Please choose what happened.")
        self.fields["state"].error_messages["invalid_choice"] = _(
            "That step is not possible from where this referral is now."
        )

    def clean_follow_up_on(self) -> datetime.date | None:
        return _not_in_past(self.cleaned_data.get("follow_up_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("state") in NEEDS_REASON and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Please say briefly why, so you both remember."))
        return data


class HowItWentForm(forms.Form):
    how_it_went = forms.CharField(
        label=_("How did it go?"),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words. Your specialist can read this."),
        error_messages={"required": _("Please write a few words, then send.")},
    )


STATE_WORDS = dict(State.choices)
