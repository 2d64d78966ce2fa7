"""Demo links to resources: one public out-of-date report, two referrals for Casey."""

from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.directory.linking.actions import (
    ask_to_be_accompanied,
    make_referral,
    move_referral,
    report_out_of_date,
    save_for,
    tell_how_it_went,
)
from circles.directory.linking.models import State
from circles.directory.models import Service


def _service(riverside: Organization, name_starts: str) -> Service | None:
    return Service.objects.for_owner(riverside).filter(name__startswith=name_starts).first()


def load_demo_linking(riverside: Organization) -> None:
    specialist = User.objects.filter(email="specialist@example.org").first()
    casey = User.objects.filter(email="participant@example.org").first()
    if specialist is None or casey is None:
        return
    services = list(Service.objects.for_owner(riverside).order_by("name"))
    if not services:
        return
    pantry = _service(riverside, "Weekly grocery pantry") or services[0]
    legal = _service(riverside, "Rental assistance") or services[-1]
    respite = _service(riverside, "Peer-run respite") or services[len(services) // 2]

    # Someone without an account told us a record is out of date.
    report_out_of_date(
        legal, "The clinic has moved to Tuesdays, and the phone number on the door is new."
    )

    # Casey and Jordan found a pantry together; it went well.
    done = make_referral(
        riverside,
        specialist,
        casey.pk,
        service=pantry,
        note="Groceries until the first paycheck",
    )
    for state in (State.RECEIVED, State.ACCEPTED, State.COMPLETED):
        move_referral(done, specialist, state)
    tell_how_it_went(done, casey, "Friendly people, and nobody asked me lots of questions.")

    # A second one is under way, with a check-in due today and a wish to go together.
    going = make_referral(
        riverside,
        specialist,
        casey.pk,
        service=respite,
        note="A few quiet nights away from home",
        follow_up_on=timezone.localdate(),
    )
    move_referral(going, specialist, State.RECEIVED, follow_up_on=timezone.localdate())
    ask_to_be_accompanied(going, casey)
    save_for(riverside, casey.pk, legal, specialist)
