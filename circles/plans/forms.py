"""Every field bounded and optional where the person's own words are asked for."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Role, User
from circles.lib.forms import ModelChoiceField, ModelMultipleChoiceField
from circles.plans.models import (
    LONG_TEXT,
    SHORT_TEXT,
    WELLNESS_FIELDS,
    Goal,
    Helper,
    Option,
    Plan,
    PlanShare,
    Review,
    WellnessPlan,
)

# Dates a person might plan for: no further back or ahead than this.
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)
MAX_IDEAS = 40
GRADES = [("", _("Not graded"))] + [(str(n), str(n)) for n in range(1, 11)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def checked_date(value: datetime.date | None) -> datetime.date | None:
    if value is not None and not (EARLIEST <= value <= LATEST):
        raise forms.ValidationError(_("Please choose a date between 2000 and 2100."))
    return value


def text_field(label: Any = "", *, long: bool = True, rows: int = 4) -> forms.CharField:
    if long:
        return forms.CharField(
            label=label,
            required=False,
            max_length=LONG_TEXT,
            widget=forms.Textarea(attrs={"rows": rows}),
        )
    return forms.CharField(label=label, required=False, max_length=SHORT_TEXT)


class AboutForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["strengths", "interests", "what_matters"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name] = text_field(self.fields[name].label)


class RemindersForm(forms.Form):
    reminders = forms.BooleanField(
        label=_("Email me a reminder the day before a step is due"), required=False
    )


class NewGoalForm(forms.Form):
    title = forms.CharField(
        label=_("What would you like to call this goal?"),
        required=False,
        max_length=SHORT_TEXT,
        help_text=_("A few words are enough. You can leave it for now."),
    )


# One form per kind of GROW step. Each reads one answer; every field may stay empty.


class TitleStepForm(forms.Form):
    answer = forms.CharField(required=False, max_length=SHORT_TEXT)


class TextStepForm(forms.Form):
    answer = text_field(rows=6)


class DateStepForm(forms.Form):
    answer = forms.DateField(required=False, widget=DateInput())

    def clean_answer(self) -> datetime.date | None:
        return checked_date(self.cleaned_data.get("answer"))


class IdeasStepForm(forms.Form):
    answer = text_field(rows=8)

    def __init__(self, *args: Any, existing: int = 0, **kwargs: Any) -> None:
        self.existing = existing
        super().__init__(*args, **kwargs)

    def clean_answer(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("answer", "").splitlines()]
        ideas = [line for line in lines if line]
        if any(len(idea) > SHORT_TEXT for idea in ideas):
            raise forms.ValidationError(
                _("Please keep each idea to %(n)d characters; a new line starts a new idea.")
                % {"n": SHORT_TEXT}
            )
        if self.existing + len(ideas) > MAX_IDEAS:
            raise forms.ValidationError(
                _("A goal holds up to %(n)d ideas. Perhaps some could be joined together?")
                % {"n": MAX_IDEAS}
            )
        return ideas


class GradeStepForm(forms.Form):
    """Two 1-10 grades for each idea: how much it appeals, how much it would help."""

    def __init__(self, *args: Any, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        for option in options:
            for kind, label in (
                ("appeal", _("How much does it appeal to you?")),
                ("helps", _("How much would it help?")),
            ):
                self.fields[f"{kind}_{option.pk}"] = forms.TypedChoiceField(
                    label=label,
                    choices=GRADES,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=getattr(option, kind),
                )

    def rows(self) -> list[tuple[Option, Any, Any]]:
        return [(o, self[f"appeal_{o.pk}"], self[f"helps_{o.pk}"]) for o in self.options]

    def grades(self) -> dict[int, tuple[int | None, int | None]]:
        data = self.cleaned_data
        return {o.pk: (data.get(f"appeal_{o.pk}"), data.get(f"helps_{o.pk}")) for o in self.options}


class ChooseStepForm(forms.Form):
    answer = ModelMultipleChoiceField(
        queryset=Option.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("The ideas I will act on"),
    )

    def __init__(self, *args: Any, goal: Goal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        assert isinstance(field, ModelMultipleChoiceField)
        field.queryset = Option.objects.for_org(goal.organization).filter(goal=goal).ranked()
        field.label_from_instance = option_label  # type: ignore[method-assign,assignment]


def option_label(option: Option) -> str:
    if option.appeal is None and option.helps is None:
        return option.text
    return str(
        _("%(text)s (appeals %(appeal)s, helps %(helps)s)")
        % {"text": option.text, "appeal": option.appeal or "–", "helps": option.helps or "–"}
    )


class DatesStepForm(forms.Form):
    starts_on = forms.DateField(label=_("I will start on"), required=False, widget=DateInput())
    finishes_on = forms.DateField(
        label=_("I would like to finish by"), required=False, widget=DateInput()
    )

    def clean_starts_on(self) -> datetime.date | None:
        return checked_date(self.cleaned_data.get("starts_on"))

    def clean_finishes_on(self) -> datetime.date | None:
        return checked_date(self.cleaned_data.get("finishes_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, finish = data.get("starts_on"), data.get("finishes_on")
        if start and finish and finish < start:
            self.add_error("finishes_on", _("The finish comes before the start. Please check."))
        return data


class CommitmentStepForm(forms.Form):
    answer = forms.TypedChoiceField(
        choices=[(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("What I will do"), max_length=SHORT_TEXT)
    due_on = forms.DateField(label=_("When (if you like)"), required=False, widget=DateInput())

    def clean_due_on(self) -> datetime.date | None:
        return checked_date(self.cleaned_data.get("due_on"))


STEP_FORMS: dict[str, type[forms.Form]] = {
    "title": TitleStepForm,
    "text": TextStepForm,
    "date": DateStepForm,
    "ideas": IdeasStepForm,
    "grade": GradeStepForm,
    "choose": ChooseStepForm,
    "dates": DatesStepForm,
    "commitment": CommitmentStepForm,
    "actions": ActionForm,
}


class ReviewForm(forms.ModelForm):
    status = forms.TypedChoiceField(
        label=_("Where does this goal stand now?"),
        choices=Goal.Status.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Review
        fields = ["progress", "in_my_words", "successes", "learned", "changes"]
        widgets = {"progress": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ["in_my_words", "successes", "learned", "changes"]:
            self.fields[name] = text_field(self.fields[name].label)
        progress = self.fields["progress"]
        assert isinstance(progress, forms.TypedChoiceField)
        progress.choices = list(Review.Progress.choices)
        progress.required = False


class HelperForm(forms.ModelForm):
    class Meta:
        model = Helper
        fields = ["name", "how_known", "ring", "acceptance", "empathy", "genuineness"]
        widgets = {"ring": forms.RadioSelect}
        help_texts = {
            "acceptance": _("Accepts me as I am, without judging"),
            "empathy": _("Tries to understand what is really going on for me"),
            "genuineness": _("Is honest, open and real with me"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"] = forms.CharField(
            label=_("Who or where"),
            max_length=SHORT_TEXT,
            help_text=_("A person, a group or a place: a first name or a nickname is enough."),
        )
        self.fields["how_known"] = text_field(_("How I know them (if you like)"), long=False)


class WellnessForm(forms.ModelForm):
    class Meta:
        model = WellnessPlan
        fields = WELLNESS_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in WELLNESS_FIELDS:
            self.fields[name] = text_field(self.fields[name].label)


class ShareForm(forms.Form):
    """What to share, with whom, and why: the person sees all three until they withdraw."""

    SAFETY = "safety"

    part = forms.ChoiceField(label=_("What to share"), choices=PlanShare.Part.choices)
    goal = ModelChoiceField(
        label=_("Which goal (if you share one goal)"),
        queryset=Goal.objects.none(),
        required=False,
    )
    shared_with = ModelChoiceField(
        label=_("With whom"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Staff members of your organisation, by name."),
    )
    for_safety = forms.BooleanField(
        label=_(
            "Share my wellness and crisis plan with my organisation’s staff, for my safety "
            "(they see it only if someone is worried about my safety)"
        ),
        required=False,
    )
    purpose = forms.CharField(
        label=_("Why you are sharing it (the person will see this)"),
        max_length=SHORT_TEXT,
        required=False,
    )

    def __init__(self, *args: Any, plan: Plan, owner_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        goal_field = self.fields["goal"]
        who_field = self.fields["shared_with"]
        assert isinstance(goal_field, ModelChoiceField)
        assert isinstance(who_field, ModelChoiceField)
        goal_field.queryset = (
            Goal.objects.for_org(plan.organization).of_plan(plan)
            if plan.pk
            else Goal.objects.none()
        )
        goal_field.label_from_instance = lambda goal: goal.name  # type: ignore[method-assign,assignment]
        who_field.queryset = (
            User.objects.filter(
                memberships__organization=plan.organization,
                memberships__is_active=True,
                memberships__role__in=[Role.SPECIALIST, Role.SUPERVISOR, Role.ADMIN],
            )
            .exclude(pk=owner_id)
            .order_by("preferred_name", "email")
        )
        who_field.label_from_instance = lambda user: user.display_name  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        part, goal = data.get("part"), data.get("goal")
        if part == PlanShare.Part.GOAL and goal is None:
            self.add_error("goal", _("Please choose which goal to share."))
        if data.get("for_safety"):
            if part != PlanShare.Part.WELLNESS:
                self.add_error(
                    "for_safety", _("Only the wellness and crisis plan is shared for safety.")
                )
        elif data.get("shared_with") is None and "shared_with" not in self.errors:
            self.add_error("shared_with", _("Please choose the person to share it with."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("A few encouraging words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeletePlanForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete my whole plan. I understand it cannot be brought back."),
        required=True,
    )
