"""Linking people to resources: keeping the directory fresh, saved lists and referrals.

Seed 002, sixth competency cluster ("Links to resources, services, and
supports"): a peer specialist keeps information about community resources up
to date, helps a person investigate, select and use them, and goes with them
when asked. The records themselves (HSDS services) live in ``circles.directory``;
these tables say who checked them, what the public told us, and which person
was linked to which service.

Referrals key on the person's account within the organisation that made them.
One-to-one peer work (``circles.peerwork``) can later attach a referral to a
support relationship with one nullable key, without changing these rows.
"""

import datetime
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization, OrganizationQuerySet
from circles.lib.crypto import EncryptedTextField


def stale_before(months: int, now: datetime.datetime | None = None) -> datetime.datetime:
    """Records last checked before this moment are out of date."""
    return (now or timezone.now()) - datetime.timedelta(days=round(months * 30.44))


class OutOfDateReportQuerySet(OrganizationQuerySet):
    def open(self) -> Self:
        return self.filter(resolved_at__isnull=True)


class OutOfDateReport(models.Model):
    """A member of the public said a record is out of date.

    Anonymous by construction: no user, no address, the day only.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="out_of_date_reports"
    )
    day = models.DateField()
    what = models.CharField(_("what has changed (if you know)"), max_length=500, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = OutOfDateReportQuerySet.as_manager()

    def __str__(self) -> str:
        return f"report on {self.service_id} ({self.day})"


class SavedResourceQuerySet(OrganizationQuerySet):
    def of_person(self, user_id: int) -> Self:
        return self.filter(person_id=user_id)


class SavedResource(models.Model):
    """A service on a person's own list, saved by them or by a specialist with them."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    service = models.ForeignKey("directory.Service", on_delete=models.CASCADE, related_name="+")
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    objects = SavedResourceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "person", "service"], name="linking_saved_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} saved {self.service_id}"


class State(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    NOT_COMPLETED = "not_completed", _("Could not be completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Where a referral may go from each state. Declined, completed, could not be
# completed and withdrawn are endings: a new try is a new referral.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.SENT: frozenset(
        {State.RECEIVED, State.ACCEPTED, State.DECLINED, State.NOT_COMPLETED, State.WITHDRAWN}
    ),
    State.RECEIVED: frozenset(
        {State.ACCEPTED, State.DECLINED, State.NOT_COMPLETED, State.WITHDRAWN}
    ),
    State.ACCEPTED: frozenset(
        {State.IN_PROGRESS, State.COMPLETED, State.NOT_COMPLETED, State.WITHDRAWN}
    ),
    State.IN_PROGRESS: frozenset({State.COMPLETED, State.NOT_COMPLETED, State.WITHDRAWN}),
    State.DECLINED: frozenset(),
    State.COMPLETED: frozenset(),
    State.NOT_COMPLETED: frozenset(),
    State.WITHDRAWN: frozenset(),
}
# A reason is asked for when a referral is declined or could not be completed.
NEEDS_REASON = frozenset({State.DECLINED, State.NOT_COMPLETED})
OPEN_STATES = frozenset(s for s, nxt in TRANSITIONS.items() if nxt)


class IllegalTransition(ValueError):
    pass


class ReferralQuerySet(OrganizationQuerySet):
    def of_person(self, user_id: int) -> Self:
        return self.filter(person_id=user_id)

    def made_by(self, user_id: int) -> Self:
        return self.filter(made_by_id=user_id)

    def still_open(self) -> Self:
        return self.filter(state__in=OPEN_STATES)

    def follow_up_due(self, today: datetime.date) -> Self:
        return self.still_open().filter(follow_up_on__lte=today)

    def with_service(self) -> Self:
        return self.select_related("service", "person", "made_by")


class Referral(models.Model):
    """A person linked to a service, followed until it is done.

    ``service`` is a record in a Circles directory; a service outside Circles is
    logged by hand in ``outside_name`` and ``outside_contact``.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    service = models.ForeignKey(
        "directory.Service", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outside_name = models.CharField(_("service name"), max_length=200, blank=True)
    outside_contact = models.CharField(_("how to reach it"), max_length=200, blank=True)
    # Why the person wants it, in the words agreed with them.
    note = EncryptedTextField(_("what the person is looking for"), blank=True, default="")
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENT)
    state_reason = EncryptedTextField(blank=True, default="")
    state_changed_at = models.DateTimeField(default=timezone.now)
    follow_up_on = models.DateField(_("check in on"), null=True, blank=True)
    accompany_asked_at = models.DateTimeField(null=True, blank=True)
    how_it_went = EncryptedTextField(blank=True, default="")
    how_it_went_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organization", "person"]),
            models.Index(fields=["organization", "made_by", "state"]),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} ({self.state})"

    @property
    def name(self) -> str:
        if self.service_id and self.service is not None:
            return str(self.service.name)
        return self.outside_name

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def next_states(self) -> list[tuple[str, Any]]:
        allowed = TRANSITIONS[self.state]
        return [(value, label) for value, label in State.choices if value in allowed]

    def check_move(self, to: str) -> None:
        if to not in TRANSITIONS.get(self.state, frozenset()):
            raise IllegalTransition(f"{self.state} -> {to}")


class ReferralStep(models.Model):
    """The referral's history: each state it passed through, when and by whom."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    state = models.CharField(max_length=20, choices=State.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} -> {self.state}"
