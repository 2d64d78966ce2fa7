"""Quality you can see: the anonymous end-of-session sheet and the complaint procedure.

Seed 002, trainer instruction 6: "two separate types of quality control: an
anonymous complaint procedure and a quality control sheet to be used at the end
of each session", so people can raise what they notice without having to
challenge anyone face to face.

Anonymity is structural: a FeedbackResponse or a Complaint has no user, no IP
address, no user agent and no time of day. Dates are the meeting's date (for
feedback) or the day something was received (for complaints).
"""

from datetime import date
from typing import Any, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet, Role
from circles.feedback.questions import default_questions
from circles.groups.models import SupportGroup, Venue
from circles.lib.crypto import EncryptedTextField
from circles.meetings.models import Meeting

SCORE_MIN = 0
SCORE_MAX = 10
QUESTION_COUNT = 4


def _score(number: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        _("answer %(number)s") % {"number": number},
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )


class FeedbackSettings(models.Model):
    """An organisation's wording and thresholds. Missing row = the defaults."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="feedback_settings"
    )
    # Four {"text", "low", "high"} dicts: the question and the words at 0 and 10.
    # An organisation holding a licence for a published scale may load its wording here.
    questions = models.JSONField(default=default_questions)
    questions_changed_on = models.DateField(null=True, blank=True)
    alert_below = models.PositiveSmallIntegerField(
        _("invite reflection when a period's average total is below"),
        default=28,
        validators=[MinValueValidator(0), MaxValueValidator(40)],
        help_text=_("Out of 40 (four answers from 0 to 10)."),
    )
    alert_drop = models.PositiveSmallIntegerField(
        _("or when it falls by at least this many points"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text=_("Compared with the group's average over the periods before it."),
    )
    link_days = models.PositiveSmallIntegerField(
        _("days a meeting's feedback link stays open"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    reply_within_days = models.PositiveSmallIntegerField(
        _("days within which we promise a first reply to a concern"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Feedback settings of {self.organization}"

    @classmethod
    def of(cls, organization: Organization) -> "FeedbackSettings":
        """The organisation's settings, or unsaved defaults (no write on a read)."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization)


class FeedbackResponse(models.Model):
    """One anonymous end-of-session sheet.

    Deliberately absent: user, IP address, user agent, time of day. The only
    dates are the meeting's date and its window's close (the same for everyone
    who answered about that meeting).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting_date = models.DateField()
    window_closes = models.DateTimeField()
    score_1 = _score(1)
    score_2 = _score(2)
    score_3 = _score(3)
    score_4 = _score(4)
    helped = EncryptedTextField(_("What helped?"), blank=True, default="")
    better = EncryptedTextField(_("What could be better?"), blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score_1__lte=SCORE_MAX)
                & Q(score_2__lte=SCORE_MAX)
                & Q(score_3__lte=SCORE_MAX)
                & Q(score_4__lte=SCORE_MAX),
                name="feedback_scores_in_range",
            )
        ]
        # The results read a group's answers in this order (results_for_groups): the
        # index serves them already sorted.
        indexes = [
            models.Index(
                fields=["group", "window_closes", "meeting_date"], name="feedback_group_closes"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback about {self.group} on {self.meeting_date}"

    @property
    def scores(self) -> list[int]:
        return [self.score_1, self.score_2, self.score_3, self.score_4]

    @property
    def total(self) -> int:
        return sum(self.scores)


class FeedbackPrompt(models.Model):
    """A gentle invitation to reflect, raised when a released period's answers dip."""

    class Reason(models.TextChoices):
        BELOW = "below", _("below the level your organisation set")
        DROP = "drop", _("lower than the group's recent average")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="+")
    # Periods are append-only per group (see circles.feedback.results), so the
    # period's position is a stable key.
    period_index = models.PositiveIntegerField()
    period_first = models.DateField()
    period_last = models.DateField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    average_total = models.DecimalField(max_digits=4, decimal_places=1)
    created = models.DateTimeField(auto_now_add=True)
    talked_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    talked_over_on = models.DateField(null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-period_last", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "period_index"], name="one_prompt_per_period")
        ]

    def __str__(self) -> str:
        return f"Prompt for {self.group} ({self.period_first}–{self.period_last})"


class ComplaintQuerySet(OrganizationQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Never the person a complaint is about, nor who ran the group or meeting it names.

        Callers check the role (supervisor or admin) first; this removes what that
        person must not see. Both the snapshot taken at submission (kept_from) and
        the group's current facilitators count.
        """
        return (
            self.exclude(kept_from=user)
            .exclude(about_person=user)
            .exclude(group__facilitators=user)
            .exclude(meeting__leader=user)
            .exclude(meeting__group__facilitators=user)
        )

    def open(self) -> Self:
        return self.exclude(status=Complaint.Status.RESOLVED)

    def handler_not_yet_told(self, before: date) -> Self:
        """Arrivals and additions whose handler has not been told, from a day before ``before``."""
        return self.exclude(notify="").filter(notify_after__lt=before)


class Complaint(models.Model):
    """A concern raised with the organisation, anonymously unless the person chose otherwise.

    No user is ever stored, even for a signed-in person. The complainant comes
    back with a receipt code; only its SHA-256 hash is kept.
    """

    class About(models.TextChoices):
        GROUP = "group", _("A group")
        MEETING = "meeting", _("A particular meeting")
        PERSON = "person", _("A person in a role here (for example a peer specialist)")
        VENUE = "venue", _("A place where we meet")
        ORGANIZATION = "organization", _("The organisation as a whole")

    class Notify(models.TextChoices):
        NOTHING = "", _("Nothing to tell")
        NEW = "new", _("A new concern")
        MORE = "more", _("More from the person who raised it")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        LOOKING = "looking", _("Being looked into")
        RESOLVED = "resolved", _("Resolved")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    receipt_hash = models.CharField(max_length=64, unique=True)
    about = models.CharField(_("what it is about"), max_length=20, choices=About.choices)
    group = models.ForeignKey(
        SupportGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting_date = models.DateField(_("date of the meeting"), null=True, blank=True)
    venue = models.ForeignKey(
        Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When someone chose a role rather than a name (names are offered only to members).
    about_role = models.CharField(
        _("the role of the person it is about"), max_length=20, choices=Role.choices, blank=True
    )
    text = EncryptedTextField(_("What happened?"))
    hoped_for = EncryptedTextField(_("What would help put it right?"), blank=True, default="")
    contact_name = EncryptedTextField(_("Your name"), blank=True, default="")
    contact_way = EncryptedTextField(_("Email or phone"), blank=True, default="")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField()
    first_reply_on = models.DateField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the handler has not been told yet. The worker tells them once the day
    # of the latest untold arrival or addition is over, so no email, task or log
    # says when in that day it happened.
    notify = models.CharField(max_length=10, choices=Notify.choices, blank=True, default="")
    notify_after = models.DateField(null=True, blank=True)
    # Everyone the complaint must never be shown to, fixed when it arrived.
    kept_from = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"Concern {self.pk} about {self.get_about_display()}"

    @property
    def is_resolved(self) -> bool:
        return self.status == self.Status.RESOLVED


class ComplaintMessage(models.Model):
    """A reply from the organisation, more words from the complainant, or an internal note."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    from_complainant = models.BooleanField(default=False)
    # Internal notes are for the people handling the concern, never for the complainant.
    is_internal = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = EncryptedTextField(_("message"))
    sent_on = models.DateField()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"Message on {self.complaint_id}"
