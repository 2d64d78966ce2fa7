"""Searching the directory: one function, ``search_services``, on SQLite and PostgreSQL.

Words are matched by each database's own full-text search over a service's
name, other name and description, weighted in that order (then, after those,
services filed under a category whose name holds the words):

- SQLite: an FTS5 table (``linking_service_fts``, porter stemming) that reads
  its text from ``directory_service``; triggers keep it in step with every
  insert, update and delete, however the row was written (an import, the edit
  form, the admin), so nothing has to remember to re-index.
- PostgreSQL: an expression GIN index over the same three columns (English
  stemming); the query repeats that expression so the planner uses the index.

Both stem English the same way in practice and AND the words together, so the
same services match; the order within them may differ a little (bm25 against
ts_rank). Filters run in the database first and the words rank what is left,
at most ``MAX_MATCHES`` of them: nobody reads past that, and it keeps the
slowest query bounded. "Open now" is a database filter for plain weekly hours
on each owner's clock, with the few other rules (monthly, every other week,
start and end dates) read in Python; distance is worked out in Python from the
coordinates of the places inside a bounding box.
"""

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.models import Organization
from circles.directory.linking.geo import Point, bounding_box, miles_between
from circles.directory.linking.opening import WEEKDAY_CODES, has_hours, is_open_at
from circles.directory.models import (
    Accessibility,
    Attribute,
    CostOption,
    DirectorySettings,
    Language,
    LocationType,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)

PAGE_SIZE = 20
MAX_MATCHES = 1000
FTS_TABLE = "linking_service_fts"
# Name first, then the other name, then the description.
SQLITE_WEIGHTS = "10.0, 5.0, 1.0"
PG_VECTOR = (
    "(setweight(to_tsvector('english'::regconfig, coalesce(name, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(alternate_name, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'C'))"
)
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12

# Accessibility is free text in HSDS; these are the needs people ask about,
# each found by the words a record uses for it.
ACCESS_FEATURES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "wheelchair": (_("Wheelchair access"), ("wheelchair", "step-free", "step free", "ramp")),
    "toilet": (_("Accessible toilet"), ("accessible toilet", "accessible restroom")),
    "hearing": (_("Hearing loop or sign language"), ("hearing loop", "sign language", "asl")),
    "parking": (_("Accessible parking"), ("accessible parking", "disabled parking")),
}
RADIUS_CHOICES = (1, 5, 10, 25, 50)
DEFAULT_RADIUS = 10


@dataclass
class SearchFilters:
    category: str = ""
    language: str = ""
    access: str = ""
    free: bool = False
    open_now: bool = False
    remote: bool = False
    near: Point | None = None
    within_miles: int = DEFAULT_RADIUS

    @property
    def any(self) -> bool:
        return bool(
            self.category
            or self.language
            or self.access
            or self.free
            or self.open_now
            or self.remote
            or self.near
        )


@dataclass
class Result:
    service: Service
    distance: float | None = None
    open_now: bool | None = None  # None: the record has no hours we can read


@dataclass
class ResultPage:
    results: list[Result]
    count: int
    number: int
    num_pages: int
    capped: bool = False
    words_used: list[str] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def words_of(query: str) -> list[str]:
    """The words a person typed, without punctuation or search syntax (at most MAX_WORDS)."""
    return [w.lower() for w in _WORD.findall(query or "")][:MAX_WORDS]


def visible_services(own_org_ids: frozenset[int] | set[int] = frozenset()) -> QuerySet[Service]:
    """Services of every published directory, and of the viewer's own organisations' (staff)."""
    # A subquery on the small settings table, not a join on every service row.
    publishers = DirectorySettings.objects.filter(publish_to_everyone=True).values("owner_id")
    published = Q(owner_id__in=publishers)
    if own_org_ids:
        published |= Q(owner_id__in=sorted(own_org_ids))
    return Service.objects.filter(published).exclude(status=ServiceStatus.DEFUNCT)


