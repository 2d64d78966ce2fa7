"""The demo organisations and people (see DESIGN.md, "Contracts")."""

from django.db import transaction

from circles.accounts.models import CrisisLine, Membership, Organization, Role, User
from circles.directory.demo import load_demo_directory
from circles.directory.linking.demo import load_demo_linking
from circles.feedback.demo import load_demo_feedback
from circles.groups.demo import load_demo_groups
from circles.meetings.demo import load_demo_meetings
from circles.peerwork.demo import DEMO_PEOPLE as PEERWORK_PEOPLE
from circles.peerwork.demo import load_demo_peerwork
from circles.plans.demo import load_demo_plans
from circles.safety.demo import load_demo_safety
from circles.safety.ethics.demo import load_demo_ethics
from circles.workforce.demo import load_demo_workforce

DEMO_PASSWORD = "circles-demo"

RIVERSIDE_PEOPLE = [
    ("admin@example.org", "Alex", "they/them", Role.ADMIN),
    ("supervisor@example.org", "Sam", "she/her", Role.SUPERVISOR),
    ("specialist@example.org", "Jordan", "he/him", Role.SPECIALIST),
    ("observer@example.org", "Robin", "", Role.OBSERVER),
    ("participant@example.org", "Casey", "she/her", Role.PARTICIPANT),
    ("participant2@example.org", "Morgan", "", Role.PARTICIPANT),
]

DEMO_ACCOUNTS = [
    *[(email, "Riverside Peer Center", role) for email, _n, _p, role in RIVERSIDE_PEOPLE],
    ("outsider@example.net", "Lakeshore Recovery Network", Role.ADMIN),
]
# More people the areas' demos add, so their pages have something to show.
MORE_DEMO_PEOPLE = [*PEERWORK_PEOPLE]


def _person(email: str, name: str, pronouns: str = "") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, preferred_name=name, pronouns=pronouns
        )
    return user


@transaction.atomic
def load_demo_data() -> bool:
    """Create the demo data once. Returns False if it was already there."""
    if Organization.objects.filter(slug="riverside").exists():
        return False
    riverside = Organization.objects.create(
        name="Riverside Peer Center",
        slug="riverside",
        timezone="America/Chicago",
        require_staff_mfa=False,
        about=(
            "A peer-run recovery centre. Drop in, join a group, or talk one to one with "
            "someone who has been there."
        ),
        contact_phone="(555) 010-2030",
        contact_email="hello@riverside.example.org",
    )
    lakeshore = Organization.objects.create(
        name="Lakeshore Recovery Network",
        slug="lakeshore",
        timezone="America/Chicago",
        require_staff_mfa=False,
        about="Peer support groups for adults and families around the lake.",
        contact_email="groups@lakeshore.example.net",
    )
    for email, name, pronouns, role in RIVERSIDE_PEOPLE:
        Membership.objects.create(
            user=_person(email, name, pronouns), organization=riverside, role=role
        )
    Membership.objects.create(
        user=_person("outsider@example.net", "Lee"), organization=lakeshore, role=Role.ADMIN
    )
    CrisisLine.objects.create(
        organization=riverside,
        name="Teen text line",
        way=CrisisLine.Way.TEXT,
        contact="HOPELINE to 741741",
        hours="Any time",
        description="For young people who want to talk to someone.",
        position=1,
    )
    CrisisLine.objects.create(
        organization=riverside,
        name="Riverside warmline",
        way=CrisisLine.Way.CALL,
        contact="(555) 010-4040",
        hours="Every day, 4 pm to 10 pm",
        description="A peer to talk to when things are hard but not an emergency.",
        position=2,
    )
    load_demo_groups(riverside, lakeshore)
    load_demo_meetings(riverside)
    load_demo_feedback(riverside)
    load_demo_plans(riverside)
    load_demo_safety(riverside)
    load_demo_peerwork(riverside, DEMO_PASSWORD)
    # After one-to-one work, which adds two more peer specialists who have signed too.
    load_demo_ethics(riverside)
    load_demo_directory(riverside, lakeshore)
    load_demo_linking(riverside)
    load_demo_workforce(riverside)
    return True
