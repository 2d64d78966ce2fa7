"""The peer workforce: the competency framework, assessments, supervision, training.

The framework (areas, items and what each stage looks like) ships as data in
``data/framework.json`` and is loaded into the shared tables below by
``framework.load_framework``; an organisation adds its own items and hides the
ones it does not use. Everything about a worker belongs to the organisation
they work in and is reached through ``for_org``.
"""

import datetime
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet
from circles.lib.crypto import EncryptedTextField


class Stage(models.IntegerChoices):
    """How far along a worker is with one competency, in the framework's four stages."""

    NOT_YET = 0, _("Not yet")
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    LEADER = 4, _("Leader")


STAGE_MEANINGS = {
    Stage.NOT_YET: _("Not part of my work yet."),
    Stage.BASIC: _("I can describe it and why it matters."),
    Stage.INTERMEDIATE: _("I do it in my day-to-day work with people."),
    Stage.ADVANCED: _("I help other peer staff do it."),
    Stage.LEADER: _("I make sure the whole organisation does it."),
}


class Level(models.TextChoices):
    """The levels of use: what a role is expected to show across the framework."""

    ESSENTIAL = "essential", _("Essential")
    PRACTITIONER = "practitioner", _("Peer practitioner")
    MANAGER = "manager", _("Peer manager")
    LEADER = "leader", _("Peer leader")


# Each level asks for one stage across the framework: from describing (Essential)
# to doing it with people (practitioner), supporting staff (manager) and leading
# the organisation (leader).
LEVEL_STAGE = {
    Level.ESSENTIAL: Stage.BASIC,
    Level.PRACTITIONER: Stage.INTERMEDIATE,
    Level.MANAGER: Stage.ADVANCED,
    Level.LEADER: Stage.LEADER,
}

LEVEL_MEANINGS = {
    Level.ESSENTIAL: _("Expected when people start, or after an agreed induction."),
    Level.PRACTITIONER: _("Expected after about two years in the role."),
    Level.MANAGER: _("Expected of team leaders and line managers."),
    Level.LEADER: _("Expected of the organisation's leaders."),
}


# The framework -----------------------------------------------------------------------


class FrameworkArea(models.Model):
    """A cluster of core competencies, or one of the matrices across the four stages."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Core competency cluster")
        MATRIX = "matrix", _("Competency matrix")

    key = models.SlugField(max_length=60, unique=True)
    version = models.PositiveSmallIntegerField(default=1)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=400, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        return gettext(self.title)

    @property
    def shown_summary(self) -> str:
        return gettext(self.summary) if self.summary else ""


class CompetencyQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> Self:
        """The shipped items and this organisation's own, hidden ones included."""
        return self.filter(Q(organization__isnull=True) | Q(organization=organization))

    def in_use(self, organization: Organization) -> Self:
        """What this organisation rates: shipped and own items, less those it hides."""
        hidden = HiddenCompetency.objects.for_org(organization).values("competency_id")
        return (
            self.for_org(organization)
            .filter(retired=False)
            .exclude(pk__in=hidden)
            .select_related("area")
            .order_by("area__position", "area_id", "position", "pk")
        )