def _filtered(base: QuerySet[Service], filters: SearchFilters) -> QuerySet[Service]:
    """The filters as uncorrelated ``IN`` subqueries: each runs once, not once per service."""
    qs = base
    if filters.category:
        # A service tagged "Food pantry" is found under "Food" too.
        terms = TaxonomyTerm.objects.filter(
            Q(name__iexact=filters.category) | Q(parent__name__iexact=filters.category)
        ).values("pk")
        tagged = Attribute.objects.filter(link_entity="service", taxonomy_term__in=terms)
        qs = qs.filter(hsds_id__in=tagged.values("link_id"))
    if filters.language:
        spoken = Language.objects.filter(
            Q(name__iexact=filters.language) | Q(code__iexact=filters.language)
        )
        qs = qs.filter(
            Q(pk__in=spoken.filter(service__isnull=False).values("service_id"))
            | Q(
                pk__in=ServiceAtLocation.objects.filter(
                    location__in=spoken.filter(location__isnull=False).values("location_id")
                ).values("service_id")
            )
        )
    if filters.access in ACCESS_FEATURES:
        words = ACCESS_FEATURES[filters.access][1]
        said = Q()
        for word in words:
            said |= Q(description__icontains=word) | Q(details__icontains=word)
        places = Accessibility.objects.filter(said).values("location_id")
        qs = qs.filter(
            pk__in=ServiceAtLocation.objects.filter(location__in=places).values("service_id")
        )
    if filters.free:
        no_charge = CostOption.objects.filter(amount=0).values("service_id")
        qs = qs.filter(Q(pk__in=no_charge) | Q(fees_description__istartswith="free"))
    if filters.remote:
        visit = ServiceAtLocation.objects.filter(location__location_type=LocationType.PHYSICAL)
        qs = qs.exclude(pk__in=visit.values("service_id"))
    if filters.near is not None:
        south, north, west, east = bounding_box(filters.near, filters.within_miles)
        around = ServiceAtLocation.objects.filter(
            location__latitude__range=(float(south), float(north)),
            location__longitude__range=(float(west), float(east)),
        )
        qs = qs.filter(pk__in=around.values("service_id"))
    return qs


def _ranked_ids(words: list[str], qs: QuerySet[Service]) -> list[int]:
    """Ids of the filtered services matching every word, best first (at most MAX_MATCHES)."""
    try:
        inner_sql, inner_params = qs.values("pk").query.sql_with_params()
    except EmptyResultSet:
        # The filters alone rule everything out (say, open now in a place with no services).
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = " ".join(words)
            cursor.execute(
                f"SELECT id FROM directory_service WHERE {PG_VECTOR} @@ plainto_tsquery("  # noqa: S608
                f"'english'::regconfig, %s) AND id IN ({inner_sql}) ORDER BY ts_rank("
                f"{PG_VECTOR}, plainto_tsquery('english'::regconfig, %s)) DESC, name, id "
                "LIMIT %s",
                [text, *inner_params, text, MAX_MATCHES],
            )
        else:
            # Each word quoted, so nothing typed is read as FTS5 syntax. "+rowid" keeps
            # SQLite from running the match once per filtered row (200 times slower).
            match = " ".join('"' + w.replace('"', "") + '"' for w in words)
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
                f"AND +rowid IN ({inner_sql}) ORDER BY bm25({FTS_TABLE}, {SQLITE_WEIGHTS}), "
                "rowid LIMIT %s",
                [match, *inner_params, MAX_MATCHES],
            )
        return [row[0] for row in cursor.fetchall()]


def _filed_under(words: list[str], qs: QuerySet[Service]) -> list[int]:
    """Services with a category whose name (or its parent's) holds every word, by name."""
    named = Q()
    parent_named = Q()
    for word in words:
        named &= Q(name__icontains=word)
        parent_named &= Q(parent__name__icontains=word)
    # Category lists are short: find the terms first, and skip the services when none.
    terms = list(TaxonomyTerm.objects.filter(named | parent_named).values_list("pk", flat=True))
    if not terms:
        return []
    tagged = Attribute.objects.filter(link_entity="service", taxonomy_term_id__in=terms)
    return list(
        qs.filter(hsds_id__in=tagged.values("link_id"))
        .order_by("name", "pk")
        .values_list("pk", flat=True)[:MAX_MATCHES]
    )


def _local_now(tz_name: str, now: datetime.datetime) -> datetime.datetime:
    try:
        zone = ZoneInfo(tz_name)
    except (ValueError, KeyError, OSError):
        zone = ZoneInfo("UTC")
    return timezone.localtime(now, zone)


SCHEDULE_FIELDS = (
    "freq",
    "interval",
    "byday",
    "bymonthday",
    "dtstart",
    "until",
    "valid_from",
    "valid_to",
    "opens_at",
    "closes_at",
)


