"""Demo safety data for Riverside.

- The confidentiality statement (version 1): Casey read it on screen, Jordan
  told someone he supports without an account here (on paper), and Morgan has
  not been told yet.
- One concern Jordan raised 20 minutes ago that nobody has acknowledged: it
  went to Sam, then on to Alex, so the escalation shows. It names nobody with
  an account (the person is one Jordan supports one to one).
- One closed concern from ten days ago, acknowledged after six minutes.
- A sample policy and jurisdiction note, for the admin to replace.
"""

import datetime

from django.utils import timezone

from circles.accounts.models import Membership, Organization, User
from circles.safety.actions import (
    acknowledge_concern,
    acknowledge_confidentiality,
    add_follow_up,
    close_concern,
    publish_statement,
    raise_concern,
)
from circles.safety.confidentiality import default_statement_text
from circles.safety.models import ConcernStep, SafetyConcern, SafetySettings
from circles.safety.tasks import queue_passed
from circles.safety.workflow import escalate_if_due

POLICY = (
    "When someone tells you they intend to seriously harm themselves or someone else, or "
    "that someone caring for them is abusing them, stay with them if you can, tell them "
    "you need to involve the person on duty, and raise a safety concern here straight "
    "away. Call 911 if someone's life is in danger right now.\n\n"
    "The person on duty calls you back, decides with you what happens next, and involves "
    "the person at every step they can be involved in."
)
JURISDICTION = (
    "Sample text: replace it with your own legal adviser's words. Our state's law on the "
    "duty to warn applies to our clinical partners; programmes under 42 CFR Part 2 have no "
    "general duty-to-warn exception."
)


def _by_email(organization: Organization, email: str) -> User:
    return (
        Membership.objects.for_org(organization).select_related("user").get(user__email=email).user
    )


def load_demo_safety(riverside: Organization) -> None:
    admin = _by_email(riverside, "admin@example.org")
    supervisor = _by_email(riverside, "supervisor@example.org")
    specialist = _by_email(riverside, "specialist@example.org")
    casey = _by_email(riverside, "participant@example.org")
    morgan = _by_email(riverside, "participant2@example.org")

    SafetySettings.objects.create(
        organization=riverside, policy_text=POLICY, jurisdiction_notes=JURISDICTION
    )
    statement = publish_statement(riverside, default_statement_text(riverside.name), admin)
    acknowledge_confidentiality(statement=statement, user=casey, recorded_by=casey, how="self")
    # Someone supported without an account: the acknowledgement stands on its own.
    acknowledge_confidentiality(
        statement=statement, user=None, recorded_by=specialist, how="on_paper"
    )

    now = timezone.now()
    # Closed, ten days ago.
    earlier = now - datetime.timedelta(days=10)
    closed = raise_concern(
        organization=riverside,
        raised_by=specialist,
        kind=SafetyConcern.Kind.SELF,
        what_happened="Morgan said they had been thinking about ending their life this week.",
        already_done="We talked it through and called 988 together.",
        person_wishes="To stay with their sister for a few days.",
        contact_yes="Their sister",
        contact_no="Their former partner",
        shared_with_person="That Sam, the supervisor on duty, was told, and why.",
        about_user=morgan,
        now=earlier,
    )
    acknowledge_concern(closed, supervisor)
    add_follow_up(closed, supervisor, "Called Jordan back; Morgan is with their sister tonight.")
    close_concern(
        closed,
        supervisor,
        "Morgan is safe, has a plan with their sister, and wants to keep meeting Jordan weekly.",
    )
    acknowledged_at = earlier + datetime.timedelta(minutes=6)
    SafetyConcern.objects.filter(pk=closed.pk).update(
        acknowledged_at=acknowledged_at, closed_at=earlier + datetime.timedelta(days=1)
    )
    for kind, at in [
        (ConcernStep.Kind.ACKNOWLEDGED, acknowledged_at),
        (ConcernStep.Kind.FOLLOW_UP, earlier + datetime.timedelta(hours=2)),
        (ConcernStep.Kind.CLOSED, earlier + datetime.timedelta(days=1)),
    ]:
        ConcernStep.objects.filter(concern=closed, kind=kind).update(at=at)

    # Open, 20 minutes ago, nobody has it yet: passed on from Sam to every admin.
    raised_at = now - datetime.timedelta(minutes=20)
    waiting = raise_concern(
        organization=riverside,
        raised_by=specialist,
        kind=SafetyConcern.Kind.CAREGIVER,
        what_happened="She said the person she lives with hits her when he is drunk.",
        already_done="Listened, and told her I need to involve the person on duty.",
        person_knows=SafetyConcern.PersonKnows.YES,
        person_wishes="Wants to talk it through before anyone is called.",
        contact_no="The person they live with",
        now=raised_at,
    )
    passed = escalate_if_due(waiting.pk, now)
    if passed is not None:
        queue_passed(passed)
