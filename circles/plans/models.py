"""A person's own plan: what matters to them, goals worked through GROW, reviews,
circles of helpers and a wellness and crisis plan in their own words.

Seed 002 is the specification (the GROW table, the "circles of helpers" homework,
goal orientation, acceptance, empathy and genuineness); seed 003 says needs and
safety are defined by the person. Everything typed is encrypted at rest, and
nobody else reads any of it unless the person shares it by name (``PlanShare``).
"""

import datetime
import json
import zoneinfo
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet
from circles.lib.crypto import EncryptedTextField

# Free-text answers are bounded so a page, a printout and a JSON download stay readable.
SHORT_TEXT = 200
LONG_TEXT = 4000


class PlanQuerySet(OrganizationQuerySet):
    def owned_by(self, user: Any) -> Self:
        return self.filter(owner=user)


class Plan(models.Model):
    """One per member of an organisation: staff have one too, for their own growth."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    strengths = EncryptedTextField(_("My strengths"), blank=True, default="")
    interests = EncryptedTextField(_("My interests"), blank=True, default="")
    what_matters = EncryptedTextField(_("What matters to me"), blank=True, default="")
    reminders = models.BooleanField(
        _("Email me a reminder the day before an action is due"), default=False
    )
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    objects = PlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "owner"], name="one_plan_per_member")
        ]

    def __str__(self) -> str:
        return f"Plan {self.pk}"

    @property
    def has_about(self) -> bool:
        return bool(self.strengths or self.interests or self.what_matters)


class GoalQuerySet(OrganizationQuerySet):
    def of_plan(self, plan: Plan) -> Self:
        return self.filter(plan=plan)

    def current(self) -> Self:
        return self.exclude(status=Goal.Status.SET_ASIDE)


class Goal(models.Model):
    """A goal worked through GROW: Goal, Reality, Options, Will.

    Questions answered in words live in ``answers`` (one encrypted JSON object keyed
    by the question, see ``grow.py``); what the flow sorts or dates has a column.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Working on it")
        REACHED = "reached", _("Reached")
        SET_ASIDE = "set_aside", _("Set aside for now")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    title = EncryptedTextField(_("My goal, in a few words"), blank=True, default="")
    target_date = models.DateField(_("By when"), null=True, blank=True)
    answers_text = EncryptedTextField(blank=True, default="")
    commitment = models.PositiveSmallIntegerField(
        _("How committed am I, from 1 to 10?"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    starts_on = models.DateField(_("I will start on"), null=True, blank=True)
    finishes_on = models.DateField(_("I hope to finish by"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(default=timezone.now)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"

    @property
    def answers(self) -> dict[str, str]:
        try:
            loaded = json.loads(self.answers_text) if self.answers_text else {}
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def set_answer(self, key: str, value: str) -> None:
        answers = self.answers
        if value:
            answers[key] = value
        else:
            answers.pop(key, None)
        self.answers_text = json.dumps(answers) if answers else ""

    @property
    def name(self) -> str:
        """What the person called it, or a kind stand-in while it has no words yet."""
        return self.title or str(_("A goal without a name yet"))


class OptionQuerySet(OrganizationQuerySet):
    def ranked(self) -> Self:
        """Most appealing and most helpful first; ungraded ideas last, as written."""
        total = models.F("appeal") + models.F("helps")
        return self.annotate(score=total).order_by(
            models.F("score").desc(nulls_last=True), "position", "pk"
        )


class Option(models.Model):
    """One idea from the idea storm, graded 1-10 for appeal and for help if the person likes."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="options")
    text = EncryptedTextField(_("An idea"))
    appeal = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    helps = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    chosen = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    objects = OptionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"Option {self.pk}"


class ActionQuerySet(OrganizationQuerySet):
    def of_owner(self, user: Any) -> Self:
        return self.filter(goal__plan__owner=user)

    def open(self) -> Self:
        return self.filter(done_at__isnull=True).exclude(goal__status=Goal.Status.SET_ASIDE)

    def upcoming(self) -> Self:
        """Open actions, soonest first (undated ones after the dated)."""
        return (
            self.open()
            .select_related("goal")
            .order_by(models.F("due_on").asc(nulls_last=True), "pk")
        )


class Action(models.Model):
    """A step the person will take, with a date if they want one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    text = EncryptedTextField(_("What I will do"))
    due_on = models.DateField(_("When"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Action {self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Review(models.Model):
    """Looking back at a goal, when the person chooses to."""

    class Progress(models.IntegerChoices):
        NOT_YET = 1, _("Not started yet")
        A_LITTLE = 2, _("A little way")
        HALF = 3, _("About half way")
        MOSTLY = 4, _("Most of the way")
        THERE = 5, _("I got there")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reviews")
    progress = models.PositiveSmallIntegerField(
        _("How far along am I?"), choices=Progress.choices, null=True, blank=True
    )
    in_my_words = EncryptedTextField(_("How it is going, in my own words"), blank=True, default="")
    successes = EncryptedTextField(_("What went well, big or small"), blank=True, default="")
    learned = EncryptedTextField(
        _("What I learned from what did not go to plan"), blank=True, default=""
    )
    changes = EncryptedTextField(
        _("Anything I want to change in my goal or my plan"), blank=True, default=""
    )
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Review {self.pk}"


class Helper(models.Model):
    """Someone or somewhere that helps, on the circles-of-helpers map."""

    class Ring(models.IntegerChoices):
        CLOSEST = 1, _("Closest to me")
        MIDDLE = 2, _("In between")
        OUTER = 3, _("Further out")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="helpers")
    name = EncryptedTextField(_("Who or where"))
    how_known = EncryptedTextField(_("How I know them"), blank=True, default="")
    ring = models.PositiveSmallIntegerField(
        _("How close"), choices=Ring.choices, default=Ring.MIDDLE
    )
    acceptance = models.BooleanField(_("Acceptance"), default=False)
    empathy = models.BooleanField(_("Empathy"), default=False)
    genuineness = models.BooleanField(_("Genuineness"), default=False)
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["ring", "created", "pk"]

    def __str__(self) -> str:
        return f"Helper {self.pk}"

    @property
    def qualities(self) -> list[str]:
        found = []
        if self.acceptance:
            found.append(str(_("acceptance")))
        if self.empathy:
            found.append(str(_("empathy")))
        if self.genuineness:
            found.append(str(_("genuineness")))
        return found


# The wellness and crisis plan's questions, in the order the page asks them.
WELLNESS_FIELDS = [
    "keeps_me_well",
    "upsets_balance",
    "early_signs",
    "helps_early",
    "contact_please",
    "contact_not",
    "helps_in_crisis",
    "does_not_help",
    "do_not_want",
    "from_staff",
]


class WellnessPlan(models.Model):
    """What keeps me well and what I want if things get hard, in my own words."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="wellness")
    keeps_me_well = EncryptedTextField(_("What keeps me well, day to day"), blank=True, default="")
    upsets_balance = EncryptedTextField(_("What can upset my balance"), blank=True, default="")
    early_signs = EncryptedTextField(
        _("Early signs that things are getting harder"), blank=True, default=""
    )
    helps_early = EncryptedTextField(_("What helps me then"), blank=True, default="")
    contact_please = EncryptedTextField(
        _("If I am in crisis, who I want contacted"), blank=True, default=""
    )
    contact_not = EncryptedTextField(_("Who I do not want contacted"), blank=True, default="")
    helps_in_crisis = EncryptedTextField(_("What helps me in a crisis"), blank=True, default="")
    does_not_help = EncryptedTextField(_("What does not help"), blank=True, default="")
    do_not_want = EncryptedTextField(
        _("What I do not want to happen to me"), blank=True, default=""
    )
    from_staff = EncryptedTextField(_("What I want from staff"), blank=True, default="")
    updated = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Wellness plan {self.pk}"

    @property
    def answered(self) -> list[tuple[str, str]]:
        """(question, answer) for each question the person answered."""
        return [
            (str(WellnessPlan._meta.get_field(name).verbose_name), getattr(self, name))  # type: ignore[union-attr]
            for name in WELLNESS_FIELDS
            if getattr(self, name)
        ]


class PlanShareQuerySet(OrganizationQuerySet):
    def active(self) -> Self:
        return self.filter(withdrawn_at__isnull=True)

    def with_parts(self) -> Self:
        return self.select_related("plan__owner", "goal", "shared_with")


class PlanShare(models.Model):
    """The person's consent for someone else to read part of their plan, until withdrawn."""

    class Part(models.TextChoices):
        WHOLE = "whole", _("My whole plan")
        GOAL = "goal", _("One goal")
        HELPERS = "helpers", _("My circles of helpers")
        WELLNESS = "wellness", _("My wellness and crisis plan")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="shares")
    part = models.CharField(max_length=20, choices=Part.choices)
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="shares"
    )
    # A named member, or (for the wellness plan only) the organisation's staff for safety.
    shared_with = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_shares_received",
    )
    for_safety = models.BooleanField(default=False)
    purpose = EncryptedTextField(_("Why I am sharing it"), blank=True, default="")
    shared_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = PlanShareQuerySet.as_manager()

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(part="goal") & Q(goal__isnull=False))
                | (~Q(part="goal") & Q(goal__isnull=True)),
                name="plan_share_goal_only_for_goal_part",
            ),
            models.CheckConstraint(
                condition=(Q(for_safety=True) & Q(part="wellness") & Q(shared_with__isnull=True))
                | (Q(for_safety=False) & Q(shared_with__isnull=False)),
                name="plan_share_named_or_safety",
            ),
        ]

    def __str__(self) -> str:
        return f"Share {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    def covers_goal(self, goal_id: int) -> bool:
        return self.part == self.Part.WHOLE or (
            self.part == self.Part.GOAL and self.goal_id == goal_id
        )

    @property
    def covers_helpers(self) -> bool:
        return self.part in (self.Part.WHOLE, self.Part.HELPERS)

    @property
    def covers_wellness(self) -> bool:
        return self.part in (self.Part.WHOLE, self.Part.WELLNESS)

    def describe(self) -> str:
        if self.part == self.Part.GOAL and self.goal is not None:
            return str(_("your goal “%(goal)s”")) % {"goal": self.goal.name}
        words: dict[str, str] = {
            self.Part.WHOLE: str(_("your whole plan")),
            self.Part.HELPERS: str(_("your circles of helpers")),
            self.Part.WELLNESS: str(_("your wellness and crisis plan")),
        }
        return words.get(self.part, str(_("part of your plan")))


class PlanRead(models.Model):
    """Someone other than the owner opened a shared part: the owner sees every one."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reads")
    share = models.ForeignKey(PlanShare, on_delete=models.SET_NULL, null=True, related_name="+")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What was read, in the owner's words at the time ("your goal “Back to work”").
    what = EncryptedTextField(blank=True, default="")
    # Why someone read it when it was not a named share (a safety concern).
    reason = models.CharField(max_length=40, blank=True, default="")
    read_at = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-read_at", "-pk"]

    def __str__(self) -> str:
        return f"Read {self.pk}"


class Comment(models.Model):
    """An encouraging word from someone the person shared with; the person reads it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    share = models.ForeignKey(PlanShare, on_delete=models.SET_NULL, null=True, related_name="+")
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = EncryptedTextField(_("A few encouraging words"))
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


def today_in(organization: Organization) -> datetime.date:
    """Today on the organisation's clock (action dates are the person's calendar days)."""
    return timezone.now().astimezone(zoneinfo.ZoneInfo(organization.timezone)).date()
