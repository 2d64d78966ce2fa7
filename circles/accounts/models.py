import base64
import hashlib
import hmac
import secrets
import zoneinfo
from collections.abc import Collection, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from circles.lib.crypto import EncryptedTextField
from circles.lib.hashchain import keyed_hash, matches_any_key, plain_hash


class Role(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPECIALIST = "specialist", _("Peer specialist")
    OBSERVER = "observer", _("Observer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Admin")


# Every role set in Circles is named here, once, by what it is for. Views pass
# them to @org_member(roles=...); templates ask the Membership properties below.
STAFF_ROLES = frozenset({Role.SPECIALIST, Role.SUPERVISOR, Role.ADMIN})
"""Those who work with groups and people: run meetings, read feedback results."""
ADMIN_ROLES = frozenset({Role.ADMIN})
"""Organisation settings, memberships, venues, templates."""
GROUP_PLANNER_ROLES = frozenset({Role.SPECIALIST, Role.ADMIN})
"""Create groups and change their plans."""
OVERSIGHT_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
"""See every group's work, handle concerns, use the planning assistant."""

# What helps a person take part in person, from the seed's venue checklist.
# Venues say which they offer (groups.Venue); people say which they need.
ACCESS_FEATURES: list[tuple[str, Any]] = [
    ("public_transport", _("Public transport nearby")),
    ("accessible_parking", _("Accessible parking")),
    ("step_free", _("Step-free entrance and rooms (wheelchairs, prosthetics)")),
    ("accessible_toilets", _("Accessible toilets")),
    ("kitchen", _("Kitchen access")),
    ("quiet_room", _("A private, quiet room")),
    ("comfort", _("Good lighting, heating and cooling")),
    ("after_hours", _("Evening access, with safe parking before and after")),
    ("hearing_loop", _("Hearing loop")),
]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a timezone we know. Try one like America/Chicago."),
            params={"value": value},
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. What they may do comes from their memberships, not from here."""

    email = models.EmailField(_("email address"), unique=True)
    preferred_name = models.CharField(
        _("what should we call you?"),
        max_length=100,
        blank=True,
        help_text=_("The name you like to be called. It can be a first name only."),
    )
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.KNOWN_LANGUAGES, default="en"
    )
    access_notes = EncryptedTextField(
        _("what helps you take part"),
        blank=True,
        help_text=_(
            "Anything that helps you join in, in your own words: step-free access, "
            "a hearing loop, large print, a quiet space. Only you can see this here."
        ),
    )
    email_about_groups = models.BooleanField(
        _("email me when a meeting of my groups is cancelled or moved"), default=False
    )
    access_needs = models.JSONField(
        _("what you need at a venue"),
        default=list,
        blank=True,
        help_text=_(
            "Facilitators see only that a member of their group needs something the venue "
            "lacks, never who."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Platform operators only (Django admin); never granted by an organisation.
    is_staff = models.BooleanField(_("platform operator"), default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)
    # Bumped to end every session of this person at once (logout, deactivation).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.email.split("@")[0]

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    def get_session_auth_hash(self) -> str:
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(fallback_secret)

    def _session_hash(self, secret: str | bytes) -> str:
        return salted_hmac(
            "circles.accounts.User.session",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Organization(models.Model):
    """A peer support organisation: the tenant everything else belongs to."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("web address name"),
        unique=True,
        max_length=60,
        help_text=_("Used in web addresses, like /o/riverside/. Letters, numbers and dashes."),
    )
    timezone = models.CharField(
        _("timezone"), max_length=64, default="America/Chicago", validators=[validate_timezone]
    )
    language = models.CharField(
        _("main language"), max_length=10, choices=settings.KNOWN_LANGUAGES, default="en"
    )
    require_staff_mfa = models.BooleanField(
        _("require two-step sign-in for staff"),
        default=True,
        help_text=_(
            "Peer specialists, supervisors and admins must set up an authenticator app "
            "before they can use Circles here."
        ),
    )
    staff_idle_minutes = models.PositiveSmallIntegerField(
        _("sign staff out after this many quiet minutes"),
        default=30,
        help_text=_("Between 5 and 720 minutes. Everyone is signed out after 12 hours anyway."),
    )
    about = models.TextField(
        _("about us"),
        blank=True,
        default="",
        help_text=_("A few plain words for the public page: who you are and who you support."),
    )
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True, default="")
    contact_email = models.EmailField(_("email"), blank=True, default="")
    website = models.URLField(_("website"), blank=True, default="")
    created = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_idle_minutes__gte=5) & Q(staff_idle_minutes__lte=720),
                name="organization_idle_minutes_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganizationQuerySet(models.QuerySet):
    """Base for everything an organisation owns: the only way in is ``for_org``."""

    def for_org(self, organization: Organization) -> Self:
        return self.filter(organization=organization)


