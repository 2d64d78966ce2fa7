"""The one rate limiter: atomic counts, aligned windows, guesses that count only when wrong."""

import threading
import time
from typing import Any

import pytest
from django.test import RequestFactory

from circles.lib import ratelimit
from circles.lib.models import RateCount
from circles.lib.ratelimit import (
    DAY,
    Limit,
    address_bucket,
    guess,
    sweep,
    take,
    take_all,
    target,
)
from circles.testing.concurrency import at_once

# A moment in the middle of a 10-minute window (1_800_000_000 is a multiple of a day).
NOW = 1_800_000_000 + 5 * 60 + 7
FIVE = Limit("test", allowed=5, window=600)
GUESSES = Limit("test-guess", allowed=5, window=600, ceiling=10)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [float(NOW)]
    monkeypatch.setattr(time, "time", lambda: now[0])
    monkeypatch.setattr(ratelimit, "SWEEP_ONE_IN", 10**9)
    return now


def request_from(address: str, **extra: Any) -> Any:
    return RequestFactory().get("/", REMOTE_ADDR=address, **extra)


def test_the_attempts_past_the_limit_are_refused(db: Any, clock: list[float]) -> None:
    attempts = [take(FIVE, ["a"]) for _ in range(7)]
    assert [a.refused for a in attempts] == [False] * 5 + [True, True]
    assert [a.took_the_last_place for a in attempts[:5]] == [False] * 4 + [True]
    assert RateCount.objects.get(scope="test", subject="a").count == 7


def test_subjects_are_counted_apart_and_the_fullest_decides(db: Any, clock: list[float]) -> None:
    for _ in range(5):
        take(FIVE, ["address:aaaaa", target("meeting", 1)])
    assert take(FIVE, ["address:bbbbb", target("meeting", 2)]).refused is False
    # Another meeting from the full address bucket, and the full meeting from elsewhere.
    assert take(FIVE, ["address:aaaaa", target("meeting", 2)]).refused is True
    assert take(FIVE, ["address:ccccc", target("meeting", 1)]).refused is True


def test_refused_by_one_limit_is_given_back_to_the_others(db: Any, clock: list[float]) -> None:
    per_address = Limit("per-address", allowed=5, window=DAY)
    per_meeting = Limit("per-meeting", allowed=2, window=DAY)
    for n in range(3):
        taken = take_all([(per_address, f"address:{n}"), (per_meeting, target("meeting", 1))])
        assert taken.refused is (n == 2)
    # The third was refused for the meeting, so its address did not lose a place.
    assert not RateCount.objects.filter(subject="address:2").exists()


def test_a_new_window_starts_afresh(db: Any, clock: list[float]) -> None:
    for _ in range(5):
        take(FIVE, ["a"])
    assert take(FIVE, ["a"]).refused
    clock[0] = NOW - NOW % 600 + 600  # the next window
    assert not take(FIVE, ["a"]).refused


def test_windows_are_aligned_so_a_row_tells_no_finer_time(db: Any, clock: list[float]) -> None:
    take(FIVE, ["a"])
    take(Limit("daily", allowed=5, window=DAY), ["b"])
    short = RateCount.objects.get(scope="test")
    daily = RateCount.objects.get(scope="daily")
    assert short.window_start == NOW - NOW % 600 and short.expires == short.window_start + 600
    assert daily.window_start == NOW - NOW % DAY  # midnight UTC: the date, nothing finer
    assert daily.expires == daily.window_start + DAY


def test_sweep_removes_only_windows_that_have_passed(db: Any, clock: list[float]) -> None:
    take(FIVE, ["old"])
    clock[0] = NOW + 600
    take(FIVE, ["new"])
    assert sweep() == 1
    assert list(RateCount.objects.values_list("subject", flat=True)) == ["new"]


def test_counting_now_and_then_sweeps(db: Any, clock: list[float], monkeypatch: Any) -> None:
    take(FIVE, ["old"])
    clock[0] = NOW + 600
    monkeypatch.setattr(ratelimit, "SWEEP_ONE_IN", 1)
    take(FIVE, ["new"])
    assert list(RateCount.objects.values_list("subject", flat=True)) == ["new"]


# Guesses -------------------------------------------------------------------------------


def test_right_codes_do_not_count_and_leave_no_row(db: Any, clock: list[float]) -> None:
    for _ in range(20):
        assert guess(GUESSES, ["a"], lambda: "found").found == "found"
    assert not RateCount.objects.exists()


def test_past_the_limit_wrong_codes_slow_down_but_a_right_one_still_works(
    db: Any, clock: list[float]
) -> None:
    outcomes: list[ratelimit.Guess[str]] = [guess(GUESSES, ["a"], lambda: None) for _ in range(5)]
    assert [o.slow_down for o in outcomes] == [False] * 5
    # Someone behind the same address with the right code is not locked out ...
    assert guess(GUESSES, ["a"], lambda: "yours").found == "yours"
    # ... while wrong codes are now told to slow down.
    assert guess(GUESSES, ["a"], lambda: None).slow_down


def test_past_the_ceiling_nothing_is_checked(db: Any, clock: list[float]) -> None:
    checked = []

    def check() -> str | None:
        checked.append(1)
        return None

    for _ in range(25):
        guess(GUESSES, ["a"], check)
    assert len(checked) == GUESSES.ceiling
    # The hard ceiling holds even for the right code: enumeration stops here.
    assert guess(GUESSES, ["a"], lambda: "right").found is None


# Concurrency ----------------------------------------------------------------------------


def test_simultaneous_attempts_never_pass_the_limit(
    transactional_db: Any, clock: list[float]
) -> None:
    results = at_once([lambda: take(FIVE, ["burst"]) for _ in range(25)])
    assert sum(not r.refused for r in results) == FIVE.allowed
    assert sorted(r.number for r in results) == list(range(1, 26))


def test_simultaneous_wrong_guesses_check_at_most_the_ceiling(
    transactional_db: Any, clock: list[float]
) -> None:
    checked = []
    lock = threading.Lock()

    def check() -> str | None:
        with lock:
            checked.append(1)
        return None

    results = at_once([lambda: guess(GUESSES, ["burst"], check) for _ in range(40)])
    assert len(checked) <= GUESSES.ceiling
    assert sum(not r.slow_down for r in results) <= GUESSES.allowed


# Address buckets ----------------------------------------------------------------------


def test_the_address_bucket_is_five_hex_digits_of_a_keyed_hash(settings: Any) -> None:
    bucket = address_bucket(request_from("198.51.100.7"))
    assert bucket.startswith("address:") and len(bucket.split(":")[1]) == 5
    assert "198.51.100.7" not in bucket
    assert bucket == address_bucket(request_from("198.51.100.7"))
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert bucket != address_bucket(request_from("198.51.100.7"))


def test_an_ipv6_network_is_one_bucket() -> None:
    one = address_bucket(request_from("2001:db8:1:2::1"))
    assert one == address_bucket(request_from("2001:db8:1:2:ffff::99"))
    assert one != address_bucket(request_from("2001:db8:1:3::1"))


def test_behind_our_proxy_the_address_it_saw_counts(settings: Any) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    forwarded = request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert address_bucket(forwarded) == address_bucket(request_from("198.51.100.7"))
    settings.SECURE_PROXY_SSL_HEADER = None
    assert address_bucket(forwarded) == address_bucket(request_from("10.0.0.1"))
