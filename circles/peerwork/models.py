"""One-to-one peer support: asking for a peer, matching, the caseload, notes and check-ins.

Seeds 000 (one-to-one support and its ethics), 001 (identity-specific peer
support), 002 (the four types of support) and 004 (what peer specialists help
with) are the specification.

Everyone supported one to one is a ``Person``: a record the organisation keeps,
with an account (``user``) or without one. Waiting people and people on a
caseload are the same rows, so every page treats them alike.
"""

import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Self
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Invitation, Organization, OrganizationQuerySet
from circles.lib.crypto import EncryptedTextField
from circles.safety.models import ConfidentialityAcknowledgement, SafetyConcern

DEFAULT_AREAS = [
    "Mental health",
    "Substance use",
    "Parenting",
    "Grief and loss",
    "Trauma",
    "Housing and homelessness",
]

LANGUAGES: list[tuple[str, Any]] = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("hmn", _("Hmong")),
    ("so", _("Somali")),
    ("vi", _("Vietnamese")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ase", _("American Sign Language")),
]

IDENTITIES: list[tuple[str, Any]] = [
    ("lgbtq", _("LGBTQ+")),
    ("parent", _("Parent or carer")),
    ("disability", _("Living with a disability")),
    ("veteran", _("Veteran")),
    ("bipoc", _("Black, Indigenous or a person of colour")),
    ("immigrant", _("Immigrant or refugee")),
    ("young", _("Young adult")),
]

GENDERS: list[tuple[str, Any]] = [
    ("woman", _("A woman")),
    ("man", _("A man")),
    ("nonbinary", _("Non-binary")),
]

AGE_RANGES: list[tuple[str, Any]] = [
    ("18-29", _("18 to 29")),
    ("30-49", _("30 to 49")),
    ("50-64", _("50 to 64")),
    ("65+", _("65 or older")),
]

DAYS: list[tuple[str, Any]] = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]

PARTS_OF_DAY: list[tuple[str, Any]] = [
    ("morning", _("Mornings")),
    ("afternoon", _("Afternoons")),
    ("evening", _("Evenings")),
]

WAYS: list[tuple[str, Any]] = [
    ("in_person", _("In person")),
    ("online", _("Online (video)")),
    ("phone", _("By phone")),
]

PREFERENCE_KEYS = (
    "areas",
    "languages",
    "identities",
    "gender",
    "age_range",
    "days",
    "parts",
    "ways",
)


class PeerworkSettings(models.Model):
    """An organisation's promises and policies for one-to-one support. Missing row = defaults."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="peerwork_settings"
    )
    answer_within_days = models.PositiveSmallIntegerField(
        _("days within which we promise to answer a request"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    areas = models.JSONField(_("areas of lived experience"), default=list, blank=True)
    notes_visible_to_person = models.BooleanField(
        _("people can read the notes about their support"), default=True
    )
    notes_shared_with_supervision = models.BooleanField(
        _("supervisors can read contact notes"),
        default=False,
        help_text=_("Only when your policy says notes are shared with supervision."),
    )

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Peer support settings of {self.organization}"

    @classmethod
    def of(cls, organization: Organization) -> "PeerworkSettings":
        """The organisation's settings, or unsaved defaults (no write on a read)."""
        found = cls.objects.filter(organization=organization).first()
        return found or cls(organization=organization, areas=list(DEFAULT_AREAS))

    @property
    def area_list(self) -> list[str]:
        return list(self.areas) or list(DEFAULT_AREAS)


class SpecialistProfileQuerySet(OrganizationQuerySet):
    def taking_people(self) -> Self:
        return self.filter(is_taking_people=True, capacity__gt=0)