class CrisisLine(models.Model):
    class Way(models.TextChoices):
        CALL = "call", _("Call")
        TEXT = "text", _("Text")
        CALL_OR_TEXT = "call_or_text", _("Call or text")
        CHAT = "chat", _("Chat online")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="crisis_lines"
    )
    name = models.CharField(_("name"), max_length=120)
    way = models.CharField(_("how to reach it"), max_length=20, choices=Way.choices)
    contact = models.CharField(
        _("number or address"),
        max_length=200,
        help_text=_("For example (555) 010-4040, or “HOPELINE to 741741”, or a web address."),
    )
    hours = models.CharField(_("when it is open"), max_length=120, blank=True, default="")
    description = models.CharField(_("who it is for"), max_length=300, blank=True, default="")
    position = models.PositiveSmallIntegerField(default=0)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def href(self) -> str:
        """A link a phone can act on: tap to call, or open a chat page."""
        if self.way in (self.Way.CALL, self.Way.CALL_OR_TEXT):
            digits = "".join(ch for ch in self.contact if ch.isdigit() or ch == "+")
            return f"tel:{digits}" if len(digits) >= 3 else ""
        if self.way == self.Way.CHAT and self.contact.startswith("https://"):
            return self.contact
        return ""


class MembershipQuerySet(OrganizationQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def staff(self) -> Self:
        return self.filter(role__in=STAFF_ROLES)

    def for_user(self, user: Any) -> Self:
        return self.filter(user=user, is_active=True).select_related("organization")

    def with_people(self) -> Self:
        return self.select_related("user").order_by(
            "-is_active", "role", "user__preferred_name", "user__email", "pk"
        )


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(default=dj_timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.get_role_display()})"

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def can_plan_groups(self) -> bool:
        return self.role in GROUP_PLANNER_ROLES

    @property
    def has_oversight(self) -> bool:
        """Supervisors and admins: every group's work, not only their own."""
        return self.role in OVERSIGHT_ROLES

    @property
    def can_handle_concerns(self) -> bool:
        return self.role in OVERSIGHT_ROLES


class InvitationQuerySet(OrganizationQuerySet):
    def pending(self) -> Self:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=dj_timezone.now()
        )


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use link that lets someone join an organisation with a role."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Only the hash is stored; the link itself is shown and emailed once.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organization}"

    def link_token(self, secret: str | None = None) -> str:
        """The token in this invitation's link, derived from the row and a secret key.

        The database keeps only its hash, and a task gets only the invitation's
        id: whoever reads the database or a backup cannot rebuild the link
        without the SECRET_KEY, which lives outside it.
        """
        created = self.created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
        value = f"{self.organization_id}|{self.email}|{self.role}|{created}"
        digest = salted_hmac(
            "circles.invitation", value, secret=secret, algorithm="sha256"
        ).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def stored_link_token(self) -> str | None:
        """The link's token again, if the current or a fallback key still gives its hash."""
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            token = self.link_token(secret)
            if secrets.compare_digest(hash_token(token), self.token_hash):
                return token
        return None

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > dj_timezone.now()
        )

    @classmethod
    def default_expiry(cls) -> datetime:
        return dj_timezone.now() + timedelta(days=settings.INVITATION_DAYS)


class AppendOnlyError(Exception):
    pass


LEGACY_CHAIN = "legacy"
"""Events written before chains per organisation: one global chain of plain SHA-256 hashes."""


def chain_for(organization_id: int | None, *, anonymous: bool = False) -> str:
    """The chain an event joins: one per organisation, one for events of no organisation.

    Anonymous events have chains of their own (in their own table), so that their
    place says nothing about when they happened among events with exact times.
    """
    name = f"org-{organization_id}" if organization_id is not None else "none"
    return f"{name}/anonymous" if anonymous else name


class AuditEventQuerySet(models.QuerySet):
    """Refuses every ORM path that would change or remove a stored event.

    ``_update`` and ``_raw_delete`` are the private methods that ``Model.save()``
    (or ``loaddata``) and fast deletes reach through the base manager, which is
    why each audit model's ``Meta.base_manager_name`` points here.
    """

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def _update(self, values: Any) -> Any:
        raise AppendOnlyError("Audit events cannot be changed.")

    def bulk_create(
        self,
        objs: Iterable[Any],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_conflicts: bool = False,
        update_fields: Collection[str] | None = None,
        unique_fields: Collection[str] | None = None,
    ) -> list[Any]:
        if update_conflicts:
            # ON CONFLICT DO UPDATE would rewrite an existing row.
            raise AppendOnlyError("Audit events cannot be changed.")
        return super().bulk_create(objs, batch_size=batch_size, ignore_conflicts=ignore_conflicts)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def _raw_delete(self, using: Any) -> int:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def for_org(self, organization: Organization) -> Self:
        return self.filter(organization_id=organization.pk)


