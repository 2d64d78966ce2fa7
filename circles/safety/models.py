"""Safety: confidentiality told at first contact, and the duty to inform.

Seed 000, point 4 of the code of ethics: what a person shares is kept
confidential, with one limit that the person is told about at first contact:
intended serious harm to self or others, or abuse by a caregiver. Seed 003:
safety is defined by the survivor, so the workflow keeps the person at the
centre (their wishes, who they do and do not want contacted, their own plan)
and never acts on its own from what someone wrote.

The words someone writes about a person are encrypted at rest. Tasks, emails
and logs carry ids only.
"""

from datetime import datetime, time
from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet
from circles.lib.crypto import EncryptedTextField
from circles.meetings.models import Meeting

LIMIT_MIN = 1
LIMIT_MAX = 240


class SafetySettings(models.Model):
    """An organisation's safety policy. Missing row = the defaults."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="safety_settings"
    )
    ack_limit_minutes = models.PositiveSmallIntegerField(
        _("minutes before a concern nobody has acknowledged goes to the next person"),
        default=15,
        validators=[MinValueValidator(LIMIT_MIN), MaxValueValidator(LIMIT_MAX)],
    )
    policy_text = models.TextField(
        _("your organisation's policy on the duty to inform"), blank=True, default=""
    )
    jurisdiction_notes = models.TextField(
        _("notes about the laws that apply to you"), blank=True, default=""
    )
    person_sees_concern = models.BooleanField(
        _("the person a concern is about sees that one was raised, and what was shared with them"),
        default=True,
    )

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Safety settings of {self.organization}"

    @classmethod
    def of(cls, organization: Organization) -> "SafetySettings":
        """The organisation's settings, or unsaved defaults (no write on a read)."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization)


# Confidentiality, told at first contact


class ConfidentialityStatementQuerySet(OrganizationQuerySet):
    def latest_first(self) -> Self:
        return self.order_by("-version")


class ConfidentialityStatement(models.Model):
    """One version of the organisation's statement. Editing publishes a new version."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    text = models.TextField(_("what we keep confidential, and the one limit"))
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ConfidentialityStatementQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"], name="one_statement_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"Confidentiality statement {self.version} of {self.organization_id}"


class ConfidentialityAcknowledgement(models.Model):
    """Who was told which version, when and how.

    ``user`` is empty for a person supported without an account: the area that
    keeps that person (peerwork) points at the acknowledgement instead.
    """

    class How(models.TextChoices):
        SELF = "self", _("Read it on screen and said so")
        IN_PERSON = "in_person", _("Told in person")
        ON_PAPER = "on_paper", _("Signed on paper")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    statement = models.ForeignKey(
        ConfidentialityStatement, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    how = models.CharField(max_length=10, choices=How.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "user"],
                condition=Q(user__isnull=False),
                name="one_acknowledgement_per_person_and_version",
            )
        ]

    def __str__(self) -> str:
        return f"Acknowledgement of statement {self.statement_id}"


# The on-duty list


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class OnDutyQuerySet(OrganizationQuerySet):
    def in_order(self) -> Self:
        return self.select_related("user").order_by("position", "id")


class OnDutyEntry(models.Model):
    """A person on the list of who is told first, in order, and when they are on duty.

    With no entries at all, every active supervisor is on the list (see
    circles.safety.duty).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)
    # Weekday numbers (Monday = 0) as digits, e.g. "01234"; empty = every day.
    days = models.CharField(max_length=7, blank=True, default="")
    # In the organisation's timezone; both empty = all day. A span past midnight wraps.
    starts = models.TimeField(null=True, blank=True)
    ends = models.TimeField(null=True, blank=True)

    objects = OnDutyQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="on_duty_once_per_person")
        ]

    def __str__(self) -> str:
        return f"On duty {self.position}: {self.user_id}"

    def on_duty_at(self, local: datetime) -> bool:
        """Whether this person is on duty at ``local`` (the organisation's wall clock)."""
        if self.days and str(local.weekday()) not in self.days:
            return False
        if self.starts is None or self.ends is None:
            return True
        now: time = local.time()
        if self.starts <= self.ends:
            return self.starts <= now < self.ends
        return now >= self.starts or now < self.ends


