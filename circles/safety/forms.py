"""Forms of the safety area: every field bounded, every message kind."""

from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Membership
from circles.safety.models import (
    LIMIT_MAX,
    LIMIT_MIN,
    WEEKDAYS,
    ConfidentialityAcknowledgement,
    SafetyConcern,
)

TEXT_MAX = 4000
SHORT_MAX = 1000
STATEMENT_MAX = 10000
POLICY_MAX = 20000


def _text(
    label: Any,
    *,
    required: bool = False,
    limit: int = SHORT_MAX,
    rows: int = 3,
    help_text: Any = "",
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("Please write a few words here."),
            "max_length": _("Please keep this under %(limit_value)d characters."),
        },
    )


class ConcernForm(forms.Form):
    """Raising a concern: four questions that matter, in under a minute on a phone."""

    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=SafetyConcern.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose what the concern is about."),
            "invalid_choice": _("Please choose one of the options."),
        },
    )
    what_happened = _text(
        _("What was said or seen?"),
        required=True,
        limit=TEXT_MAX,
        rows=4,
        help_text=_("In their own words if you can. Only the people on duty and admins read this."),
    )
    already_done = _text(
        _("What has already been done?"), help_text=_("For example: we called 988 together.")
    )
    person_knows = forms.ChoiceField(
        label=_("Does the person know you are raising this?"),
        choices=SafetyConcern.PersonKnows.choices,
        widget=forms.RadioSelect,
        initial=SafetyConcern.PersonKnows.YES,
        error_messages={
            "required": _("Please say whether the person knows."),
            "invalid_choice": _("Please choose one of the options."),
        },
    )
    person_wishes = _text(_("What do they want to happen?"))
    contact_yes = _text(_("Who do they want contacted?"), rows=2)
    contact_no = _text(_("Who do they NOT want contacted?"), rows=2)

    def clean_what_happened(self) -> str:
        text = self.cleaned_data["what_happened"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a few words about what was said or seen."))
        return text


class WishesForm(forms.Form):
    """The person's wishes, kept up to date as the concern goes on."""

    person_knows = ConcernForm.base_fields["person_knows"]
    person_wishes = ConcernForm.base_fields["person_wishes"]
    contact_yes = ConcernForm.base_fields["contact_yes"]
    contact_no = ConcernForm.base_fields["contact_no"]
    shared_with_person = _text(
        _("What has been shared with them"),
        help_text=_("When your organisation allows it, the person can read this."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "wishes")
        super().__init__(*args, **kwargs)


class FollowUpForm(forms.Form):
    note = _text(_("What happened next?"), required=True, limit=TEXT_MAX, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "followup")
        super().__init__(*args, **kwargs)

    def clean_note(self) -> str:
        text = self.cleaned_data["note"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a few words here."))
        return text


class CloseForm(forms.Form):
    outcome = _text(_("What happened, in a few lines"), required=True, limit=TEXT_MAX, rows=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "close")
        super().__init__(*args, **kwargs)

    def clean_outcome(self) -> str:
        text = self.cleaned_data["outcome"].strip()
        if not text:
            raise forms.ValidationError(_("Please write a few words about how it ended."))
        return text


# Confidentiality


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your confidentiality statement"),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "In plain words: what stays private, the one limit (intended serious harm to "
            "self or others, or abuse by a caregiver), and how much is shared within the team. "
            "Saving publishes a new version, and everyone is asked again."
        ),
        error_messages={
            "required": _("Please write the statement."),
            "max_length": _("Please keep this under %(limit_value)d characters."),
        },
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Please write the statement."))
        return text


class TellForm(forms.Form):
    """A staff member records that a person was told (in person or on paper)."""

    how = forms.ChoiceField(
        label=_("How were they told?"),
        choices=[
            (ConfidentialityAcknowledgement.How.IN_PERSON, _("I have told them, in person")),
            (ConfidentialityAcknowledgement.How.ON_PAPER, _("They signed it on paper")),
        ],
        widget=forms.RadioSelect,
        initial=ConfidentialityAcknowledgement.How.IN_PERSON,
        error_messages={
            "required": _("Please say how they were told."),
            "invalid_choice": _("Please choose one of the options."),
        },
    )


# Policy and the on-duty list


class SettingsForm(forms.Form):
    ack_limit_minutes = forms.IntegerField(
        label=_("Minutes before a concern nobody has acknowledged goes to the next person"),
        min_value=LIMIT_MIN,
        max_value=LIMIT_MAX,
        error_messages={
            "required": _("Please give a number of minutes."),
            "invalid": _("Please give a whole number of minutes, like 15."),
            "min_value": _("Please give at least %(limit_value)s minute."),
            "max_value": _("Please give at most %(limit_value)s minutes."),
        },
    )
    person_sees_concern = forms.BooleanField(
        label=_(
            "The person a concern is about sees that one was raised, and what was shared with them"
        ),
        required=False,
    )
    policy_text = _text(_("Your policy on the duty to inform"), limit=POLICY_MAX, rows=8)
    jurisdiction_notes = _text(
        _("Notes about the laws that apply to you"),
        limit=POLICY_MAX,
        rows=5,
        help_text=_(
            "For example: programmes under 42 CFR Part 2 have no general duty-to-warn "
            "exception. Ask your own legal adviser; Circles does not give legal advice."
        ),
    )

    def clean_policy_text(self) -> str:
        return self.cleaned_data["policy_text"].strip()

    def clean_jurisdiction_notes(self) -> str:
        return self.cleaned_data["jurisdiction_notes"].strip()


class DutyEntryForm(forms.Form):
    person = forms.TypedChoiceField(
        label=_("Who"),
        coerce=int,
        error_messages={
            "required": _("Please choose a person."),
            "invalid_choice": _("Please choose someone from the list."),
        },
    )
    position = forms.IntegerField(
        label=_("Order (1 is told first)"),
        min_value=1,
        max_value=99,
        initial=1,
        error_messages={
            "required": _("Please give a place in the order."),
            "invalid": _("Please give a whole number, like 1."),
            "min_value": _("Please give a number from 1 to 99."),
            "max_value": _("Please give a number from 1 to 99."),
        },
    )
    days = forms.TypedMultipleChoiceField(
        label=_("On duty on (none ticked = every day)"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Please tick days from the list.")},
    )
    starts = forms.TimeField(
        label=_("From (leave both times empty for all day)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Please give a time like 09:00.")},
    )
    ends = forms.TimeField(
        label=_("Until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": _("Please give a time like 17:00.")},
    )

    def __init__(self, *args: Any, staff: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = {m.user_id: m for m in staff}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a person")),
            *[(m.user_id, f"{m.user.display_name} ({m.get_role_display()})") for m in staff],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts: time | None = data.get("starts")
        ends: time | None = data.get("ends")
        if (starts is None) != (ends is None) and not self.errors:
            raise forms.ValidationError(
                _("Please give both times, or leave both empty for all day.")
            )
        if starts is not None and starts == ends:
            raise forms.ValidationError(_("Please give two different times."))
        return data

    def days_text(self) -> str:
        return "".join(str(d) for d in sorted(set(self.cleaned_data.get("days") or [])))
