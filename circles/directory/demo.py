"""A made-up directory of community resources in Springfield, Illinois.

Every provider, service, address and phone number here is invented for the
demo: names end in "(demo)", descriptions say so, and phone numbers use the
555 range. Riverside publishes its directory; Lakeshore keeps a small one to
itself. Some services were last checked long ago, so the freshness queue has
something to show.
"""

import uuid
from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from circles.accounts.models import Organization, User
from circles.directory import models as d
from circles.directory.categories import CATEGORIES, TAXONOMY_NAME

DEMO_NAMESPACE = uuid.UUID("0b7e4d55-8f3c-5a0e-b1c6-3d2f9a6e7c10")
DEMO_NOTE = "Demo data: this service is made up for trying Circles."
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
WEEKDAYS = "MO,TU,WE,TH,FR"


def demo_id(owner: Organization, *parts: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, "/".join([owner.slug, *parts]))


@dataclass(frozen=True)
class Place:
    key: str
    name: str
    street: str
    postal_code: str
    latitude: float
    longitude: float
    access: tuple[str, ...] = ()
    transit: str = ""


PLACES = [
    Place(
        "downtown",
        "Downtown resource hub",
        "214 E Adams St",
        "62701",
        39.8003,
        -89.6480,
        (
            "Step-free entrance from Adams St",
            "Accessible restroom",
            "Hearing loop at the front desk",
        ),
        "Buses 1, 2 and 10 stop at the Transfer Center, two blocks away.",
    ),
    Place(
        "eastside",
        "Eastside community hall",
        "1180 E Cook St",
        "62703",
        39.7934,
        -89.6302,
        ("Ramp at the side door", "Accessible restroom"),
        "Bus 3 stops outside.",
    ),
    Place(
        "northend",
        "North End church basement",
        "905 N 5th St",
        "62702",
        39.8138,
        -89.6512,
        ("Lift to the basement", "Large-print handouts"),
        "Bus 5, stop at 5th and North Grand.",
    ),
    Place(
        "westside",
        "Westside family centre",
        "2450 W Monroe St",
        "62704",
        39.7985,
        -89.6853,
        ("Step-free entrance", "Quiet room", "Accessible parking"),
        "Bus 7 to Monroe and Chatham.",
    ),
    Place(
        "southtown",
        "South Town clinic",
        "1620 S 11th St",
        "62703",
        39.7846,
        -89.6389,
        ("Step-free entrance", "Sign language interpreters on request"),
        "Bus 4 to 11th and Ash.",
    ),
    Place(
        "harbor",
        "Harbor House",
        "731 S Walnut St",
        "62704",
        39.7905,
        -89.6574,
        ("Ground-floor bedroom and bathroom", "Service animals welcome"),
        "Ten minutes' walk from the Transfer Center.",
    ),
    Place(
        "pride",
        "Spectrum Pride Center",
        "118 S 6th St",
        "62701",
        39.8001,
        -89.6500,
        ("Step-free entrance", "All-gender restrooms"),
        "Two blocks from the Transfer Center.",
    ),
    Place(
        "courthouse",
        "Capitol City Legal Aid office",
        "600 S 2nd St",
        "62704",
        39.7960,
        -89.6543,
        ("Lift to the second floor", "Interpreters on request"),
        "Bus 2, stop at 2nd and Cook.",
    ),
    Place(
        "youth",
        "Youth Connection house",
        "1320 N MacArthur Blvd",
        "62702",
        39.8172,
        -89.6689,
        ("Step-free entrance", "Quiet room"),
        "Bus 9 stops at MacArthur and Pine.",
    ),
]


@dataclass(frozen=True)
class Offer:
    key: str
    name: str
    category: str
    description: str
    place: str = ""  # "" = no place to visit (phone or online)
    days: str = ""
    opens: time | None = None
    closes: time | None = None
    hours_note: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ("English",)
    cost: str = "Free"
    amount: Decimal | None = Decimal("0")
    eligibility: str = ""
    ages: tuple[int | None, int | None] = (None, None)
    checked_days_ago: int = 20
    online_url: str = ""
    how_to: str = ""


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    description: str
    website: str
    offers: list[Offer] = field(default_factory=list)


T = time