# Concerns


class ConcernQuerySet(OrganizationQuerySet):
    def open(self) -> Self:
        return self.exclude(status=SafetyConcern.Status.CLOSED)

    def waiting(self) -> Self:
        return self.filter(status__in=SafetyConcern.WAITING)

    def for_list(self) -> Self:
        """What lists show: never the encrypted words."""
        return self.defer(*SafetyConcern.PRIVATE_FIELDS).select_related(
            "about_user", "raised_by", "acknowledged_by"
        )


class SafetyConcern(models.Model):
    """A concern raised under the duty to inform, and where it stands.

    The status moves only through ``TRANSITIONS`` (see circles.safety.actions).
    """

    class Kind(models.TextChoices):
        SELF = "self", _("Intended serious harm to themselves")
        OTHERS = "others", _("Intended serious harm to someone else")
        CAREGIVER = "caregiver", _("Abuse by someone caring for them")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        RAISED = "raised", _("Raised, waiting for someone on duty")
        ESCALATED = "escalated", _("Passed on, still waiting")
        ACKNOWLEDGED = "acknowledged", _("Someone on duty has it")
        CLOSED = "closed", _("Closed")

    class PersonKnows(models.TextChoices):
        YES = "yes", _("Yes, they know it is being raised")
        NOT_YET = "not_yet", _("Not yet")
        CANNOT = "cannot", _("It was not possible to tell them")

    WAITING = (Status.RAISED, Status.ESCALATED)
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.RAISED: (Status.ESCALATED, Status.ACKNOWLEDGED),
        Status.ESCALATED: (Status.ESCALATED, Status.ACKNOWLEDGED),
        Status.ACKNOWLEDGED: (Status.CLOSED,),
        Status.CLOSED: (),
    }
    PRIVATE_FIELDS = (
        "what_happened",
        "already_done",
        "person_wishes",
        "contact_yes",
        "contact_no",
        "shared_with_person",
        "outcome",
    )

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what kind of concern"), max_length=10, choices=Kind.choices)
    about_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    what_happened = EncryptedTextField(_("What was said or seen, in their words if you can"))
    already_done = EncryptedTextField(_("What has already been done"), blank=True, default="")
    person_knows = models.CharField(
        _("Does the person know?"),
        max_length=10,
        choices=PersonKnows.choices,
        default=PersonKnows.YES,
    )
    person_wishes = EncryptedTextField(_("What they want"), blank=True, default="")
    contact_yes = EncryptedTextField(_("Who they want contacted"), blank=True, default="")
    contact_no = EncryptedTextField(_("Who they do not want contacted"), blank=True, default="")
    shared_with_person = EncryptedTextField(
        _("What has been shared with them"), blank=True, default=""
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RAISED)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    # How far it has gone down the on-duty list; past its end, every admin is told.
    level = models.PositiveSmallIntegerField(default=0)
    told_admins = models.BooleanField(default=False)
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = EncryptedTextField(_("What happened, in a few lines"), blank=True, default="")

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["organization", "status", "raised_at"])]

    def __str__(self) -> str:
        return f"Safety concern {self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status in self.WAITING

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def minutes_to_acknowledge(self) -> int | None:
        if self.acknowledged_at is None:
            return None
        return int((self.acknowledged_at - self.raised_at).total_seconds() // 60)


class ConcernStep(models.Model):
    """One timestamped step in a concern's life, shown to those who may see it.

    Each step is also an audit event; this table is what the concern page reads.
    """

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        NOTIFIED = "notified", _("Told")
        ESCALATED = "escalated", _("Passed on")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    concern = models.ForeignKey(SafetyConcern, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # For "told": who was told.
    told = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = EncryptedTextField(blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on concern {self.concern_id}"
