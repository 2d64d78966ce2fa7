"""Demo for the code of ethics: most of Riverside's staff have signed, the specialist's
yearly signature is overdue, and the specialist declined a gift of money."""

import datetime

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.safety.ethics.models import EthicsCode, EthicsSignature, Gift

DAY = datetime.timedelta(days=1)


@transaction.atomic
def load_demo_ethics(riverside: Organization, now: datetime.datetime | None = None) -> bool:
    """Create the demo signatures and gift once. Returns False if they were already there."""
    now = now or timezone.now()
    if EthicsSignature.objects.for_org(riverside).exists():
        return False
    code = EthicsCode.objects.current_for(riverside).saved()
    signed = {
        "admin@example.org": now - 40 * DAY,
        "supervisor@example.org": now - 120 * DAY,
        # A year and a month ago: their yearly signature is overdue.
        "specialist@example.org": now - 395 * DAY,
        # The one-to-one demo's other peer specialists, when it has made them.
        "pahoua@example.org": now - 200 * DAY,
        "rae@example.org": now - 15 * DAY,
    }
    people = {u.email: u for u in User.objects.filter(email__in=signed)}
    EthicsSignature.objects.bulk_create(
        EthicsSignature(organization=riverside, user=people[email], code=code, signed_at=when)
        for email, when in signed.items()
        if email in people
    )
    gift = Gift(
        organization=riverside,
        worker=people["specialist@example.org"],
        offered_on=(now - 9 * DAY).date(),
        value=Gift.Value.MONEY,
        decision=Gift.Decision.DECLINED,
        logged_at=now - 9 * DAY,
    )
    gift.what = "A twenty-dollar bill tucked into a thank-you card"
    gift.why = "We do not take money. I said how much the card meant and kept the card only."
    gift.save()
    return True