PROVIDERS = [
    Provider(
        "crisis",
        "Sangamon Crisis Services (demo)",
        "Round-the-clock help for anyone in a mental health or substance-use crisis.",
        "https://crisis.example.org",
        [
            Offer(
                "line",
                "24/7 crisis line (demo)",
                "crisis",
                "Talk or text with a trained counsellor any time, day or night. "
                "For a real emergency call or text 988.",
                days=EVERY_DAY,
                opens=T(0, 0),
                closes=T(23, 59),
                hours_note="Any time, day or night",
                phone="(555) 010-0988",
                languages=("English", "Spanish"),
                checked_days_ago=12,
            ),
            Offer(
                "mobile",
                "Mobile crisis team (demo)",
                "crisis",
                "Two people, one of them a peer, come to you at home or elsewhere in the county.",
                days=EVERY_DAY,
                opens=T(0, 0),
                closes=T(23, 59),
                hours_note="Any time",
                phone="(555) 010-0911",
                checked_days_ago=35,
            ),
            Offer(
                "walkin",
                "Crisis walk-in centre (demo)",
                "crisis",
                "Walk in without an appointment for a calm place, someone to talk to and a plan.",
                place="southtown",
                days=EVERY_DAY,
                opens=T(8, 0),
                closes=T(22, 0),
                phone="(555) 010-0912",
                languages=("English", "Spanish", "American Sign Language"),
                checked_days_ago=240,
            ),
        ],
    ),
    Provider(
        "housing",
        "Springfield Housing Help Desk (demo)",
        "Help finding a safe place to stay tonight and a home for the longer run.",
        "https://housing.example.org",
        [
            Offer(
                "shelter",
                "Emergency shelter intake (demo)",
                "housing",
                "Call to find a shelter bed tonight. Families, couples and pets can be placed.",
                place="downtown",
                days=EVERY_DAY,
                opens=T(0, 0),
                closes=T(23, 59),
                hours_note="Phone answered at all hours",
                phone="(555) 010-3100",
                languages=("English", "Spanish"),
                checked_days_ago=9,
            ),
            Offer(
                "rent",
                "Rental assistance clinic (demo)",
                "housing",
                "Help with back rent, deposits and utility shut-off notices. Bring a lease "
                "or notice if you have one.",
                place="downtown",
                days="TU,TH",
                opens=T(9, 0),
                closes=T(15, 0),
                phone="(555) 010-3101",
                checked_days_ago=60,
                how_to="Walk in; the last person is seen at 2:30 pm.",
            ),
            Offer(
                "supportive",
                "Supportive housing application help (demo)",
                "housing",
                "A housing navigator helps you apply for supportive housing and gather papers.",
                place="westside",
                days="MO,WE",
                opens=T(10, 0),
                closes=T(16, 0),
                phone="(555) 010-3102",
                checked_days_ago=300,
                eligibility="Adults with a mental health or substance-use condition who have "
                "no stable home.",
                ages=(18, None),
            ),
        ],
    ),
    Provider(
        "food",
        "Eastside Community Food Bank (demo)",
        "Groceries and hot meals, no questions asked.",
        "https://food.example.org",
        [
            Offer(
                "pantry",
                "Weekly grocery pantry (demo)",
                "food",
                "Choose a week of groceries, including fresh fruit and vegetables.",
                place="eastside",
                days="WE,SA",
                opens=T(10, 0),
                closes=T(14, 0),
                phone="(555) 010-3200",
                languages=("English", "Spanish"),
                checked_days_ago=14,
            ),
            Offer(
                "meal",
                "Community hot meal (demo)",
                "food",
                "A free hot dinner every evening. Everyone is welcome.",
                place="northend",
                days=EVERY_DAY,
                opens=T(17, 0),
                closes=T(18, 30),
                phone="(555) 010-3201",
                checked_days_ago=45,
            ),
            Offer(
                "snap",
                "SNAP application help (demo)",
                "food",
                "Someone sits with you to apply for food benefits (SNAP) online.",
                place="eastside",
                days="MO",
                opens=T(13, 0),
                closes=T(16, 0),
                phone="(555) 010-3202",
                languages=("English", "Spanish"),
                checked_days_ago=400,
            ),
        ],
    ),
    Provider(
        "recovery",
        "Prairie Recovery Alliance (demo)",
        "Peer-led recovery meetings and recovery coaching for every pathway.",
        "https://recovery.example.org",
        [
            Offer(
                "noon",
                "Open recovery meeting at noon (demo)",
                "recovery",
                "An open meeting for anyone who wants to stop or cut down. Coffee provided.",
                place="northend",
                days=WEEKDAYS,
                opens=T(12, 0),
                closes=T(13, 0),
                checked_days_ago=30,
            ),
            Offer(
                "allrecovery",
                "All Recovery evening meeting (demo)",
                "recovery",
                "Every pathway welcome: twelve-step, medication-assisted, faith-based, "
                "secular or your own.",
                place="downtown",
                days="TH",
                opens=T(19, 0),
                closes=T(20, 30),
                phone="(555) 010-3300",
                checked_days_ago=25,
            ),
            Offer(
                "online",
                "Online recovery circle (demo)",
                "recovery",
                "Join from your phone or computer, camera on or off.",
                days="TU,SU",
                opens=T(20, 0),
                closes=T(21, 0),
                online_url="https://meet.example.org/recovery-circle",
                checked_days_ago=18,
            ),
            Offer(
                "family",
                "Family recovery support group (demo)",
                "recovery",
                "For family and friends of someone who uses alcohol or drugs.",
                place="westside",
                days="SU",
                opens=T(15, 0),
                closes=T(16, 30),
                languages=("English", "Spanish"),
                checked_days_ago=220,
            ),
            Offer(
                "coaching",
                "Recovery coaching drop-in (demo)",
                "peer-support",
                "Meet a certified peer recovery coach to talk about what you want next.",
                place="downtown",
                days="MO,WE,FR",
                opens=T(10, 0),
                closes=T(14, 0),
                phone="(555) 010-3301",
                checked_days_ago=7,
            ),
        ],
    ),
    Provider(
        "respite",
        "Harbor House Peer Respite (demo)",
        "A peer-run house where you can stay for a few nights when things are hard.",
        "https://harbor.example.org",
        [
            Offer(
                "stay",
                "Peer-run respite stay (demo)",
                "respite",
                "Stay up to seven nights in a calm, home-like house run by peers. "
                "Voluntary, no clinical staff, no locked doors.",
                place="harbor",
                days=EVERY_DAY,
                opens=T(0, 0),
                closes=T(23, 59),
                hours_note="Call first to see if a room is free",
                phone="(555) 010-3400",
                eligibility="Adults who are not in immediate danger and want a break.",
                ages=(18, None),
                checked_days_ago=28,
            ),
            Offer(
                "warmline",
                "Harbor warmline (demo)",
                "peer-support",
                "Talk with a peer when you are struggling but it is not an emergency.",
                days=EVERY_DAY,
                opens=T(16, 0),
                closes=T(23, 0),
                phone="(555) 010-3401",
                checked_days_ago=200,
            ),
        ],
    ),
    Provider(
        "legal",
        "Capitol City Legal Aid (demo)",
        "Free legal advice for people on low incomes.",
        "https://legal.example.org",
        [
            Offer(
                "tenant",
                "Tenant rights clinic (demo)",
                "legal",
                "Facing eviction or repairs that never happen? A lawyer explains your options.",
                place="courthouse",
                days="WE",
                opens=T(13, 0),
                closes=T(17, 0),
                phone="(555) 010-3500",
                languages=("English", "Spanish"),
                checked_days_ago=50,
            ),
            Offer(
                "expunge",
                "Record sealing and expungement help (demo)",
                "legal",
                "Find out whether an old record can be sealed so it stops blocking jobs "
                "and housing.",
                place="courthouse",
                days="TH",
                opens=T(9, 0),
                closes=T(12, 0),
                phone="(555) 010-3501",
                checked_days_ago=380,
            ),
            Offer(
                "benefits",
                "Benefits appeals advice (demo)",
                "legal",
                "Help appealing a denied disability, SNAP or Medicaid decision.",
                place="courthouse",
                days="MO,TU",
                opens=T(9, 0),
                closes=T(16, 0),
                phone="(555) 010-3502",
                checked_days_ago=90,
            ),
        ],
    ),
    Provider(
        "pride",
        "Spectrum Pride Center (demo)",
        "Community, support and practical help for LGBTQ+ people and their families.",
        "https://pride.example.org",
        [
            Offer(
                "group",
                "LGBTQ+ peer support group (demo)",
                "lgbtq",
                "A peer-led group to talk about what is going on, with people who get it.",
                place="pride",
                days="TU",
                opens=T(18, 30),
                closes=T(20, 0),
                checked_days_ago=21,
            ),
            Offer(
                "trans",
                "Trans and nonbinary drop-in (demo)",
                "lgbtq",
                "Coffee, a clothing closet and peer support. Come as you are.",
                place="pride",
                days="SA",
                opens=T(12, 0),
                closes=T(15, 0),
                checked_days_ago=33,
            ),
            Offer(
                "names",
                "Name and gender marker change help (demo)",
                "legal",
                "Volunteers help you fill in the court and ID forms.",
                place="pride",
                days="TH",
                opens=T(17, 0),
                closes=T(19, 0),
                cost="Sliding scale for court fees; our help is free",
                amount=Decimal("0"),
                checked_days_ago=260,
            ),
        ],
    ),
    Provider(
        "youth",
        "Springfield Youth Connection (demo)",
        "A place for young people to hang out, get support and find their next step.",
        "https://youth.example.org",
        [
            Offer(
                "dropin",
                "Teen drop-in centre (demo)",
                "youth",
                "Snacks, homework help, games and a youth peer mentor to talk to.",
                place="youth",
                days=WEEKDAYS,
                opens=T(15, 0),
                closes=T(19, 0),
                phone="(555) 010-3600",
                ages=(13, 19),
                checked_days_ago=15,
                eligibility="Young people aged 13 to 19.",
            ),
            Offer(
                "mentoring",
                "Youth peer mentoring (demo)",
                "youth",
                "Meet weekly with a trained young adult mentor who has been through it too.",
                place="youth",
                days="MO,WE",
                opens=T(16, 0),
                closes=T(18, 0),
                ages=(14, 21),
                checked_days_ago=110,
            ),
            Offer(
                "youngadult",
                "Young adult housing support (demo)",
                "housing",
                "Help finding and keeping a place for people aged 18 to 24.",
                place="youth",
                days="TU,TH",
                opens=T(10, 0),
                closes=T(16, 0),
                phone="(555) 010-3601",
                ages=(18, 24),
                checked_days_ago=70,
            ),
        ],
    ),
    Provider(
        "work",
        "Second Chance Work Program (demo)",
        "Support to find and keep work, with or without a record.",
        "https://work.example.org",
        [
            Offer(
                "ready",
                "Job readiness workshop (demo)",
                "work",
                "Four sessions on CVs, interviews and telling your story your way.",
                place="westside",
                days="WE",
                opens=T(9, 30),
                closes=T(12, 0),
                cost="Sliding scale",
                amount=Decimal("10"),
                checked_days_ago=40,
            ),
            Offer(
                "peertraining",
                "Becoming a peer specialist: information session (demo)",
                "work",
                "Hear what the work is like and how certification works.",
                days="FR",
                opens=T(12, 0),
                closes=T(13, 0),
                online_url="https://meet.example.org/peer-training",
                checked_days_ago=190,
            ),
        ],
    ),
]