# Weekly rules with no interval and no text dates: the database answers "open now"
# for these exactly. Anything else (monthly, every other week, dtstart/until) is
# checked in Python by opening.py, and there are few of those.
SIMPLE_RULE = (
    Q(freq__in=["", "WEEKLY", "weekly"])
    & (Q(interval__isnull=True) | Q(interval__lte=1))
    & Q(dtstart="")
    & Q(until="")
)
MIDNIGHT = datetime.time(0, 0)


def _open_on_clock(local: datetime.datetime) -> Q:
    """Simple schedules open at this local moment (the same rules as ``opening.is_open_at``)."""
    today = local.date()
    yesterday = today - datetime.timedelta(days=1)
    clock = local.time().replace(tzinfo=None)

    def on(day: datetime.date) -> Q:
        code = WEEKDAY_CODES[day.weekday()]
        return (
            (Q(byday="") | Q(byday__icontains=code))
            & (Q(valid_from__isnull=True) | Q(valid_from__lte=day))
            & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        )

    opened = Q(opens_at__isnull=True) | Q(opens_at__lte=clock)
    not_closed = (
        Q(closes_at__isnull=True)
        | Q(closes_at=MIDNIGHT)
        | Q(closes_at__gt=clock)
        | Q(closes_at__lte=F("opens_at"))
    )
    from_yesterday = (
        Q(opens_at__isnull=False, closes_at__lte=F("opens_at"), closes_at__gt=clock)
        & ~Q(closes_at=MIDNIGHT)
        & on(yesterday)
    )
    return (on(today) & opened & not_closed) | from_yesterday


def _open_now(qs: QuerySet[Service], now: datetime.datetime) -> Q:
    """A filter for services open at ``now``, each on its directory owner's clock."""
    zones: dict[str, list[int]] = defaultdict(list)
    owners = Organization.objects.filter(pk__in=qs.values("owner_id")).values_list("pk", "timezone")
    for owner_id, tz_name in owners:
        zones[tz_name].append(owner_id)
    simple_open = Q(pk__in=[])
    complex_rows = Q(pk__in=[])
    for tz_name, owner_ids in zones.items():
        local = _local_now(tz_name, now)
        simple_open |= Q(owner_id__in=owner_ids) & _open_on_clock(local)
        complex_rows |= Q(owner_id__in=owner_ids)
    open_schedules = Schedule.objects.filter(SIMPLE_RULE & simple_open)
    # The few schedules the database cannot judge: read them in Python.
    clocks = {tz: _local_now(tz, now) for tz in zones}
    owner_zone = {owner_id: tz for tz, ids in zones.items() for owner_id in ids}
    by_service: dict[int, list[Any]] = defaultdict(list)
    service_zone: dict[int, str] = {}
    rows = (
        Schedule.objects.filter(complex_rows)
        .exclude(SIMPLE_RULE)
        .values(
            "owner_id",
            "service_id",
            "service_at_location__service_id",
            *SCHEDULE_FIELDS,
        )
    )
    for row in rows:
        service_id = row["service_id"] or row["service_at_location__service_id"]
        if service_id is not None:
            by_service[service_id].append(SimpleNamespace(**row))
            service_zone[service_id] = owner_zone[row["owner_id"]]
    complex_open = [
        service_id
        for service_id, schedules in by_service.items()
        if is_open_at(schedules, clocks[service_zone[service_id]])
    ]
    return (
        Q(pk__in=open_schedules.filter(service__isnull=False).values("service_id"))
        | Q(
            pk__in=open_schedules.filter(service_at_location__isnull=False).values(
                "service_at_location__service_id"
            )
        )
        | Q(pk__in=complex_open)
    )


def _distances(service_ids: Any, centre: Point) -> dict[int, float]:
    """The distance to each service's nearest place with coordinates."""
    nearest: dict[int, float] = {}
    rows = ServiceAtLocation.objects.filter(
        service_id__in=service_ids,
        location__latitude__isnull=False,
        location__longitude__isnull=False,
    ).values_list("service_id", "location__latitude", "location__longitude")
    for service_id, lat, lon in rows:
        point = Point.of(lat, lon)
        if point is None:
            continue
        miles = miles_between(centre, point)
        if service_id not in nearest or miles < nearest[service_id]:
            nearest[service_id] = miles
    return nearest


def page_services(ids: list[int]) -> list[Service]:
    """The services with all a result or a resource page shows, in a fixed number of queries."""
    places = ServiceAtLocation.objects.select_related("location").prefetch_related(
        "location__addresses", "location__accessibility", "location__phones", "schedules"
    )
    found = (
        Service.objects.filter(pk__in=ids)
        .select_related("organization", "owner")
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "cost_options",
            Prefetch("service_at_locations", queryset=places),
        )
    )
    by_id = {s.pk: s for s in found}
    return [by_id[i] for i in ids if i in by_id]


