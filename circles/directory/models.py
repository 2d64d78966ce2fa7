"""Community resources in the shape of Open Referral HSDS 3.0.

Seed 002, sixth competency cluster: a peer specialist "develops and maintains
up-to-date information about community resources". The tables follow the Human
Services Data Specification 3.0 (vendored in ``hsds/``, see docs/directory.md)
field for field, so importing and exporting is a mapping and not a
translation.

Two organisations live here and must not be confused:

- ``owner`` is always the Circles organisation (the tenant) whose directory
  holds the record. Every query goes through ``for_owner`` or ``published``.
- ``DirectoryOrganization`` is the HSDS "organization": the provider that runs a
  service (a food bank, a legal aid clinic), which has no account here.

Each record keeps its own HSDS id (a UUID) in ``hsds_id``, unique within one
owner's directory: two Circles organisations may import the same public data
set side by side. References between records are real foreign keys; the HSDS
``*_id`` values are the ``hsds_id`` of the record they point to.
"""

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HSDS_VERSION = "3.0"

DEFAULT_CHECK_EVERY_MONTHS = 6


class DirectorySettings(models.Model):
    """A Circles organisation's directory settings. Missing row = the defaults."""

    owner = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="directory_settings"
    )
    publish_to_everyone = models.BooleanField(
        _("publish my directory to everyone on this server"),
        default=False,
        help_text=_(
            "Anyone, with or without an account, can search your resources, and other "
            "directories can read them through the open data API."
        ),
    )
    check_every_months = models.PositiveSmallIntegerField(
        _("check each resource at least every this many months"),
        default=DEFAULT_CHECK_EVERY_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )

    class Meta:
        verbose_name_plural = "directory settings"

    def __str__(self) -> str:
        return f"Directory settings of {self.owner}"

    @classmethod
    def of(cls, owner: Organization) -> "DirectorySettings":
        """The organisation's settings, or unsaved defaults (no write on a read)."""
        found = cls.objects.filter(owner=owner).first()
        return found or cls(owner=owner)


class DirectoryQuerySet(models.QuerySet):
    """Every directory table: the only ways in are ``for_owner`` and ``published``."""

    def for_owner(self, owner: Organization) -> Self:
        return self.filter(owner=owner)

    def published(self) -> Self:
        """Records of every directory whose owner publishes it to everyone."""
        return self.filter(owner__directory_settings__publish_to_everyone=True)


class HsdsRecord(models.Model):
    """What every HSDS table shares: the tenant and the record's own id."""

    owner = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Circles organisation whose directory holds this"),
    )
    hsds_id = models.UUIDField(_("HSDS id"))

    objects = DirectoryQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "hsds_id"], name="%(app_label)s_%(class)s_unique_hsds_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.hsds_id}"


def _text(label: "StrOrPromise") -> models.TextField:
    return models.TextField(label, blank=True, default="")


def _line(label: "StrOrPromise", max_length: int = 255) -> models.CharField:
    return models.CharField(label, max_length=max_length, blank=True, default="")


def _link(model: str, related_name: str) -> models.ForeignKey:
    """An optional reference to another record of the same directory."""
    return models.ForeignKey(
        model, on_delete=models.CASCADE, null=True, blank=True, related_name=related_name
    )


class Taxonomy(HsdsRecord):
    name = models.CharField(_("name"), max_length=255)
    description = _text(_("description"))
    uri = models.URLField(_("web address"), max_length=2000, blank=True, default="")
    version = _line(_("version"), 60)

    class Meta(HsdsRecord.Meta):
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HsdsRecord):
    code = _line(_("code"))
    name = models.CharField(_("name"), max_length=255)
    description = _text(_("description"))
    parent = _link("self", "children")
    # HSDS keeps both a free-text taxonomy name and an optional link to a taxonomy.
    taxonomy = _line(_("taxonomy"))
    taxonomy_detail = _link("Taxonomy", "terms")
    language = _line(_("language"), 20)
    term_uri = models.URLField(_("term web address"), max_length=2000, blank=True, default="")

    def __str__(self) -> str:
        return self.name


