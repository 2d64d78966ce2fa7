"""The code of ethics in daily work: signing it, boundaries, gifts, and stepping back.

Seed 000's code of ethics is the specification. Points 8 and 11 (no dual
relationships, no money or valuable gifts) become declared relationships and a
gift log; point 14 (self-care) becomes stepping back with a colleague covering.
"""

import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet
from circles.groups.models import SupportGroup
from circles.lib.crypto import EncryptedTextField
from circles.safety.ethics.code import SHIPPED, SHIPPED_TITLE


class EthicsCodeQuerySet(models.QuerySet["EthicsCode"]):
    def for_org(self, organization: Organization) -> Self:
        """The codes an organisation may use: Circles' shipped ones and its own."""
        return self.filter(Q(organization=organization) | Q(organization__isnull=True))

    def current_for(self, organization: Organization) -> "EthicsCode":
        """The organisation's newest own text, or else the newest code Circles ships.

        The shipped code is loaded by a data migration; where that row is missing (a
        database emptied by hand or by a test), the shipped text is still offered,
        unsaved, and saved when someone first signs it.
        """
        found = (
            self.for_org(organization)
            .order_by(models.F("organization_id").desc(nulls_last=True), "-version", "-pk")
            .first()
        )
        if found is not None:
            return found
        version = max(SHIPPED)
        return EthicsCode(
            organization=None, version=version, title=SHIPPED_TITLE, points=SHIPPED[version]
        )


class EthicsCode(models.Model):
    """One version of a code of ethics; Circles' own have no organisation."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    # The promises, in order, as a list of strings.
    points = models.JSONField(default=list)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = EthicsCodeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="one_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def saved(self) -> "EthicsCode":
        """This code as a saved row (see ``current_for``)."""
        if self.pk is not None:
            return self
        code, _created = EthicsCode.objects.get_or_create(
            organization=None,
            version=self.version,
            defaults={"title": self.title, "points": self.points},
        )
        return code

    @property
    def is_shipped(self) -> bool:
        return self.organization_id is None

    def shown_title(self) -> str:
        return gettext(self.title) if self.is_shipped else self.title

    def shown_points(self) -> list[str]:
        """Circles' own points in the reader's language; an organisation's as written."""
        if self.is_shipped:
            return [gettext(point) for point in self.points]
        return list(self.points)


class EthicsSignature(models.Model):
    """A staff member signed one version of the code on a day."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ethics_signatures"
    )
    code = models.ForeignKey(EthicsCode, on_delete=models.PROTECT, related_name="signatures")
    signed_at = models.DateTimeField(default=timezone.now)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "code", "user", "signed_at"])]

    def __str__(self) -> str:
        return f"{self.user} signed {self.code} on {self.signed_at:%Y-%m-%d}"


class DualRelationshipQuerySet(OrganizationQuerySet):
    def current(self) -> Self:
        return self.filter(ended_at__isnull=True)


class DualRelationship(models.Model):
    """A worker knows a person in another way too (family, neighbour, landlord...).

    While it lasts, the person is not on the worker's caseload and the two are kept
    apart in breakouts and observer assignments.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = EncryptedTextField(_("How you know them (optional)"), blank=True, default="")
    declared_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = DualRelationshipQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.worker_id} and {self.person_id} in {self.organization_id}"


class GiftQuerySet(OrganizationQuerySet):
    def with_people(self) -> Self:
        return self.select_related("worker").order_by("-offered_on", "-pk")


class Gift(models.Model):
    """Something offered to a worker by someone they support, and what the worker did."""

    class Value(models.TextChoices):
        TOKEN = "token", _("A token: a card, a drawing, a coffee")
        SMALL = "small", _("Small: about the price of a meal or less")
        SIGNIFICANT = "significant", _("Worth more than that")
        MONEY = "money", _("Money, a gift card or a loan")

    class Decision(models.TextChoices):
        DECLINED = "declined", _("I said no, thank you")
        ACCEPTED = "accepted", _("I accepted it")

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offered_on = models.DateField(_("When was it offered?"))
    what = EncryptedTextField(_("What was offered?"))
    value = models.CharField(
        _("About how much was it worth?"), max_length=20, choices=Value.choices
    )
    decision = models.CharField(_("What did you do?"), max_length=20, choices=Decision.choices)
    why = EncryptedTextField(_("Why?"))
    logged_at = models.DateTimeField(default=timezone.now)

    objects = GiftQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Gift logged by {self.worker_id} on {self.offered_on}"


class StepBackQuerySet(OrganizationQuerySet):
    def covering_on(self, day: datetime.date) -> Self:
        """Step-backs under way on ``day``: handed over, not yet handed back."""
        return self.filter(
            starts_on__lte=day,
            ends_on__gte=day,
            handed_back_at__isnull=True,
        )

    def with_people(self) -> Self:
        return self.select_related("worker", "cover").order_by("-starts_on", "-pk")


class StepBack(models.Model):
    """A worker is away for a while, for their own reasons, and a colleague covers.

    There is no field for why, on purpose: nobody is asked.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cover = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField(_("From"))
    ends_on = models.DateField(_("Until (the last day away)"))
    created = models.DateTimeField(default=timezone.now)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_back_at = models.DateTimeField(null=True, blank=True)

    objects = StepBackQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["organization", "handed_back_at", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.worker_id} away {self.starts_on}..{self.ends_on}"

    @property
    def is_over(self) -> bool:
        return self.handed_back_at is not None

    def state(self, today: datetime.date) -> str:
        if self.handed_back_at is not None:
            return "over"
        if self.handed_over_at is not None or self.starts_on <= today:
            return "away"
        return "planned"

    def describe(self) -> dict[str, Any]:
        return {"starts_on": self.starts_on.isoformat(), "ends_on": self.ends_on.isoformat()}


class StepBackGroup(models.Model):
    """A group handed to the cover; ``added`` says the cover was not a facilitator before."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    step_back = models.ForeignKey(StepBack, on_delete=models.CASCADE, related_name="groups")
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="+")
    added = models.BooleanField(default=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["step_back", "group"], name="one_handover_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group_id} covered during {self.step_back_id}"