class Competency(models.Model):
    """One item of the framework; an organisation's own items carry its id."""

    area = models.ForeignKey(FrameworkArea, on_delete=models.PROTECT, related_name="items")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    key = models.SlugField(max_length=60, blank=True, default="")
    text = models.CharField(_("what the worker does"), max_length=300)
    # What each of the four stages looks like (matrix items); empty for cluster items,
    # which use the general meanings in STAGE_MEANINGS.
    stages = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    version = models.PositiveSmallIntegerField(default=1)
    # A shipped item a newer framework version dropped: kept for old ratings.
    retired = models.BooleanField(default=False)

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        ordering = ["area__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "key"],
                condition=Q(organization__isnull=True),
                name="one_shipped_item_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def shown_text(self) -> str:
        # Shipped wording goes through the translation catalogue; an organisation's
        # own items are shown as they typed them.
        return gettext(self.text) if self.organization_id is None else self.text

    def stage_text(self, stage: int) -> str:
        if 1 <= stage <= len(self.stages):
            return gettext(self.stages[stage - 1])
        return str(STAGE_MEANINGS.get(Stage(stage), "")) if 0 <= stage <= 4 else ""


class HiddenCompetency(models.Model):
    """An item this organisation does not use: left out of its forms and summaries."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="+")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "competency"], name="hide_an_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.competency_id} hidden in {self.organization_id}"


# The organisation's choices -------------------------------------------------------------


class WorkforceSettings(models.Model):
    """An organisation's supervision cadence and who may read individual records."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="workforce_settings"
    )
    supervision_every_days = models.PositiveSmallIntegerField(
        _("supervision is due every this many days"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
        help_text=_("30 means about once a month. Between 7 and 365."),
    )
    admins_see_records = models.BooleanField(
        _("admins may open each worker's record"),
        default=False,
        help_text=_(
            "Off: admins see only counts (who is overdue, whose certification expires "
            "soon). On: admins can also open a worker's assessments, supervision log and "
            "training."
        ),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(supervision_every_days__gte=7) & Q(supervision_every_days__lte=365),
                name="workforce_cadence_range",
            )
        ]

    def __str__(self) -> str:
        return f"Workforce settings of {self.organization}"

    @classmethod
    def of(cls, organization: Organization) -> "WorkforceSettings":
        """The saved settings, or the defaults (unsaved: a read never writes)."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization)


class SupervisorLinkQuerySet(OrganizationQuerySet):
    def active(self) -> Self:
        return self.filter(
            worker__memberships__organization=models.F("organization"),
            worker__memberships__is_active=True,
        )


class SupervisorLink(models.Model):
    """Who supervises whom: set by an admin. A worker has one supervisor here."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = SupervisorLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "worker"], name="one_supervisor_per_worker"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor_id} supervises {self.worker_id}"


# Assessments --------------------------------------------------------------------------


class AssessmentQuerySet(OrganizationQuerySet):
    def of_worker(self, worker_id: int) -> Self:
        return self.filter(worker_id=worker_id)

    def submitted(self) -> Self:
        return self.filter(submitted_at__isnull=False)

    def waiting(self) -> Self:
        return self.filter(submitted_at__isnull=True, declined_at__isnull=True)