class DirectoryOrganization(HsdsRecord):
    """An HSDS organization: whoever provides the services (not a Circles tenant)."""

    name = models.CharField(_("name"), max_length=500)
    alternate_name = _line(_("other name"), 500)
    description = _text(_("description"))
    email = models.EmailField(_("email"), max_length=320, blank=True, default="")
    website = models.URLField(_("website"), max_length=2000, blank=True, default="")
    tax_status = _line(_("tax status"))
    tax_id = _line(_("tax id"))
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True
    )
    legal_status = _line(_("legal status"))
    logo = models.URLField(_("logo"), max_length=2000, blank=True, default="")
    uri = models.URLField(_("identifier web address"), max_length=2000, blank=True, default="")
    parent_organization = _link("self", "child_organizations")

    def __str__(self) -> str:
        return self.name


class OrganizationIdentifier(HsdsRecord):
    organization = models.ForeignKey(
        DirectoryOrganization, on_delete=models.CASCADE, related_name="organization_identifiers"
    )
    identifier_scheme = _line(_("identifier scheme"))
    identifier_type = models.CharField(_("identifier type"), max_length=255)
    identifier = models.CharField(_("identifier"), max_length=255)


class Program(HsdsRecord):
    organization = models.ForeignKey(
        DirectoryOrganization, on_delete=models.CASCADE, related_name="programs"
    )
    name = models.CharField(_("name"), max_length=500)
    alternate_name = _line(_("other name"), 500)
    description = _text(_("description"))

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("Open")
    INACTIVE = "inactive", _("Not running at the moment")
    DEFUNCT = "defunct", _("Closed for good")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class Service(HsdsRecord):
    organization = models.ForeignKey(
        DirectoryOrganization, on_delete=models.CASCADE, related_name="services"
    )
    program = _link("Program", "services")
    name = models.CharField(_("name"), max_length=500)
    alternate_name = _line(_("other name"), 500)
    description = _text(_("description"))
    url = models.URLField(_("website"), max_length=2000, blank=True, default="")
    email = models.EmailField(_("email"), max_length=320, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = _text(_("interpreting"))
    application_process = _text(_("how to get it"))
    fees_description = _text(_("what it costs"))
    wait_time = _line(_("wait time"))
    fees = _text(_("fees (older field)"))
    accreditations = _text(_("accreditations"))
    eligibility_description = _text(_("who it is for"))
    minimum_age = models.FloatField(_("youngest age"), null=True, blank=True)
    maximum_age = models.FloatField(_("oldest age"), null=True, blank=True)
    assured_date = models.DateField(_("date the information was assured"), null=True, blank=True)
    assurer_email = models.EmailField(_("assured by"), max_length=320, blank=True, default="")
    licenses = _text(_("licences"))
    alert = _text(_("alert"))
    last_modified = models.DateTimeField(_("last changed"), null=True, blank=True)
    # Circles' own freshness record, beside HSDS's assured_date.
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last checked by"),
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta(HsdsRecord.Meta):
        indexes = [models.Index(fields=["owner", "last_checked_at"])]
        constraints = [
            *HsdsRecord.Meta.constraints,
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="directory_service_age_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("A place you can visit")
    POSTAL = "postal", _("A postal address")
    VIRTUAL = "virtual", _("Online")


class Location(HsdsRecord):
    location_type = models.CharField(
        _("kind of place"),
        max_length=10,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    url = models.URLField(_("web address"), max_length=2000, blank=True, default="")
    organization = _link("DirectoryOrganization", "locations")
    name = _line(_("name"), 500)
    alternate_name = _line(_("other name"), 500)
    description = _text(_("description"))
    transportation = _text(_("getting there"))
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    external_identifier = _line(_("external identifier"))
    external_identifier_type = _line(_("external identifier type"))

    def __str__(self) -> str:
        return self.name or str(self.hsds_id)


class ServiceAtLocation(HsdsRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = _text(_("description"))


class Address(HsdsRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = _line(_("attention"))
    address_1 = models.CharField(_("address"), max_length=500)
    address_2 = _line(_("address line 2"), 500)
    city = models.CharField(_("city"), max_length=255)
    region = _line(_("region"))
    state_province = models.CharField(_("state"), max_length=100)
    postal_code = models.CharField(_("ZIP or postal code"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="US")
    address_type = models.CharField(
        _("kind of address"),
        max_length=10,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )

    class Meta(HsdsRecord.Meta):
        indexes = [models.Index(fields=["owner", "postal_code"])]


class Contact(HsdsRecord):
    organization = _link("DirectoryOrganization", "contacts")
    service = _link("Service", "contacts")
    service_at_location = _link("ServiceAtLocation", "contacts")
    location = _link("Location", "contacts")
    name = _line(_("name"))
    title = _line(_("title"))
    department = _line(_("department"))
    email = models.EmailField(_("email"), max_length=320, blank=True, default="")


class Phone(HsdsRecord):
    location = _link("Location", "phones")
    service = _link("Service", "phones")
    organization = _link("DirectoryOrganization", "phones")
    contact = _link("Contact", "phones")
    service_at_location = _link("ServiceAtLocation", "phones")
    number = models.CharField(_("number"), max_length=60)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = _line(_("kind of phone"), 20)
    description = _text(_("description"))


class Weekday(models.TextChoices):
    MO = "MO", _("Monday")
    TU = "TU", _("Tuesday")
    WE = "WE", _("Wednesday")
    TH = "TH", _("Thursday")
    FR = "FR", _("Friday")
    SA = "SA", _("Saturday")
    SU = "SU", _("Sunday")


class Frequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class Schedule(HsdsRecord):
    """When a service runs: RFC 5545 rule parts plus opening and closing times.

    ``opens_at``/``closes_at`` are wall-clock times at the service's place;
    ``timezone`` is HSDS's UTC offset in hours, when the source gave one.
    """

    service = _link("Service", "schedules")
    location = _link("Location", "schedules")
    service_at_location = _link("ServiceAtLocation", "schedules")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = _line(_("first day"), 40)
    timezone = models.FloatField(
        _("UTC offset in hours"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-14), MaxValueValidator(14)],
    )
    until = _line(_("last day"), 40)
    count = models.PositiveIntegerField(_("number of times"), null=True, blank=True)
    wkst = models.CharField(
        _("week starts on"), max_length=2, choices=Weekday.choices, blank=True, default=""
    )
    freq = models.CharField(
        _("how often"), max_length=10, choices=Frequency.choices, blank=True, default=""
    )
    interval = models.PositiveIntegerField(_("every"), null=True, blank=True)
    byday = _line(_("days"), 100)
    byweekno = _line(_("weeks of the year"), 100)
    bymonthday = _line(_("days of the month"), 100)
    byyearday = _line(_("days of the year"), 100)
    description = _text(_("description"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    schedule_link = models.URLField(_("schedule link"), max_length=2000, blank=True, default="")
    attending_type = _line(_("how to attend"))
    notes = _text(_("notes"))


class Language(HsdsRecord):
    service = _link("Service", "languages")
    location = _link("Location", "languages")
    phone = _link("Phone", "languages")
    name = _line(_("language"), 100)
    code = _line(_("language code"), 20)
    note = _text(_("note"))


class Accessibility(HsdsRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = _text(_("description"))
    details = _text(_("details"))
    url = models.URLField(_("web address"), max_length=2000, blank=True, default="")

    class Meta(HsdsRecord.Meta):
        verbose_name_plural = "accessibility"


class ServiceArea(HsdsRecord):
    service = _link("Service", "service_areas")
    name = _line(_("name"))
    description = _text(_("description"))
    extent = _text(_("extent"))
    extent_type = _line(_("kind of extent"), 40)
    uri = _line(_("web address"), 2000)


class CostOption(HsdsRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    option = _line(_("option"))
    currency = _line(_("currency"), 3)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_description = _text(_("about the amount"))


class RequiredDocument(HsdsRecord):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="required_documents"
    )
    document = _text(_("document"))
    uri = models.URLField(_("web address"), max_length=2000, blank=True, default="")


class Funding(HsdsRecord):
    organization = _link("DirectoryOrganization", "funding")
    service = _link("Service", "funding")
    source = _text(_("source"))


class Attribute(HsdsRecord):
    """A taxonomy term attached to any record (categories, eligibility, ...).

    ``link_entity`` names the HSDS table ("service", "location", ...) and
    ``link_id`` the ``hsds_id`` of the record there, as HSDS 3.0 does it.
    """

    link_id = models.UUIDField(_("linked record"))
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    link_type = _line(_("kind of link"), 100)
    link_entity = models.CharField(_("linked table"), max_length=40)
    value = _text(_("value"))

    class Meta(HsdsRecord.Meta):
        indexes = [models.Index(fields=["owner", "link_entity", "link_id"])]
