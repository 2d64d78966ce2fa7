"""Meetings of a group: agenda, attendance, breakouts, debrief, observers and polls.

Seeds 000 (how a meeting opens, breakout groups, the four discussion questions),
002 ("How to run a meeting"; leaders, participants, observers) and 003 (polls)
are the specification.
"""

from datetime import timedelta
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet
from circles.groups.models import SupportGroup
from circles.lib import codes
from circles.lib.crypto import EncryptedTextField


def new_code(length: int = 6) -> str:
    """Check-in and poll codes: six characters (30 bits), quick to type from a screen."""
    return codes.generate(length)


def new_feedback_token() -> str:
    """Ten unambiguous characters (50 bits): short enough to type, too many to guess."""
    return new_code(10)


class MeetingQuerySet(OrganizationQuerySet):
    def upcoming(self) -> Self:
        # A meeting still going on counts as upcoming (groups meet 10 hours at most).
        return self.filter(starts_at__gte=timezone.now() - timedelta(hours=10)).order_by(
            "starts_at"
        )

    def past(self) -> Self:
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def scheduled(self) -> Self:
        return self.filter(status=Meeting.Status.SCHEDULED)

    def with_group(self) -> Self:
        return self.select_related("group", "group__organization", "leader")


class Meeting(models.Model):
    """One meeting of a group: generated from its schedule, or added as a one-off."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Going ahead")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="meetings")
    # The occurrence of the schedule this meeting stands for (None for a one-off);
    # generation is idempotent on (group, scheduled_for).
    scheduled_for = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration = models.DurationField(_("how long"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True, default="")
    is_one_off = models.BooleanField(default=False)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting leader"),
    )
    # Short code shown on the facilitator's screen for self check-in.
    checkin_code = models.CharField(max_length=12, unique=True, default=new_code)
    # The anonymous end-of-session sheet: /feedback/<token>/. The window closes at
    # feedback_closes_at, fixed when the first answer arrives (see circles.feedback.sheet).
    feedback_token = models.CharField(max_length=16, unique=True, default=new_feedback_token)
    feedback_closes_at = models.DateTimeField(null=True, blank=True)
    guest_count = models.PositiveSmallIntegerField(
        _("guests who gave no name"), default=0, validators=[MaxValueValidator(1000)]
    )
    # Run-of-show progress, saved from the facilitator's device.
    current_item = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "scheduled_for"], name="one_meeting_per_occurrence"
            )
        ]
        # An organisation's meetings are read by time (lists, home pages, the week):
        # read in order from the index instead of sorted each time.
        # A group's next meeting (the finder) is read the same way.
        indexes = [
            models.Index(fields=["organization", "starts_at"], name="meeting_org_starts"),
            models.Index(fields=["group", "starts_at"], name="meeting_group_starts"),
        ]

    def __str__(self) -> str:
        return f"{self.group} on {self.starts_at:%Y-%m-%d}"

    @property
    def ends_at(self) -> Any:
        return self.starts_at + self.duration

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class AgendaTemplate(models.Model):
    """An organisation's own agenda; items are {"key", "title", "minutes", "script"} dicts."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="agenda_templates"
    )
    name = models.CharField(_("name"), max_length=200)
    items = models.JSONField(default=list)
    is_default = models.BooleanField(_("use for new meetings"), default=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    key = models.CharField(max_length=40, blank=True, default="")
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    script = models.TextField(_("what to say or do"), blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Someone at a meeting: a member, or a first-time guest by first name only."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(_("first name"), max_length=60, blank=True, default="")
    first_meeting = models.BooleanField(_("first meeting"), default=False)
    self_checked_in = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="one_attendance_per_member",
            )
        ]

    def __str__(self) -> str:
        return self.guest_name or str(self.user)

    @property
    def name(self) -> str:
        return self.guest_name or (self.user.display_name if self.user else "")


class Breakout(models.Model):
    """One split of the people present into breakout groups."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="breakouts")
    group_size = models.PositiveSmallIntegerField(
        _("people per breakout group"), validators=[MinValueValidator(2), MaxValueValidator(50)]
    )
    seed = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Breakouts for {self.meeting}"


class BreakoutSeat(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    breakout = models.ForeignKey(Breakout, on_delete=models.CASCADE, related_name="seats")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="+")
    room = models.PositiveSmallIntegerField()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["room", "id"]
        constraints = [
            models.UniqueConstraint(fields=["breakout", "attendance"], name="one_seat_per_person")
        ]

    def __str__(self) -> str:
        return f"Room {self.room}"


class Debrief(models.Model):
    """The seed's four questions, after the meeting. Private to facilitators and supervisors."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="debrief")
    worked_well = EncryptedTextField(_("What worked well?"), blank=True, default="")
    challenging = EncryptedTextField(_("What was challenging?"), blank=True, default="")
    learned = EncryptedTextField(_("What did you learn?"), blank=True, default="")
    feel = EncryptedTextField(_("How do you feel?"), blank=True, default="")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Debrief of {self.meeting}"


class ObserverAssignment(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="observers")
    observer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="observations"
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "observer"], name="one_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.observer} observes {self.meeting}"


class ObserverReport(models.Model):
    """The seed's observer questions on a simple 1-5 scale, with comments."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    assignment = models.OneToOneField(
        ObserverAssignment, on_delete=models.CASCADE, related_name="report"
    )
    atmosphere = models.PositiveSmallIntegerField(
        _("How is the atmosphere?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    interaction = models.PositiveSmallIntegerField(
        _("How do people interact?"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    teamwork = models.PositiveSmallIntegerField(
        _("Do people work together and enjoy it?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    productive = models.PositiveSmallIntegerField(
        _("Was it a productive meeting?"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comments = models.TextField(_("comments"), blank=True, default="")
    recommendations = models.TextField(_("recommendations"), blank=True, default="")
    submitted = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Observer report for {self.assignment.meeting}"


class Poll(models.Model):
    """A live poll, answered anonymously from a phone with a short code."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=300)
    options = models.JSONField(default=list)
    code = models.CharField(max_length=12, unique=True, default=new_code)
    is_open = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.question


class PollAnswer(models.Model):
    """One anonymous answer: which option, nothing about who."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    option = models.PositiveSmallIntegerField()

    def __str__(self) -> str:
        return f"Answer {self.option}"