LAKESHORE = Provider(
    "lakeshore",
    "Lakeside Neighbourhood Pantry (demo)",
    "A small pantry kept in Lakeshore's own directory.",
    "https://lakeside-pantry.example.net",
    [
        Offer(
            "pantry",
            "Lakeside Friday pantry (demo)",
            "food",
            "Groceries on Fridays.",
            days="FR",
            opens=T(10, 0),
            closes=T(12, 0),
        ),
    ],
)


def _language_code(name: str) -> str:
    return {"English": "en", "Spanish": "es", "American Sign Language": "ase"}.get(name, "")


@transaction.atomic
def load_demo_directory(riverside: Organization, lakeshore: Organization | None = None) -> None:
    """Riverside's published demo directory (and Lakeshore's small private one)."""
    checker = User.objects.filter(email="specialist@example.org").first()
    _load(riverside, PROVIDERS, checker)
    d.DirectorySettings.objects.update_or_create(
        owner=riverside, defaults={"publish_to_everyone": True}
    )
    if lakeshore is not None:
        _load(lakeshore, [LAKESHORE], None)


def _load(owner: Organization, providers: list[Provider], checker: User | None) -> None:
    taxonomy = d.Taxonomy.objects.create(
        owner=owner,
        hsds_id=demo_id(owner, "taxonomy"),
        name=TAXONOMY_NAME,
        description="The categories Circles files community resources under.",
    )
    terms = {
        code: d.TaxonomyTerm.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "term", code),
            code=code,
            name=str(label),
            description=str(label),
            taxonomy=TAXONOMY_NAME,
            taxonomy_detail=taxonomy,
        )
        for code, label in CATEGORIES
    }
    locations = {}
    for place in PLACES if owner.slug == "riverside" else []:
        location = d.Location.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "location", place.key),
            name=f"{place.name} (demo)",
            description=DEMO_NOTE,
            transportation=place.transit,
            latitude=place.latitude,
            longitude=place.longitude,
        )
        d.Address.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "address", place.key),
            location=location,
            address_1=place.street,
            city="Springfield",
            state_province="IL",
            postal_code=place.postal_code,
            country="US",
        )
        for index, text in enumerate(place.access):
            d.Accessibility.objects.create(
                owner=owner,
                hsds_id=demo_id(owner, "access", place.key, str(index)),
                location=location,
                description=text,
            )
        locations[place.key] = location
    for provider in providers:
        organization = d.DirectoryOrganization.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "organization", provider.key),
            name=provider.name,
            description=f"{provider.description} {DEMO_NOTE}",
            website=provider.website,
        )
        for offer in provider.offers:
            _offer(owner, organization, offer, locations, terms, checker)