class AuditRecord(models.Model):
    """What every audit event holds: an append-only link in a keyed hash chain.

    Write one only through ``circles.accounts.actions.audit``. Each event holds
    the hash of the one before it in its chain, so ``verify_audit_chain`` notices
    an edited or removed row; the hash is an HMAC with a key from the environment
    (``CIRCLES_AUDIT_KEYS``), so an edit cannot be hidden by recomputing hashes
    without that key. References are plain ids, not foreign keys, so that nothing
    elsewhere (a deleted person, say) can ever rewrite a row.
    """

    chain = models.CharField(max_length=40)
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["id"]
        # Model.save() writes through the base manager; make that the refusing one.
        base_manager_name = "objects"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def payload(self) -> dict[str, Any]:
        return {
            "chain": self.chain,
            "prev": self.prev_hash,
            "organization": self.organization_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "detail": self.detail,
        }

    def compute_hash(self) -> str:
        """The hash this event gets when it is written (with the newest key)."""
        if not settings.AUDIT_KEYS:
            # The system checks refuse to serve without a key; a shell or script must not
            # write an event that could never be verified.
            raise ImproperlyConfigured("Circles needs CIRCLES_AUDIT_KEYS to write audit events.")
        return keyed_hash(self.payload(), settings.AUDIT_KEYS[0])

    def hash_is_valid(self) -> bool:
        return matches_any_key(self.payload(), self.hash, settings.AUDIT_KEYS)


class AuditEvent(AuditRecord):
    """An event with a time and, where known, a person and a request."""

    created = models.DateTimeField(default=dj_timezone.now)
    actor_id = models.BigIntegerField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True, default="")

    class Meta(AuditRecord.Meta):
        indexes = [models.Index(fields=["chain", "id"], name="auditevent_chain_id")]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action}"

    def payload(self) -> dict[str, Any]:
        fields = {
            **super().payload(),
            "created": self.created.astimezone(UTC).isoformat(),
            "actor": self.actor_id,
            "request_id": self.request_id,
        }
        if self.chain == LEGACY_CHAIN:
            # The first format: no chain name, hashed without a key.
            del fields["chain"]
        return fields

    def compute_hash(self) -> str:
        if self.chain == LEGACY_CHAIN:
            return plain_hash(self.payload())
        return super().compute_hash()

    def hash_is_valid(self) -> bool:
        if self.chain == LEGACY_CHAIN:
            return hmac.compare_digest(plain_hash(self.payload()), self.hash)
        return super().hash_is_valid()


class AnonymousAuditEvent(AuditRecord):
    """Something done by a person who must stay unknown (a complainant following up).

    It has a date and no time, no person and no request id, and lives in its own
    table with its own ids and chains: an id or a chain position shared with
    timed events would tell to the minute when it happened.
    """

    day = models.DateField()

    class Meta(AuditRecord.Meta):
        indexes = [models.Index(fields=["chain", "id"], name="anonauditevent_chain_id")]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.action}"

    def payload(self) -> dict[str, Any]:
        return {**super().payload(), "day": self.day.isoformat()}


class AuditChainHead(models.Model):
    """One row per chain, locked while an event is appended to that chain.

    Appends to one chain wait for each other (so two events never claim the same
    predecessor) but never for another organisation's chain. The row carries the
    organisation id so it can live beside that organisation's data when the
    database is split by organisation.
    """

    chain = models.CharField(max_length=40, unique=True)
    organization_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.chain


class AuditTally(models.Model):
    """How often one audited thing happened to one subject on one day.

    Refused pages and failed sign-ins can come by the thousand. The audit trail
    keeps an event for the first of each day and for every power of ten (10th,
    100th, ...); this row keeps the exact count without filling the trail.
    """

    day = models.DateField()
    action = models.CharField(max_length=80)
    key = models.CharField(max_length=64)
    organization_id = models.BigIntegerField(null=True, blank=True)
    subject = models.CharField(max_length=80, blank=True, default="")
    target = models.CharField(max_length=200, blank=True, default="")
    occurrences = models.PositiveBigIntegerField(default=0)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "action", "key"], name="audittally_unique")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.action} {self.subject} {self.target}: {self.occurrences}"
