"""One rate limiter for the whole site: atomic in the database, per address bucket and per target.

Each limit counts attempts per *subject* in fixed windows aligned to the
window's length (a 10-minute window starts at :00, :10, ...; a day starts at
midnight UTC). Counting is one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``
statement, so every attempt gets its own number even when many arrive at once,
on SQLite and on PostgreSQL alike: never more than ``allowed`` attempts pass in
one window (an attacker timing a burst across the boundary of two windows gets
at most twice that within one window's length). A cache would not do:
Django's database cache counts with get-then-set, and its ``incr`` also resets
the timeout.

Subjects are either an address bucket (``address_bucket``: five hex digits of
a keyed hash of the client address, shared by thousands of addresses, never the
address itself) or a target named by id (``target("meeting", 12)``). Nothing a
subject names may be a secret (a code, a receipt, an email address): use a
keyed digest for those.

Guesses (codes typed by people) count only when wrong: ``guess`` counts the
attempt before checking the code and gives the count back when the code was
right, so a person behind the same network as a guesser still gets in. The
hard ceiling against enumeration is ``Limit.ceiling``: past ``allowed`` wrong
guesses in a window, a wrong code answers "please slow down" while a right one
still works; past ``ceiling`` nothing is checked at all, so from one address
bucket no more than ``ceiling`` codes are ever tried per window.
"""

import hmac
import ipaddress
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.http import HttpRequest

from circles.lib.models import RateCount

T = TypeVar("T")

MINUTE = 60
DAY = 24 * 60 * 60
# Expired rows are removed now and then by whoever counts next.
SWEEP_ONE_IN = 50


def client_address(request: HttpRequest) -> str:
    if settings.SECURE_PROXY_SSL_HEADER:
        # Behind our own proxy: the address it saw is the last one it appended.
        forwarded = request.headers.get("X-Forwarded-For", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _network(address: str) -> str:
    """An IPv6 address stands for its /64: one household or phone gets a whole /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_bucket(request: HttpRequest) -> str:
    """A keyed hash of the client address, cut short on purpose.

    Five hex digits give about a million buckets, so each bucket holds thousands of
    IPv4 addresses: even someone holding the secret key cannot tell from a stored
    bucket which address it was. A guesser is still slowed down, and an innocent
    visitor shares a bucket with a guesser only by rare chance.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"address-bucket:{_network(client_address(request))}".encode(),
        sha256,
    ).hexdigest()
    return f"address:{digest[:5]}"


def target(kind: str, pk: Any) -> str:
    """A subject for one thing (a meeting, a poll, an organisation, an account) by its id."""
    return f"{kind}:{pk}"


@dataclass(frozen=True)
class Limit:
    """``allowed`` attempts per subject in each ``window`` (seconds).

    ``ceiling`` is for guesses only (see ``guess``): how many wrong codes are
    checked at all in a window; 0 means the same as ``allowed``.
    """

    scope: str
    allowed: int
    window: int
    ceiling: int = 0

    @property
    def hard(self) -> int:
        return max(self.allowed, self.ceiling)


@dataclass
class Attempt:
    """One counted attempt, against every subject it was counted for."""

    limit: Limit
    number: int  # the highest count among its subjects, this attempt included
    counted: list[tuple[str, int]] = field(default_factory=list)

    @property
    def over(self) -> bool:
        """Past ``allowed``: for a volume limit, refused; for guesses, "slow down"."""
        return self.number > self.limit.allowed

    @property
    def refused(self) -> bool:
        """Past the hard limit: nothing is done or checked for this attempt.

        A refused attempt stays counted: it changes nothing in this window, and
        giving it back would cost a write for every refusal.
        """
        return self.number > self.limit.hard

    @property
    def took_the_last_place(self) -> bool:
        return self.number == self.limit.allowed

    def give_back(self) -> None:
        """Uncount this attempt (a right code, a right password, a refusal elsewhere)."""
        for subject, start in self.counted:
            rows = RateCount.objects.filter(
                scope=self.limit.scope, subject=subject, window_start=start
            )
            # Each statement is atomic. The last attempt in a window removes the row, as an
            # empty row would still say that someone came by in this window.
            for _ in range(5):
                if rows.filter(count=1).delete()[0] or rows.filter(count__gt=1).update(
                    count=F("count") - 1
                ):
                    break
        self.counted = []


def _count(scope: str, subject: str, start: int, expires: int) -> int:
    table = connection.ops.quote_name(RateCount._meta.db_table)
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("scope", "subject", "window_start", "expires", "count"))
    unique = ", ".join(q(c) for c in ("scope", "subject", "window_start"))
    count = q("count")
    # Only quoted names from the model go into the text; the values are parameters.
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, 1) "  # noqa: S608
        f"ON CONFLICT ({unique}) DO UPDATE SET {count} = {table}.{count} + 1 "
        f"RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope, subject, start, expires])
        row = cursor.fetchone()
    return int(row[0])


def take(limit: Limit, subjects: Sequence[str]) -> Attempt:
    """Count one attempt for each subject: one atomic statement each."""
    now = int(time.time())
    start = now - now % limit.window
    expires = start + limit.window
    # Always in the same order, so inside a caller's transaction two attempts never
    # wait for each other's rows.
    unique = sorted(set(subjects))
    numbers = [_count(limit.scope, subject, start, expires) for subject in unique]
    attempt = Attempt(limit, max(numbers, default=0), [(s, start) for s in unique])
    if random.randrange(SWEEP_ONE_IN) == 0:
        sweep(now)
    return attempt


@dataclass
class Attempts:
    """One attempt counted under several limits (say, per address and per target)."""

    attempts: list[Attempt]

    @property
    def refused(self) -> bool:
        return any(attempt.refused for attempt in self.attempts)

    def give_back(self) -> None:
        for attempt in self.attempts:
            attempt.give_back()


def take_all(limits: Sequence[tuple[Limit, str]]) -> Attempts:
    """Count one attempt for each (limit, subject); refused by any, it is given back by all."""
    taken = Attempts([])
    for limit, subject in limits:
        attempt = take(limit, [subject])
        taken.attempts.append(attempt)
        if attempt.refused:
            taken.give_back()
            break
    return taken


@dataclass(frozen=True)
class Guess(Generic[T]):
    """What a typed code found, if anything, and whether to ask the person to slow down."""

    found: T | None
    slow_down: bool = False


def guess(limit: Limit, subjects: Sequence[str], check: Callable[[], T | None]) -> Guess[T]:
    """Check a typed code under ``limit``: only wrong codes count.

    The attempt is counted *before* the code is checked, so a burst of
    simultaneous guesses cannot all slip in under the limit; it is given back
    when the code was right. Past ``allowed`` wrong codes a right one still
    works; past ``ceiling`` nothing is checked.
    """
    attempt = take(limit, subjects)
    if attempt.refused:
        return Guess(None, slow_down=True)
    found = check()
    if found is not None:
        attempt.give_back()
        return Guess(found)
    return Guess(None, slow_down=attempt.over)


def sweep(now: int | None = None) -> int:
    """Remove the counts of windows that have passed; returns how many rows went."""
    moment = int(time.time()) if now is None else now
    deleted, _by_model = RateCount.objects.filter(expires__lte=moment).delete()
    return deleted