class Assessment(models.Model):
    """One rater's view of a worker against the framework, item by item."""

    class Kind(models.TextChoices):
        SELF = "self", _("Own view")
        SUPERVISOR = "supervisor", _("Supervisor")
        PEER = "peer", _("A peer")
        GROUP = "group", _("Co-supervision group")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Who filled it in (for a group: the supervisor who wrote down the group's view).
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    # {competency id (as text): stage}; an item left out was not rated.
    ratings = models.JSONField(default=dict, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # A colleague asked for their view may say no; the request stays, answered.
    declined_at = models.DateTimeField(null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} view of {self.worker}"

    def stage_for(self, competency_id: int) -> int | None:
        value = self.ratings.get(str(competency_id))
        return value if isinstance(value, int) else None

    def average(self, competency_ids: list[int]) -> Decimal | None:
        values = [v for c in competency_ids if (v := self.stage_for(c)) is not None]
        if not values:
            return None
        return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


class LevelConfirmation(models.Model):
    """A supervisor's confirmation of the level a worker works at."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    suggested = models.CharField(max_length=20, choices=Level.choices, blank=True, default="")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} for {self.worker_id}"


class DevelopmentGoal(models.Model):
    """What a worker chooses to develop next, in their own words."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(
        Competency, on_delete=models.PROTECT, related_name="+", verbose_name=_("competency")
    )
    aim = models.PositiveSmallIntegerField(
        _("the stage I am aiming for"),
        choices=[(s.value, s.label) for s in Stage if s != Stage.NOT_YET],
        default=Stage.INTERMEDIATE,
    )
    note = EncryptedTextField(_("how I plan to get there"), blank=True, default="")
    created = models.DateTimeField(default=timezone.now)
    reached_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["reached_at", "-created", "-pk"]

    def __str__(self) -> str:
        return f"Goal of {self.worker_id} on {self.competency_id}"


# Supervision --------------------------------------------------------------------------


class SupervisionSessionQuerySet(OrganizationQuerySet):
    def of_worker(self, worker_id: int) -> Self:
        return self.filter(worker_id=worker_id)


class SupervisionSession(models.Model):
    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One to one")
        GROUP = "group", _("Group supervision")
        PEER = "peer", _("Peer co-supervision")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    held_on = models.DateField(_("date"))
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    minutes = models.PositiveSmallIntegerField(
        _("how long (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    topics = EncryptedTextField(_("topics"), blank=True, default="")
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = SupervisionSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Supervision of {self.worker_id} on {self.held_on}"


class AgreedAction(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        SupervisionSession, on_delete=models.CASCADE, related_name="actions"
    )
    text = EncryptedTextField(_("what we agreed"))
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"Action {self.pk} of session {self.session_id}"


# Training and certification -------------------------------------------------------------


class TrainingRecordQuerySet(OrganizationQuerySet):
    def of_worker(self, worker_id: int) -> Self:
        return self.filter(worker_id=worker_id)


class TrainingRecord(models.Model):
    class Category(models.TextChoices):
        ETHICS = "ethics", _("Ethics and boundaries")
        RECOVERY = "recovery", _("Recovery and wellness")
        TRAUMA = "trauma", _("Trauma-informed practice")
        CULTURE = "culture", _("Culture, identity and inclusion")
        SUBSTANCE = "substance", _("Substance use and recovery")
        SKILLS = "skills", _("Peer support skills")
        SUPERVISION = "supervision", _("Supervision and leadership")
        OTHER = "other", _("Something else")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("who ran it"), max_length=200, blank=True, default="")
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("200"))],
    )
    category = models.CharField(_("kind of training"), max_length=20, choices=Category.choices)
    completed_on = models.DateField(_("date finished"))
    counts_as_ce = models.BooleanField(_("counts as continuing education"), default=True)
    # Set when the hours come from a session of a course the organisation runs.
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "meeting"],
                condition=Q(meeting__isnull=False),
                name="one_record_per_course_session",
            )
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.hours} h)"


class TrainingCertificate(models.Model):
    """The uploaded certificate of one training record, kept in the database, not on the web."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    record = models.OneToOneField(
        TrainingRecord, on_delete=models.CASCADE, related_name="certificate"
    )
    filename = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return self.filename


class CertificationQuerySet(OrganizationQuerySet):
    def of_worker(self, worker_id: int) -> Self:
        return self.filter(worker_id=worker_id)


class Certification(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # A key of data/certifications.json: the rule pack that applies.
    kind = models.CharField(_("certification"), max_length=40)
    number = models.CharField(_("certificate number"), max_length=60, blank=True, default="")
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    created = models.DateTimeField(default=timezone.now)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certification_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.worker_id}, expires {self.expires_on}"

    def days_left(self, today: datetime.date) -> int:
        return (self.expires_on - today).days


class ExpiryWarning(models.Model):
    """One warning sent: a certification's expiry is warned about once per threshold."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="warnings"
    )
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "expires_on", "days_before"], name="warn_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.days_before}-day warning for {self.certification_id}"


class Course(models.Model):
    """A course the organisation runs: one of its groups, whose meetings are the sessions.

    Being a group, its sessions have agendas, attendance, live polls and the
    end-of-session feedback sheet like any meeting; staff who attend a session
    get its hours as a training record.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.OneToOneField(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="+", verbose_name=_("group")
    )
    hours_per_session = models.DecimalField(
        _("hours each session counts for"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("12"))],
    )
    category = models.CharField(
        _("kind of training"), max_length=20, choices=TrainingRecord.Category.choices
    )
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Course {self.group_id}"