class SpecialistProfile(models.Model):
    """What a specialist tells about themselves for matching, and how many they can support."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    capacity = models.PositiveSmallIntegerField(
        _("how many people you can support at a time"),
        default=8,
        validators=[MaxValueValidator(100)],
    )
    is_taking_people = models.BooleanField(_("I can take on new people"), default=True)
    areas = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    identities = models.JSONField(default=list, blank=True)
    gender = models.CharField(max_length=20, blank=True, default="")
    age_range = models.CharField(max_length=10, blank=True, default="")
    days = models.JSONField(default=list, blank=True)
    parts = models.JSONField(default=list, blank=True)
    ways = models.JSONField(default=list, blank=True)
    updated = models.DateTimeField(default=timezone.now)

    objects = SpecialistProfileQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="one_profile_per_org")
        ]

    def __str__(self) -> str:
        return f"Matching profile of {self.user}"

    def facts(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in PREFERENCE_KEYS}


class PersonQuerySet(OrganizationQuerySet):
    def waiting(self) -> Self:
        return self.filter(status=Person.Status.WAITING)

    def seeking(self) -> Self:
        """Waiting for a peer specialist, or asking for a change of specialist."""
        return self.filter(
            Q(status=Person.Status.WAITING)
            | Q(status=Person.Status.SUPPORTED, change_requested_at__isnull=False)
        )

    def supported(self) -> Self:
        return self.filter(status=Person.Status.SUPPORTED)

    def of_specialist(self, user: Any, covering_for: Iterable[int] = ()) -> Self:
        """A specialist's caseload, with those of colleagues they cover while they step back."""
        return self.supported().filter(Q(specialist=user) | Q(specialist__in=list(covering_for)))

    def of_user(self, user: Any) -> Self:
        """Records of this signed-in person: theirs, or made for the invitation they accepted."""
        return self.filter(
            Q(user=user)
            | Q(
                user__isnull=True,
                invitation__email=user.email,
                invitation__accepted_at__isnull=False,
            )
        )

    def open(self) -> Self:
        return self.exclude(status=Person.Status.CLOSED)


class Person(models.Model):
    """Someone who asked for, or gets, one-to-one support. They may have no account."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a peer specialist")
        SUPPORTED = "supported", _("Supported")
        CLOSED = "closed", _("Support ended")

    class Source(models.TextChoices):
        PUBLIC = "public", _("Asked on the public page")
        MEMBER = "member", _("Asked from their home")
        STAFF = "staff", _("Added by staff")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PUBLIC)
    name = EncryptedTextField(_("first name or nickname"), blank=True, default="")
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    email = EncryptedTextField(_("email"), blank=True, default="")
    text_ok = models.BooleanField(_("text messages are fine"), default=False)
    when_good = EncryptedTextField(_("when is good to reach you"), blank=True, default="")
    wants = EncryptedTextField(_("what you would like help with"), blank=True, default="")
    # What matters to them in a peer: JSON of PREFERENCE_KEYS, encrypted (identity is theirs).
    preferences_json = EncryptedTextField(blank=True, default="")
    requested_at = models.DateTimeField(default=timezone.now)
    answer_by = models.DateField()
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    since = models.DateField(null=True, blank=True)
    next_contact = models.DateField(_("next contact"), null=True, blank=True)
    change_requested_at = models.DateTimeField(null=True, blank=True)
    # For someone without an account: when they were told about confidentiality and
    # its one limit (people with an account are found by user in the safety area).
    confidentiality_ack = models.ForeignKey(
        ConfidentialityAcknowledgement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organization", "status", "answer_by"]),
            models.Index(fields=["organization", "specialist", "status"]),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.user_id is not None and self.user is not None:
            return self.user.display_name
        return str(_("Someone"))

    @property
    def has_account(self) -> bool:
        return self.user_id is not None

    @property
    def preferences(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.preferences_json or "{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def set_preferences(self, values: dict[str, Any]) -> None:
        self.preferences_json = json.dumps({k: values.get(k) for k in PREFERENCE_KEYS})

    def is_overdue(self, today: date) -> bool:
        return self.status == self.Status.WAITING and self.answer_by < today

    def next_contact_overdue(self, today: date) -> bool:
        return self.next_contact is not None and self.next_contact < today


class Proposal(models.Model):
    """A specialist with room proposed for a waiting person, with the plain reasons it fits.

    Rebuilt for the whole waiting list whenever it changes (matching.refresh_proposals).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="proposals")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["person", "specialist"], name="one_proposal_per_pair")
        ]

    def __str__(self) -> str:
        return f"Proposal {self.rank} for person {self.person_id}"


