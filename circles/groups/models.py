"""Support groups, the venues they meet in, and who belongs to them.

The "who, what, when, where, why" of seed 000 and the kinds and types of peer
support of seed 002 are the vocabulary here.
"""

import secrets
from datetime import date
from typing import Any, Self

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import ACCESS_FEATURES, Organization, OrganizationQuerySet

# --- Vocabulary --------------------------------------------------------------


class Kind(models.TextChoices):
    INFORMAL = "informal", _("Informal")
    DROP_IN = "drop_in", _("Drop-in")
    MUTUAL = "mutual", _("Self-help / mutual support")
    INTENTIONAL = "intentional", _("Intentional peer support")
    CLINICAL = "clinical", _("Clinical setting")


class SupportType(models.TextChoices):
    EMOTIONAL = "emotional", _("Emotional: being heard, empathy, care")
    INFORMATIONAL = "informational", _("Informational: tips, knowledge, resources")
    INSTRUMENTAL = "instrumental", _("Practical: concrete help with tasks")
    AFFILIATIONAL = "affiliational", _("Belonging: connection with others like you")


class Audience(models.TextChoices):
    ADULTS = "adults", _("Adults")
    YOUTH = "youth", _("Young people")
    PARENTS = "parents", _("Parents and caregivers")
    FAMILIES = "families", _("Families")
    IDENTITY = "identity", _("A specific identity or community")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Once a month")
    CUSTOM = "custom", _("Another pattern (advanced)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class MonthWeek(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


# The seed's examples; an organisation may add its own topics.
SEED_TOPICS = [
    "Cancer",
    "Grief",
    "Divorce",
    "Student",
    "Senior",
    "Abuse",
    "Women's",
    "Men's",
    "Nurses",
    "LGBTQIA+",
    "Diabetes",
    "Mental health",
]

# What a venue offers; the same keys say what a person needs (User.access_needs).
VENUE_FEATURES = ACCESS_FEATURES
FEATURE_KEYS = [key for key, _label in VENUE_FEATURES]

# When people can come: a day of the week and a part of the day.
DAY_PARTS: list[tuple[str, Any, int, int]] = [
    ("morning", _("Morning"), 6, 12),
    ("afternoon", _("Afternoon"), 12, 17),
    ("evening", _("Evening"), 17, 23),
]
DAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
SLOT_KEYS = [f"{day}-{part}" for day in DAY_KEYS for part, *_rest in DAY_PARTS]


def day_part_of(hour: int) -> str:
    for key, _label, start, end in DAY_PARTS:
        if start <= hour < end:
            return key
    return "evening" if hour >= 17 else "morning"


DEFAULT_GROUND_RULES = _(
    "We listen without interrupting.\n"
    "We speak from our own experience, using “I”.\n"
    "Everyone has the chance to speak; nobody has to.\n"
    "We do not give advice unless someone asks for it.\n"
    "We respect each other's differences, without judgement.\n"
    "We are honest, kind and friendly: just how we want to be treated."
)

DEFAULT_CONFIDENTIALITY = _(
    "What is said here stays here. We do not share anyone's story outside the group.\n"
    "There is one limit: if someone tells us they intend serious harm to themselves or "
    "others, that cannot be kept confidential, and the facilitator will tell the right "
    "people straight away."
)


# --- Venues --------------------------------------------------------------------


class Venue(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True, default="")
    capacity = models.PositiveIntegerField(
        _("how many people fit"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    public_transport = models.BooleanField(_("public transport nearby"), default=False)
    accessible_parking = models.BooleanField(_("accessible parking"), default=False)
    step_free = models.BooleanField(
        _("step-free entrance and rooms (wheelchairs, prosthetics)"), default=False
    )
    accessible_toilets = models.BooleanField(_("accessible toilets"), default=False)
    kitchen = models.BooleanField(_("kitchen access"), default=False)
    quiet_room = models.BooleanField(_("a private, quiet room"), default=False)
    comfort = models.BooleanField(_("good lighting, heating and cooling"), default=False)
    after_hours = models.BooleanField(
        _("evening access, with safe parking before and after"), default=False
    )
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    room_cost = models.CharField(
        _("cost of the room"),
        max_length=120,
        blank=True,
        default="",
        help_text=_("For example: free, or $20 an hour."),
    )
    # Slot keys like "tue-evening" when the venue can be used; empty means any time.
    availability = models.JSONField(_("when the venue is available"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def has(self, feature: str) -> bool:
        return bool(getattr(self, feature))

    def offered(self) -> list[tuple[str, Any]]:
        return [(key, label) for key, label in VENUE_FEATURES if self.has(key)]

    def missing(self) -> list[tuple[str, Any]]:
        return [(key, label) for key, label in VENUE_FEATURES if not self.has(key)]


# --- Groups ----------------------------------------------------------------------


class SupportGroupQuerySet(OrganizationQuerySet):
    def public(self) -> Self:
        """Listed in the public finder: public and still meeting."""
        today = timezone.localdate()
        return self.filter(is_public=True, is_archived=False).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )

    def with_details(self) -> Self:
        """For members' pages: facilitators with only what their names and checks need."""
        facilitators = get_user_model().objects.only("id", "email", "preferred_name", "is_active")
        return self.public_details().prefetch_related(
            Prefetch("facilitators", queryset=facilitators)
        )

    def public_details(self) -> Self:
        """What the finder, the feeds and the exports show: never who facilitates."""
        return self.select_related("organization", "venue").prefetch_related("exceptions")

    def facilitated_by(self, user: Any) -> Self:
        return self.filter(facilitators=user)


class SupportGroup(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="support_groups"
    )
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(
        _("purpose, in the group's own words"),
        help_text=_("Who the group is for and what happens there, in a few plain sentences."),
    )
    kind = models.CharField(
        _("kind of group"), max_length=20, choices=Kind.choices, default=Kind.MUTUAL
    )
    support_types = models.JSONField(_("types of support"), default=list, blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    audience = models.CharField(
        _("who it is for"), max_length=20, choices=Audience.choices, default=Audience.ADULTS
    )
    audience_detail = models.CharField(
        _("which identity or community"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("For example: LGBTQ+ people, Hmong families, people with disabilities."),
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    is_open = models.BooleanField(
        _("open group"),
        default=True,
        help_text=_("Open: anyone may just come. Closed: people ask to join first."),
    )
    is_public = models.BooleanField(_("show in the public group finder"), default=True)
    is_archived = models.BooleanField(_("no longer meeting"), default=False)
    format = models.CharField(
        _("how it meets"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    capacity = models.PositiveIntegerField(
        _("how many people can take part"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_groups",
        blank=True,
        verbose_name=_("facilitators"),
    )
    ground_rules = models.TextField(_("ground rules"), blank=True, default="")
    confidentiality = models.TextField(_("confidentiality statement"), blank=True, default="")
    rotate_leader = models.BooleanField(
        _("take turns leading meetings"),
        default=False,
        help_text=_(
            "Each meeting's leader rotates among members who are willing and the facilitators."
        ),
    )
    show_member_names = models.BooleanField(
        _("members can see each other's names"),
        default=False,
        help_text=_("Off by default. Facilitators always see who belongs to the group."),
    )

    # When (interpreted in the organisation's timezone).
    frequency = models.CharField(
        _("how often"), max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    weekday = models.PositiveSmallIntegerField(
        _("day"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    month_week = models.SmallIntegerField(
        _("which week of the month"),
        choices=MonthWeek.choices,
        default=MonthWeek.FIRST,
        help_text=_("Only for monthly groups, e.g. the first Tuesday."),
    )
    custom_rule = models.CharField(
        _("custom repeat rule (RFC 5545)"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("Only for “another pattern”, e.g. FREQ=WEEKLY;BYDAY=MO,TH"),
    )
    start_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("how long (minutes)"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
    )
    starts_on = models.DateField(_("first meeting on or after"), default=date.today)
    ends_on = models.DateField(_("last date (optional)"), null=True, blank=True)

    # Where.
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("venue"),
    )
    online_url = models.URLField(
        _("online meeting link"),
        blank=True,
        default="",
        help_text=_("Shown only to members and facilitators, never on the public page."),
    )
    online_allowed_in_listings = models.BooleanField(
        _("share the online link with meeting-finder apps"),
        default=False,
    )

    created = models.DateTimeField(default=timezone.now)
    updated = models.DateTimeField(auto_now=True)

    objects = SupportGroupQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def is_facilitator(self, user: Any) -> bool:
        """Whether this person facilitates the group (uses prefetched facilitators if any)."""
        user_id = getattr(user, "pk", None)
        if user_id is None:
            return False
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "facilitators" in cache:
            return any(f.pk == user_id for f in cache["facilitators"])
        return self.facilitators.filter(pk=user_id).exists()

    @property
    def meets_in_person(self) -> bool:
        return self.format in (Format.IN_PERSON, Format.HYBRID)

    @property
    def meets_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)


class ScheduleException(models.Model):
    """A date the group does not meet (a cancelled week, a holiday)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason (optional)"), max_length=200, blank=True, default="")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date"], name="one_exception_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.group} not meeting on {self.date}"


class GroupMembershipQuerySet(OrganizationQuerySet):
    def current(self) -> Self:
        return self.filter(status=GroupMembership.Status.MEMBER)

    def requested(self) -> Self:
        return self.filter(status=GroupMembership.Status.REQUESTED)


class GroupMembership(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Asked to join")
        MEMBER = "member", _("Member")
        DECLINED = "declined", _("Not this time")
        LEFT = "left", _("Left")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    willing_to_lead = models.BooleanField(
        _("willing to lead a meeting now and then"), default=False
    )
    request_message = models.TextField(
        _("a note to the facilitators (optional)"), blank=True, default=""
    )
    reply_message = models.TextField(_("a kind note back"), blank=True, default="")
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_group_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.status})"


class Availability(models.Model):
    """When one person (a member, or someone interested) could come.

    ``slots`` holds keys like "tue-evening" (see SLOT_KEYS).
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="availabilities")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("first name or initials"), max_length=60, blank=True, default="")
    slots = models.JSONField(default=list)
    created = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=Q(user__isnull=False),
                name="one_availability_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"Availability for {self.group}"


class CalendarFeed(models.Model):
    """A person's secret calendar address for all their groups; reset makes a new one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed for {self.user}"

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


# --- Public feeds as built ------------------------------------------------------------


class FeedVersion(models.Model):
    """One row: a number that goes up whenever anything a public feed shows changes.

    Saving or deleting a group, its cancelled dates, a venue or an organisation
    raises it (signals in circles.groups.feeds, in the same transaction), so a
    stored feed built at a lower number is out of date.
    """

    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Public feeds version {self.number}"


class FeedSnapshot(models.Model):
    """A public feed as last built, served as it is until its data changes.

    Feeds name this server in their links and ids, so each is kept per address
    it was asked for (a handful: ALLOWED_HOSTS bounds them).
    """

    name = models.CharField(max_length=100)
    base = models.CharField(max_length=300)
    version = models.PositiveBigIntegerField()
    built_at = models.DateTimeField()
    content_type = models.CharField(max_length=100)
    etag = models.CharField(max_length=80)
    body = models.BinaryField()
    gzipped = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "base"], name="one_snapshot_per_feed_and_base")
        ]

    def __str__(self) -> str:
        return f"{self.name} for {self.base}"
