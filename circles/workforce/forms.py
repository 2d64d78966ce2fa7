import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import User
from circles.lib.forms import ModelChoiceField
from circles.workforce.framework import rule_packs
from circles.workforce.models import (
    Assessment,
    Certification,
    Competency,
    Course,
    DevelopmentGoal,
    FrameworkArea,
    Level,
    Stage,
    SupervisionSession,
    TrainingRecord,
    WorkforceSettings,
)

EARLIEST = datetime.date(1990, 1, 1)
LATEST = datetime.date(2100, 12, 31)
NOTE_LIMIT = 10_000
MAX_CERTIFICATE_BYTES = 5 * 1024 * 1024
# What a certificate may be, told by its first bytes, never by its name or the browser.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
ACTION_ROWS = 3


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def check_range(day: datetime.date | None) -> datetime.date | None:
    if day is not None and not (EARLIEST <= day <= LATEST):
        raise ValidationError(_("Please give a date between 1990 and 2100."))
    return day


def check_not_future(day: datetime.date | None) -> datetime.date | None:
    check_range(day)
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("This date is still to come. Please give the day it happened."))
    return day


class AssessmentForm(forms.Form):
    """One radio group per item of the framework; an item left alone is not rated."""

    def __init__(
        self,
        *args: Any,
        items: list[Competency],
        kinds: list[tuple[str, Any]] | None = None,
        initial_ratings: dict[str, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        if kinds:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Whose view is this?"),
                choices=kinds,
                widget=forms.RadioSelect,
                initial=kinds[0][0],
            )
        initial_ratings = initial_ratings or {}
        for item in items:
            choices = [("", _("Leave unrated"))] + [
                (str(stage.value), f"{stage.label}: {item.stage_text(stage.value)}")
                for stage in Stage
            ]
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.shown_text,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=str(initial_ratings.get(str(item.pk), "")),
            )

    def item_fields(self) -> list[tuple[FrameworkArea, list[forms.BoundField]]]:
        grouped: list[tuple[FrameworkArea, list[forms.BoundField]]] = []
        for item in self.items:
            if not grouped or grouped[-1][0].pk != item.area_id:
                grouped.append((item.area, []))
            grouped[-1][1].append(self[f"item_{item.pk}"])
        return grouped

    def ratings(self) -> dict[str, int]:
        return {
            str(item.pk): value
            for item in self.items
            if (value := self.cleaned_data.get(f"item_{item.pk}")) is not None
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not self.ratings():
            raise ValidationError(_("Please rate at least one item before sending."))
        return cleaned


class AskPeerForm(forms.Form):
    peer = ModelChoiceField(
        label=_("Whom would you like to ask?"),
        queryset=User.objects.none(),
        empty_label=_("Choose a colleague"),
    )

    def __init__(self, *args: Any, colleagues: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["peer"].queryset = colleagues  # type: ignore[attr-defined]


class LevelForm(forms.Form):
    level = forms.ChoiceField(label=_("Level to confirm"), choices=Level.choices)


class GoalForm(forms.ModelForm):
    competency = ModelChoiceField(
        label=_("What I want to develop"),
        queryset=Competency.objects.none(),
        empty_label=_("Choose an item"),
    )

    class Meta:
        model = DevelopmentGoal
        fields = ["competency", "aim", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def __init__(self, *args: Any, items: list[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competency"]
        field.queryset = Competency.objects.filter(pk__in=[i.pk for i in items])  # type: ignore[attr-defined]
        field.label_from_instance = lambda item: item.shown_text  # type: ignore[attr-defined]

    def clean_note(self) -> str:
        note: str = self.cleaned_data.get("note", "")
        if len(note) > 2000:
            raise ValidationError(_("Please keep this under 2,000 characters."))
        return note


class SupervisionForm(forms.ModelForm):
    class Meta:
        model = SupervisionSession
        fields = ["held_on", "format", "minutes", "topics", "notes"]
        widgets = {
            "held_on": date_input(),
            "topics": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
            "notes": forms.Textarea(attrs={"rows": 6, "maxlength": NOTE_LIMIT}),
        }
        help_texts = {
            "topics": _("A few words each, for example: boundaries, self-care, a hard week."),
            "notes": _(
                "Only the worker, their supervisor and the admins their organisation "
                "allows can read these."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].widget.attrs.update(min=5, max=600)
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=_("Agreed action %(n)s") % {"n": n}, max_length=500, required=False
            )
            self.fields[f"action_{n}_due"] = forms.DateField(
                label=_("Action %(n)s by when") % {"n": n}, required=False, widget=date_input()
            )

    def clean_held_on(self) -> datetime.date | None:
        return check_not_future(self.cleaned_data.get("held_on"))

    def clean_topics(self) -> str:
        return self._bounded("topics", 1000)

    def clean_notes(self) -> str:
        return self._bounded("notes", NOTE_LIMIT)

    def _bounded(self, name: str, limit: int) -> str:
        value: str = self.cleaned_data.get(name, "")
        if len(value) > limit:
            raise ValidationError(
                _("Please keep this under %(limit)s characters.") % {"limit": limit}
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in range(1, ACTION_ROWS + 1):
            due = cleaned.get(f"action_{n}_due")
            try:
                check_range(due)
            except ValidationError as exc:
                self.add_error(f"action_{n}_due", exc)
                continue
            if due and not cleaned.get(f"action_{n}"):
                self.add_error(f"action_{n}", _("Please say what was agreed, or clear its date."))
        return cleaned

    def agreed(self) -> list[tuple[str, datetime.date | None]]:
        return [
            (text, self.cleaned_data.get(f"action_{n}_due"))
            for n in range(1, ACTION_ROWS + 1)
            if (text := self.cleaned_data.get(f"action_{n}", "").strip())
        ]


class TrainingForm(forms.ModelForm):
    certificate = forms.FileField(
        label=_("Certificate (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file of up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    class Meta:
        model = TrainingRecord
        fields = ["course", "provider", "hours", "category", "completed_on", "counts_as_ce"]
        widgets = {"completed_on": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hours"].widget.attrs.update(min="0.25", max="200", step="0.25")
        self.certificate_type = ""

    def clean_completed_on(self) -> datetime.date | None:
        return check_not_future(self.cleaned_data.get("completed_on"))

    def clean_hours(self) -> Decimal | None:
        hours: Decimal | None = self.cleaned_data.get("hours")
        if hours is not None and not (Decimal("0.25") <= hours <= Decimal("200")):
            raise ValidationError(_("Please give the hours as a number from 0.25 to 200."))
        return hours

    def clean_certificate(self) -> Any:
        upload = self.cleaned_data.get("certificate")
        if not upload:
            return None
        if upload.size > MAX_CERTIFICATE_BYTES:
            raise ValidationError(_("This file is larger than 5 MB. Please send a smaller copy."))
        head = upload.read(16)
        upload.seek(0)
        for signature, content_type in SIGNATURES.items():
            if head.startswith(signature):
                self.certificate_type = content_type
                return upload
        raise ValidationError(_("Please send the certificate as a PDF, PNG or JPEG file."))


class CertificationForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Certification"), choices=())

    class Meta:
        model = Certification
        fields = ["kind", "number", "issued_on", "expires_on"]
        widgets = {"issued_on": date_input(), "expires_on": date_input()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(p.key, p.name) for p in rule_packs().values()]  # type: ignore[attr-defined]

    def clean_issued_on(self) -> datetime.date | None:
        return check_range(self.cleaned_data.get("issued_on"))

    def clean_expires_on(self) -> datetime.date | None:
        return check_range(self.cleaned_data.get("expires_on"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires <= issued:
            self.add_error("expires_on", _("The expiry date comes after the date it was issued."))
        return cleaned


class SettingsForm(forms.ModelForm):
    class Meta:
        model = WorkforceSettings
        fields = ["supervision_every_days", "admins_see_records"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervision_every_days"].widget.attrs.update(min=7, max=365)


class SupervisorForm(forms.Form):
    supervisor = ModelChoiceField(
        label=_("Supervisor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )

    def __init__(self, *args: Any, supervisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    area = ModelChoiceField(
        label=_("Where it belongs"), queryset=FrameworkArea.objects.all(), empty_label=None
    )
    text = forms.CharField(
        label=_("What the worker does"),
        max_length=300,
        help_text=_("Plain words, starting with a verb: “Welcomes newcomers to groups.”"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = lambda area: area.shown_title  # type: ignore[attr-defined]


ASSESS_KINDS_FOR_SUPERVISOR = [
    (Assessment.Kind.SUPERVISOR.value, _("My view, as their supervisor")),
    (Assessment.Kind.GROUP.value, _("The co-supervision group's view")),
]


class CourseForm(forms.ModelForm):
    group = ModelChoiceField(
        label=_("The group that runs it"),
        queryset=Competency.objects.none(),
        empty_label=_("Choose a group"),
        help_text=_("Its meetings are the sessions: plan it like any group first."),
    )

    class Meta:
        model = Course
        fields = ["group", "hours_per_session", "category"]

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["hours_per_session"].widget.attrs.update(min="0.25", max="12", step="0.25")

    def clean_hours_per_session(self) -> Decimal | None:
        hours: Decimal | None = self.cleaned_data.get("hours_per_session")
        if hours is not None and not (Decimal("0.25") <= hours <= Decimal("12")):
            raise ValidationError(_("Please give the hours as a number from 0.25 to 12."))
        return hours