SUPPORT_TYPES: list[tuple[str, Any]] = [
    ("emotional", _("Emotional: empathy, listening, encouragement")),
    ("informational", _("Informational: sharing knowledge and skills")),
    ("instrumental", _("Practical: concrete help with tasks")),
    ("affiliational", _("Connection: community and belonging")),
]


class ContactNoteQuerySet(OrganizationQuerySet):
    def with_people(self) -> Self:
        return self.select_related("written_by", "cosigned_by")


class ContactNote(models.Model):
    """A note of one contact, written with the person where possible."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video")
        TEXT = "text", _("Text messages")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notes")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("how long (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    mode = models.CharField(_("how you met"), max_length=20, choices=Mode.choices)
    support_types = models.JSONField(_("types of support"), default=list)
    what_we_did = EncryptedTextField(_("what we did together"))
    next_steps = EncryptedTextField(_("next steps"), blank=True, default="")
    visible_to_person = models.BooleanField(default=True)
    concern = models.ForeignKey(
        SafetyConcern,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked safety concern"),
    )
    # Put forward for co-signing: from then on supervisors may read this one note.
    cosign_asked_at = models.DateTimeField(null=True, blank=True)
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cosigned_at = models.DateTimeField(null=True, blank=True)
    cosign_comment = EncryptedTextField(blank=True, default="")
    created = models.DateTimeField(default=timezone.now)

    objects = ContactNoteQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["organization", "on"])]

    def __str__(self) -> str:
        return f"Note of {self.on} for person {self.person_id}"

    @property
    def is_locked(self) -> bool:
        return self.cosigned_at is not None

    def support_type_labels(self) -> list[str]:
        labels = dict(SUPPORT_TYPES)
        return [str(labels[key]).split(":")[0] for key in self.support_types if key in labels]


class NoteAddendum(models.Model):
    """A correction or addition to a note; the note itself is never rewritten once signed."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey(ContactNote, on_delete=models.CASCADE, related_name="addenda")
    text = EncryptedTextField(_("correction or addition"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"Addendum to note {self.note_id}"


class CheckInPlanQuerySet(OrganizationQuerySet):
    def active(self) -> Self:
        return self.filter(stopped_on__isnull=True)


class CheckInPlan(models.Model):
    """A telephone or text check-in the person agreed to, on one day of the week."""

    class Way(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checkin_plans")
    weekday = models.PositiveSmallIntegerField(
        _("day of the week"),
        choices=[(i, label) for i, (_key, label) in enumerate(DAYS)],
        validators=[MaxValueValidator(6)],
    )
    way = models.CharField(_("how"), max_length=10, choices=Way.choices)
    agreed_on = models.DateField(default=date.today)
    stopped_on = models.DateField(null=True, blank=True)

    objects = CheckInPlanQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Check-in plan {self.pk}"


class CheckIn(models.Model):
    class Result(models.TextChoices):
        TALKED = "talked", _("We talked")
        MESSAGE = "message", _("Left a message")
        NO_ANSWER = "no_answer", _("No answer")
        STOP = "stop", _("They asked to stop")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(CheckInPlan, on_delete=models.CASCADE, related_name="checkins")
    on = models.DateField()
    result = models.CharField(_("how it went"), max_length=20, choices=Result.choices)
    note = EncryptedTextField(_("a short note"), blank=True, default="")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "on"], name="one_checkin_a_day")]

    def __str__(self) -> str:
        return f"Check-in {self.on}"


def today_for(organization: Organization) -> date:
    """Today where the organisation is."""
    return timezone.localtime(timezone.now(), ZoneInfo(organization.timezone)).date()


def answer_by_for(organization: Organization, asked: Any) -> date:
    """The day the organisation promises to have answered a request by."""
    days = PeerworkSettings.of(organization).answer_within_days
    return timezone.localtime(asked, ZoneInfo(organization.timezone)).date() + timedelta(days=days)
