"""Demo one-to-one support for Riverside.

- Jordan (specialist@example.org) supports four people: Casey (a member, with a
  note co-signed by Sam and a phone check-in due today), Taylor and Avery
  (members) and Dee, who chose to be supported without an account.
- Two people wait: Morgan, who asked from their home, and Mai, who asked on the
  public page. Both have proposals with reasons.
- Two more specialists, Pa Houa (speaks Hmong) and Rae, give the proposals
  something to choose between.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from circles.accounts.models import Membership, Organization, Role, User
from circles.peerwork.actions import (
    add_addendum,
    add_checkin_plan,
    ask_cosign,
    choose_specialist,
    cosign,
    record_told,
    save_profile,
    submit_request,
    write_note,
)
from circles.peerwork.models import ContactNote, PeerworkSettings, Person, today_for
from circles.safety.actions import publish_statement
from circles.safety.confidentiality import current_statement, default_statement_text

# Everyone this demo adds to Riverside beyond the contract's accounts (same password).
DEMO_PEOPLE = [
    ("pahoua@example.org", "Riverside Peer Center", Role.SPECIALIST),
    ("rae@example.org", "Riverside Peer Center", Role.SPECIALIST),
    ("taylor@example.org", "Riverside Peer Center", Role.PARTICIPANT),
    ("avery@example.org", "Riverside Peer Center", Role.PARTICIPANT),
]

SPECIALISTS = [
    # email, name, facts
    (
        "specialist@example.org",
        "Jordan",
        {
            "capacity": 6,
            "areas": ["Mental health", "Substance use"],
            "languages": ["en", "es"],
            "identities": ["veteran"],
            "gender": "man",
            "age_range": "30-49",
            "days": ["tue", "thu"],
            "parts": ["afternoon", "evening"],
            "ways": ["in_person", "phone"],
        },
    ),
    (
        "pahoua@example.org",
        "Pa Houa",
        {
            "capacity": 5,
            "areas": ["Parenting", "Mental health"],
            "languages": ["hmn", "en"],
            "identities": ["parent", "immigrant"],
            "gender": "woman",
            "age_range": "30-49",
            "days": ["tue", "wed", "sat"],
            "parts": ["evening"],
            "ways": ["in_person", "phone", "online"],
        },
    ),
    (
        "rae@example.org",
        "Rae",
        {
            "capacity": 4,
            "areas": ["Grief and loss", "Mental health"],
            "languages": ["en"],
            "identities": ["lgbtq", "young"],
            "gender": "nonbinary",
            "age_range": "18-29",
            "days": ["mon", "wed", "fri"],
            "parts": ["morning", "afternoon"],
            "ways": ["online", "phone"],
        },
    ),
]


def _user(organization: Organization, email: str, name: str, role: str, password: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password, preferred_name=name)
    Membership.objects.get_or_create(user=user, organization=organization, defaults={"role": role})
    return user


def _note(person: Person, by: User, days_ago: int, **values: Any) -> ContactNote:
    today = today_for(person.organization)
    return write_note(
        person,
        by,
        {"on": today - timedelta(days=days_ago), **values},
        visible=True,
    )


def load_demo_peerwork(riverside: Organization, password: str) -> None:
    PeerworkSettings.objects.create(
        organization=riverside, areas=PeerworkSettings.of(riverside).area_list
    )
    staff = {}
    for email, name, facts in SPECIALISTS:
        user = _user(riverside, email, name, Role.SPECIALIST, password)
        values = {
            key: facts.get(key, "" if key in ("gender", "age_range") else [])
            for key in (
                "areas",
                "languages",
                "identities",
                "gender",
                "age_range",
                "days",
                "parts",
                "ways",
            )
        }
        save_profile(
            riverside,
            user,
            {**values, "capacity": facts["capacity"], "is_taking_people": True},
        )
        staff[email] = user
    jordan = staff["specialist@example.org"]
    sam = User.objects.get(email="supervisor@example.org")
    casey = User.objects.get(email="participant@example.org")
    morgan = User.objects.get(email="participant2@example.org")
    taylor = _user(riverside, "taylor@example.org", "Taylor", Role.PARTICIPANT, password)
    avery = _user(riverside, "avery@example.org", "Avery", Role.PARTICIPANT, password)
    today = today_for(riverside)

    def supported(user: User | None, wants: str, **contact: Any) -> Person:
        person = submit_request(
            riverside,
            source=Person.Source.MEMBER if user else Person.Source.PUBLIC,
            user=user,
            wants=wants,
            **contact,
        )
        choose_specialist(person, jordan, by=sam, invite=False)
        return person

    casey_p = supported(casey, "Getting back to work without losing what helps me stay well.")
    taylor_p = supported(taylor, "Staying off alcohol through the holidays.")
    avery_p = supported(avery, "Someone who understands the first year after rehab.")
    dee = supported(
        None,
        "Talking things through on the phone. I do not want an account.",
        name="Dee",
        phone="(555) 010-7788",
        text_ok=True,
        when_good="Weekday afternoons",
    )
    Person.objects.filter(pk=casey_p.pk).update(
        since=today - timedelta(days=60), next_contact=today + timedelta(days=3)
    )
    Person.objects.filter(pk=taylor_p.pk).update(
        since=today - timedelta(days=30), next_contact=today - timedelta(days=2)
    )
    Person.objects.filter(pk=avery_p.pk).update(
        since=today - timedelta(days=14), next_contact=today + timedelta(days=7)
    )
    Person.objects.filter(pk=dee.pk).update(
        since=today - timedelta(days=21), next_contact=today + timedelta(days=1)
    )

    first = _note(
        casey_p,
        jordan,
        28,
        minutes=45,
        mode=ContactNote.Mode.IN_PERSON,
        support_types=["emotional", "informational"],
        what_we_did=(
            "Met at the centre. Casey talked about what a good week looks like and what "
            "she wants to keep when she goes back to work. I shared how I planned my own "
            "first weeks back."
        ),
        next_steps="Casey will write down three things that help on a hard day.",
    )
    ask_cosign(first, jordan)
    cosign(first, sam, "Thank you: clear, and written in Casey's words.")
    add_addendum(first, jordan, "We met for 50 minutes, not 45 as I first wrote.")
    _note(
        casey_p,
        jordan,
        7,
        minutes=30,
        mode=ContactNote.Mode.PHONE,
        support_types=["emotional", "instrumental"],
        what_we_did="Phone call. We went through the letter from her employer together.",
        next_steps="Casey will call HR on Monday; I will check in on Thursday.",
    )
    _note(
        taylor_p,
        jordan,
        10,
        minutes=40,
        mode=ContactNote.Mode.VIDEO,
        support_types=["emotional", "affiliational"],
        what_we_did="Talked about the office party and an exit plan. Looked at the Tuesday circle.",
    )
    _note(
        avery_p,
        jordan,
        5,
        minutes=25,
        mode=ContactNote.Mode.TEXT,
        support_types=["informational"],
        what_we_did="Shared the list of Saturday meetings near the bus line.",
    )
    _note(
        dee,
        jordan,
        3,
        minutes=20,
        mode=ContactNote.Mode.PHONE,
        support_types=["emotional"],
        what_we_did="Dee wanted someone to listen. We agreed on a weekly call.",
    )
    # Casey and Dee have been told about confidentiality; Taylor and Avery not yet.
    statement = current_statement(riverside) or publish_statement(
        riverside, default_statement_text(riverside.name), sam
    )
    record_told(casey_p, statement, jordan, "in_person")
    dee.refresh_from_db()
    record_told(dee, statement, jordan, "in_person")
    add_checkin_plan(casey_p, jordan, today.weekday(), "phone")
    add_checkin_plan(dee, jordan, (today.weekday() + 2) % 7, "phone")

    submit_request(
        riverside,
        source=Person.Source.MEMBER,
        user=morgan,
        wants="Since my mum died I cannot get going in the mornings.",
        when_good="After 11 in the morning",
        preferences={
            "areas": ["Grief and loss"],
            "languages": ["en"],
            "days": ["mon", "wed"],
            "parts": ["afternoon"],
            "ways": ["online", "phone"],
        },
    )
    mai = submit_request(
        riverside,
        source=Person.Source.PUBLIC,
        name="Mai",
        phone="(555) 010-3344",
        text_ok=True,
        when_good="Evenings after the children are in bed",
        wants="I am a new mum and I feel alone. I would like to talk in Hmong.",
        preferences={
            "areas": ["Parenting"],
            "languages": ["hmn"],
            "identities": ["parent"],
            "gender": "woman",
            "days": ["tue", "wed"],
            "parts": ["evening"],
            "ways": ["phone"],
        },
    )
    # Mai asked four days ago, so her request shows as past the promise.
    asked = timezone.now() - timedelta(days=4)
    Person.objects.filter(pk=mai.pk).update(requested_at=asked, answer_by=today - timedelta(days=1))