def _offer(
    owner: Organization,
    organization: d.DirectoryOrganization,
    offer: Offer,
    locations: dict[str, d.Location],
    terms: dict[str, d.TaxonomyTerm],
    checker: User | None,
) -> None:
    key = f"{organization.hsds_id}/{offer.key}"
    checked = timezone.now() - timedelta(days=offer.checked_days_ago)
    service = d.Service.objects.create(
        owner=owner,
        hsds_id=demo_id(owner, "service", key),
        organization=organization,
        name=offer.name,
        description=f"{offer.description} {DEMO_NOTE}",
        url=offer.online_url,
        application_process=offer.how_to,
        fees_description=offer.cost,
        eligibility_description=offer.eligibility,
        minimum_age=offer.ages[0],
        maximum_age=offer.ages[1],
        assured_date=checked.date(),
        last_checked_at=checked,
        last_checked_by=checker if offer.checked_days_ago < 180 else None,
    )
    at = None
    if offer.place:
        at = d.ServiceAtLocation.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "at", key),
            service=service,
            location=locations[offer.place],
        )
    elif offer.online_url:
        online = d.Location.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "online", key),
            location_type=d.LocationType.VIRTUAL,
            url=offer.online_url,
            name=f"Online: {offer.name}",
            organization=organization,
        )
        at = d.ServiceAtLocation.objects.create(
            owner=owner, hsds_id=demo_id(owner, "at", key), service=service, location=online
        )
    if offer.days:
        d.Schedule.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "schedule", key),
            service=service,
            service_at_location=at,
            freq=d.Frequency.WEEKLY,
            wkst=d.Weekday.MO,
            byday=offer.days,
            opens_at=offer.opens,
            closes_at=offer.closes,
            description=offer.hours_note,
        )
    if offer.phone:
        d.Phone.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "phone", key),
            service=service,
            number=offer.phone,
            type="voice",
        )
    for language in offer.languages:
        d.Language.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "language", key, language),
            service=service,
            name=language,
            code=_language_code(language),
        )
    if offer.amount is not None:
        d.CostOption.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "cost", key),
            service=service,
            option=offer.cost,
            currency="USD",
            amount=offer.amount,
        )
    if offer.category == "crisis":
        d.ServiceArea.objects.create(
            owner=owner,
            hsds_id=demo_id(owner, "area", key),
            service=service,
            name="Sangamon County, Illinois",
            extent_type="text",
        )
    d.Attribute.objects.create(
        owner=owner,
        hsds_id=demo_id(owner, "category", key),
        link_id=service.hsds_id,
        link_entity="service",
        link_type="category",
        taxonomy_term=terms[offer.category],
    )
