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
slowest query bounded. "Open now" and distance are worked out in Python on
the filtered rows, from schedules and coordinates fetched in one query each.
"""

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.directory.linking.geo import Point, bounding_box, miles_between
from circles.directory.linking.opening import has_hours, is_open_at
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
    published = Q(owner__directory_settings__publish_to_everyone=True)
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
    inner_sql, inner_params = qs.values("pk").query.sql_with_params()
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
        named &= Q(taxonomy_term__name__icontains=word)
        parent_named &= Q(taxonomy_term__parent__name__icontains=word)
    terms = Attribute.objects.filter(
        owner_id=OuterRef("owner_id"), link_entity="service", link_id=OuterRef("hsds_id")
    ).filter(named | parent_named)
    return list(
        qs.filter(Exists(terms)).order_by("name", "pk").values_list("pk", flat=True)[:MAX_MATCHES]
    )


def _local_now(tz_name: str, now: datetime.datetime) -> datetime.datetime:
    try:
        zone = ZoneInfo(tz_name)
    except (ValueError, KeyError, OSError):
        zone = ZoneInfo("UTC")
    return timezone.localtime(now, zone)


def _schedules_by_service(service_filter: Q) -> dict[int, list[Schedule]]:
    """Schedules of the services, whether HSDS hangs them on the service or on a place of it."""
    found: dict[int, list[Schedule]] = defaultdict(list)
    rows = (
        Schedule.objects.filter(service_filter)
        .select_related("service_at_location")
        .only(
            "service_id",
            "service_at_location__service_id",
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
    )
    for schedule in rows:
        owner = schedule.service_id or (
            schedule.service_at_location.service_id if schedule.service_at_location else None
        )
        if owner is not None:
            found[owner].append(schedule)
    return found


def _open_ids(
    qs: QuerySet[Service], candidates: list[int] | None, now: datetime.datetime
) -> set[int]:
    """Which of the services are open at ``now``, each on its directory owner's clock."""
    if candidates is not None:
        scope = Q(service_id__in=candidates) | Q(service_at_location__service_id__in=candidates)
        zones = dict(Service.objects.filter(pk__in=candidates).values_list("pk", "owner__timezone"))
    else:
        ids = qs.values("pk")
        scope = Q(service_id__in=ids) | Q(service_at_location__service_id__in=ids)
        zones = dict(qs.values_list("pk", "owner__timezone"))
    schedules = _schedules_by_service(scope)
    clocks: dict[str, datetime.datetime] = {}
    open_ids = set()
    for service_id, rows in schedules.items():
        tz_name = zones.get(service_id, "UTC")
        if tz_name not in clocks:
            clocks[tz_name] = _local_now(tz_name, now)
        if is_open_at(rows, clocks[tz_name]):
            open_ids.add(service_id)
    return open_ids


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
    if filters.open_now:
        open_ids = _open_ids(qs, ids, now)
        if ids is None:
            in_order = qs.order_by("name", "pk").values_list("pk", flat=True)
            ids = [i for i in in_order if i in open_ids]
        else:
            ids = [i for i in ids if i in open_ids]
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
