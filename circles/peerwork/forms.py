"""Every input of one-to-one support, read through forms with bounded fields."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.lib.forms import ModelChoiceField
from circles.peerwork.models import (
    AGE_RANGES,
    DAYS,
    GENDERS,
    IDENTITIES,
    LANGUAGES,
    PARTS_OF_DAY,
    PREFERENCE_KEYS,
    SUPPORT_TYPES,
    WAYS,
    CheckIn,
    CheckInPlan,
    ContactNote,
    PeerworkSettings,
)
from circles.safety.models import SafetyConcern

DATE_ERROR = _("Please give the date like 2026-03-17 (year, month, day).")
NO_PREFERENCE = [("", _("No preference"))]


def _many(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={
            "invalid_choice": _("That choice is not on the list. Please choose again.")
        },
    )


def _one(label: Any, choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=NO_PREFERENCE + list(choices),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("That choice is not on the list. Please choose again.")
        },
    )


class PreferencesMixin(forms.Form):
    """What matters in a peer: all optional. The same facts a specialist tells about themselves."""

    areas = _many(_("Shared lived experience"), [])
    languages = _many(_("Languages"), LANGUAGES)
    identities = _many(_("Someone who shares this with me"), IDENTITIES)
    gender = _one(_("Gender of your peer"), GENDERS)
    age_range = _one(_("Age of your peer"), AGE_RANGES)
    days = _many(_("Days that suit"), DAYS)
    parts = _many(_("Times of day that suit"), PARTS_OF_DAY)
    ways = _many(_("Ways to meet"), WAYS)

    def set_areas(self, settings: PeerworkSettings) -> None:
        field = self.fields["areas"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(area, area) for area in settings.area_list]

    def preferences(self) -> dict[str, Any]:
        return {
            key: self.cleaned_data.get(key) or ([] if key not in ("gender", "age_range") else "")
            for key in PREFERENCE_KEYS
        }


class PublicRequestForm(PreferencesMixin):
    name = forms.CharField(
        label=_("Your first name or a nickname"),
        max_length=60,
        error_messages={"required": _("Please tell us what to call you. A nickname is fine.")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    text_ok = forms.BooleanField(label=_("Text messages to this number are fine"), required=False)
    email = forms.EmailField(
        label=_("Email address"),
        max_length=200,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("That does not look like an email address. Please check it.")},
    )
    when_good = forms.CharField(
        label=_("When is a good time to reach you?"),
        max_length=300,
        required=False,
        help_text=_("For example: weekday evenings, not before 10 in the morning."),
    )
    wants = forms.CharField(
        label=_("What would you like help with?"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In your own words. As much or as little as you like."),
    )

    field_order = ["name", "phone", "text_ok", "email", "when_good", "wants"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email") and "email" not in self.errors:
            raise forms.ValidationError(
                _(
                    "Please give us at least one way to reach you: "
                    "a phone number or an email address."
                )
            )
        return cleaned


class MemberRequestForm(PreferencesMixin):
    phone = forms.CharField(
        label=_("Phone number (if you would like a call or text)"), max_length=40, required=False
    )
    text_ok = forms.BooleanField(label=_("Text messages to this number are fine"), required=False)
    when_good = PublicRequestForm.base_fields["when_good"]
    wants = PublicRequestForm.base_fields["wants"]


class ProfileForm(PreferencesMixin):
    capacity = forms.IntegerField(
        label=_("How many people can you support at a time?"),
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Please give a whole number, like 8."),
            "min_value": _("Please give a number from 0 to 100."),
            "max_value": _("Please give a number from 0 to 100."),
        },
    )
    is_taking_people = forms.BooleanField(label=_("I can take on new people"), required=False)

    field_order = ["capacity", "is_taking_people"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].label = _("Your lived experience")
        self.fields["identities"].label = _("What you share with people, if you wish")
        self.fields["gender"].label = _("Your gender, if you wish to say")
        self.fields["age_range"].label = _("Your age")
        self.fields["languages"].label = _("Languages you speak")
        self.fields["ways"].label = _("Ways you can meet")


class ChooseForm(forms.Form):
    specialist = forms.TypedChoiceField(
        label=_("Peer specialist"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a peer specialist."),
            "invalid_choice": _(
                "That peer specialist is no longer on the list. Please choose again."
            ),
        },
    )
    invite = forms.BooleanField(
        label=_("Invite them into Circles (they get an email to make an account)"),
        required=False,
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], can_invite: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["specialist"].choices = [(str(pk), name) for pk, name in choices]  # type: ignore[attr-defined]
        if not can_invite:
            del self.fields["invite"]


class NoteForm(forms.Form):
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR, "required": DATE_ERROR},
    )
    minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": _("Please give the minutes as a whole number, like 45."),
            "required": _("Please give the minutes as a whole number, like 45."),
            "min_value": _("Please give a number from 1 to 600."),
            "max_value": _("Please give a number from 1 to 600."),
        },
    )
    mode = forms.ChoiceField(
        label=_("How you met"),
        choices=ContactNote.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how you met."),
            "invalid_choice": _("Please choose how you met."),
        },
    )
    support_types = forms.MultipleChoiceField(
        label=_("Types of support"),
        choices=SUPPORT_TYPES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please choose at least one type of support."),
            "invalid_choice": _("Please choose from the list."),
        },
    )
    what_we_did = forms.CharField(
        label=_("What we did together"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write a few words about what you did together.")},
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_contact = forms.DateField(
        label=_("Next contact"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
    )
    visible_to_person = forms.BooleanField(label=_("The person can read this note"), required=False)

    concern = ModelChoiceField(
        label=_("Link to a safety concern (optional)"),
        queryset=SafetyConcern.objects.none(),
        required=False,
        empty_label=_("No link"),
        error_messages={
            "invalid_choice": _("That concern is not on the list. Please choose again.")
        },
    )

    def __init__(
        self, *args: Any, person_sees_notes: bool, concerns: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not person_sees_notes:
            del self.fields["visible_to_person"]
        if concerns is None:
            del self.fields["concern"]
        else:
            self.fields["concern"].queryset = concerns  # type: ignore[attr-defined]
            self.fields["concern"].label_from_instance = (  # type: ignore[attr-defined]
                lambda c: _("Raised on %(day)s") % {"day": c.raised_at.strftime("%Y-%m-%d")}
            )

    def clean_on(self) -> date:
        value: date = self.cleaned_data["on"]
        if value.year < 2000:
            raise forms.ValidationError(DATE_ERROR)
        # A day's slack for the organisation's clock being ahead of the server's.
        if value > date.today() + timedelta(days=1):
            raise forms.ValidationError(_("A note is about a contact that has happened."))
        return value


class ToldForm(forms.Form):
    how = forms.ChoiceField(
        label=_("How you told them"),
        choices=[
            ("in_person", _("Told in person")),
            ("on_paper", _("Signed on paper")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how you told them."),
            "invalid_choice": _("Please choose how you told them."),
        },
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label=_("Correction or addition"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please write the correction or addition.")},
    )


class CosignForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CheckInPlanForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"),
        coerce=int,
        choices=[(str(i), label) for i, (_key, label) in enumerate(DAYS)],
        error_messages={
            "required": _("Please choose a day."),
            "invalid_choice": _("Please choose a day."),
        },
    )
    way = forms.ChoiceField(
        label=_("How"),
        choices=CheckInPlan.Way.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how."),
            "invalid_choice": _("Please choose how."),
        },
    )
    agreed = forms.BooleanField(
        label=_("They agreed to these check-ins"),
        error_messages={"required": _("Check-ins happen only when the person has agreed to them.")},
    )


class CheckInForm(forms.Form):
    result = forms.ChoiceField(
        label=_("How it went"),
        choices=CheckIn.Result.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose how it went."),
            "invalid_choice": _("Please choose how it went."),
        },
    )
    note = forms.CharField(
        label=_("A short note (when you talked)"), max_length=500, required=False
    )


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        error_messages={"invalid": _("Please give the month like 2026-03.")},
    )


class SettingsForm(forms.ModelForm):
    area_lines = forms.CharField(
        label=_("Areas of lived experience, one a line"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "People choose from these when they ask for a peer, "
            "and specialists say which they share."
        ),
    )

    class Meta:
        model = PeerworkSettings
        fields = ["answer_within_days", "notes_visible_to_person", "notes_shared_with_supervision"]

    def clean_area_lines(self) -> list[str]:
        lines = [line.strip()[:80] for line in self.cleaned_data["area_lines"].splitlines()]
        areas = list(dict.fromkeys(line for line in lines if line))
        if not areas:
            raise forms.ValidationError(_("Please give at least one area."))
        if len(areas) > 40:
            raise forms.ValidationError(_("Please keep the list to 40 areas at most."))
        return areas