def all_schedules(service: Service) -> list[Schedule]:
    """A prefetched service's schedules, its own and its places'."""
    rows = list(service.schedules.all())
    for place in service.service_at_locations.all():
        rows.extend(place.schedules.all())
    return rows


def nearest_distance(service: Service, centre: Point) -> float | None:
    best = None
    for place in service.service_at_locations.all():
        point = Point.of(place.location.latitude, place.location.longitude)
        if point is not None:
            miles = miles_between(centre, point)
            best = miles if best is None or miles < best else best
    return best


def open_state(service: Service, now: datetime.datetime) -> bool | None:
    schedules = all_schedules(service)
    if not has_hours(schedules):
        return None
    return is_open_at(schedules, _local_now(service.owner.timezone, now))


def search_services(
    query: str,
    filters: SearchFilters,
    page: int = 1,
    *,
    own_org_ids: frozenset[int] | set[int] = frozenset(),
    now: datetime.datetime | None = None,
) -> ResultPage:
    """One page of services matching the words and filters, most relevant (or nearest) first.

    With no words the list is alphabetical, or nearest first when a place is given.
    """
    now = now or timezone.now()
    words = words_of(query)
    qs = _filtered(visible_services(own_org_ids), filters)
    if filters.open_now:
        qs = qs.filter(_open_now(qs, now))
    capped = False
    ids: list[int] | None = None
    if words:
        ids = _ranked_ids(words, qs)
        if len(ids) < MAX_MATCHES:
            # Then services filed under a category named by the words ("food" finds the
            # pantry whose own text never says "food").
            seen = set(ids)
            ids.extend(i for i in _filed_under(words, qs) if i not in seen)
            ids = ids[:MAX_MATCHES]
        capped = len(ids) >= MAX_MATCHES
    distances: dict[int, float] = {}
    if filters.near is not None:
        distances = _distances(ids if ids is not None else qs.values("pk"), filters.near)
        if ids is None:
            ids = list(distances)
        ids = [i for i in ids if distances.get(i, math.inf) <= filters.within_miles]
        if not words:
            ids.sort(key=lambda i: (distances[i], i))
    if ids is None:
        count = qs.count()
        num_pages = max(1, math.ceil(count / PAGE_SIZE))
        number = min(max(1, page), num_pages)
        start = (number - 1) * PAGE_SIZE
        page_ids = list(
            qs.order_by("name", "pk").values_list("pk", flat=True)[start : start + PAGE_SIZE]
        )
    else:
        count = len(ids)
        num_pages = max(1, math.ceil(count / PAGE_SIZE))
        number = min(max(1, page), num_pages)
        start = (number - 1) * PAGE_SIZE
        page_ids = ids[start : start + PAGE_SIZE]
    results = []
    for service in page_services(page_ids):
        distance = distances.get(service.pk)
        if distance is None and filters.near is not None:
            distance = nearest_distance(service, filters.near)
        results.append(Result(service, distance, open_state(service, now)))
    return ResultPage(results, count, number, num_pages, capped, words)


def visible_owner_ids(own_org_ids: frozenset[int] | set[int] = frozenset()) -> list[int]:
    published = DirectorySettings.objects.filter(publish_to_everyone=True).values_list(
        "owner_id", flat=True
    )
    return sorted(set(published) | set(own_org_ids))


def filter_choices(
    own_org_ids: frozenset[int] | set[int] = frozenset(),
) -> tuple[list[str], list[str]]:
    """The kinds of help (top-level taxonomy terms used by services) and languages to offer."""
    owners = visible_owner_ids(own_org_ids)
    used_terms = Attribute.objects.filter(owner_id__in=owners, link_entity="service").values(
        "taxonomy_term_id"
    )
    names = TaxonomyTerm.objects.filter(
        Q(pk__in=used_terms) | Q(children__pk__in=used_terms),
        owner_id__in=owners,
        parent__isnull=True,
    ).values_list("name", flat=True)
    categories = {str(n).casefold(): str(n) for n in names if n}
    spoken = (
        Language.objects.filter(owner_id__in=owners)
        .exclude(name="")
        .values_list("name", flat=True)
        .distinct()
    )
    languages = {str(n).casefold(): str(n) for n in spoken}
    return (
        sorted(categories.values(), key=str.casefold),
        sorted(languages.values(), key=str.casefold),
    )
