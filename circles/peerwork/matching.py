"""Proposing peer specialists for the whole waiting list at once.

Each waiting person gets up to three specialists with room, in three rounds.
Every round is one optimal assignment for everyone (scipy's
``linear_sum_assignment`` over "capacity copies": a specialist with room for
three people stands in three columns), so the round as a whole never proposes
a specialist to more people than they have room for, and one person's close
match does not take the only Hmong-speaking specialist from someone who fits
them better. People who have waited longer weigh more when room is short.

Nothing here assigns anyone: the person (or a supervisor with them) chooses.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from scipy.optimize import linear_sum_assignment

from circles.peerwork.models import (
    AGE_RANGES,
    DAYS,
    GENDERS,
    IDENTITIES,
    LANGUAGES,
    PARTS_OF_DAY,
    WAYS,
)

ROUNDS = 3
# A pair that must never be proposed (kept apart, or nothing in common when it matters).
FORBIDDEN = -1.0e6

LANGUAGE_WEIGHT = 6.0
AREA_WEIGHT = 3.0
IDENTITY_WEIGHT = 3.0
GENDER_WEIGHT = 2.0
AGE_WEIGHT = 1.0
DAY_WEIGHT = 1.0
PART_WEIGHT = 1.0
WAY_WEIGHT = 1.0
# Every possible pair is worth something, so people with no stated wishes still get offers.
BASE = 1.0


@dataclass
class Seeker:
    id: int
    prefs: dict[str, Any]
    waited_days: int = 0


@dataclass
class Offer:
    id: int
    facts: dict[str, Any]
    room: int
    kept_apart: frozenset[int] = field(default_factory=frozenset)
    """Seeker ids this specialist must never be proposed to."""


def _as_set(value: Any) -> set[str]:
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)} if value else set()


def score(prefs: dict[str, Any], facts: dict[str, Any]) -> float:
    """How well a specialist fits what a person said matters to them (higher is better).

    A person who asked for languages gets nobody who speaks none of them, and
    someone who can only meet in ways the specialist does not offer gets
    nobody who does not offer one of them: those are needs, the rest are wishes.
    """
    total = BASE
    wanted_languages = _as_set(prefs.get("languages"))
    if wanted_languages:
        shared = wanted_languages & _as_set(facts.get("languages"))
        if not shared:
            return FORBIDDEN
        total += LANGUAGE_WEIGHT * len(shared)
    wanted_ways = _as_set(prefs.get("ways"))
    if wanted_ways:
        shared_ways = wanted_ways & _as_set(facts.get("ways"))
        if not shared_ways:
            return FORBIDDEN
        total += WAY_WEIGHT * len(shared_ways)
    total += AREA_WEIGHT * len(_as_set(prefs.get("areas")) & _as_set(facts.get("areas")))
    total += IDENTITY_WEIGHT * len(
        _as_set(prefs.get("identities")) & _as_set(facts.get("identities"))
    )
    if prefs.get("gender") and prefs.get("gender") == facts.get("gender"):
        total += GENDER_WEIGHT
    if prefs.get("age_range") and prefs.get("age_range") == facts.get("age_range"):
        total += AGE_WEIGHT
    total += DAY_WEIGHT * min(2, len(_as_set(prefs.get("days")) & _as_set(facts.get("days"))))
    total += PART_WEIGHT * min(2, len(_as_set(prefs.get("parts")) & _as_set(facts.get("parts"))))
    return total


def _labels(keys: Iterable[str], choices: Sequence[tuple[str, Any]]) -> list[str]:
    names = dict(choices)
    return [str(names[k]) for k in sorted(keys, key=list(names).index) if k in names]


def reasons(prefs: dict[str, Any], facts: dict[str, Any]) -> list[str]:
    """The plain words a person reads: what they asked for that this specialist shares."""
    found: list[str] = []
    languages = _labels(
        _as_set(prefs.get("languages")) & _as_set(facts.get("languages")), LANGUAGES
    )
    if languages:
        found.append(_("speaks %(languages)s") % {"languages": ", ".join(languages)})
    areas = sorted(_as_set(prefs.get("areas")) & _as_set(facts.get("areas")))
    if areas:
        found.append(_("has lived experience of %(areas)s") % {"areas": ", ".join(areas).lower()})
    identities = _labels(
        _as_set(prefs.get("identities")) & _as_set(facts.get("identities")), IDENTITIES
    )
    if identities:
        found.append(_("shares: %(identities)s") % {"identities": ", ".join(identities)})
    if prefs.get("gender") and prefs.get("gender") == facts.get("gender"):
        genders = _labels([str(prefs["gender"])], GENDERS)
        found.append(_("%(gender)s, as asked") % {"gender": ", ".join(genders).lower()})
    if prefs.get("age_range") and prefs.get("age_range") == facts.get("age_range"):
        ages = _labels([str(prefs["age_range"])], AGE_RANGES)
        found.append(_("aged %(ages)s") % {"ages": ", ".join(ages)})
    days = _labels(_as_set(prefs.get("days")) & _as_set(facts.get("days")), DAYS)
    parts = _labels(_as_set(prefs.get("parts")) & _as_set(facts.get("parts")), PARTS_OF_DAY)
    if days and parts:
        found.append(
            _("available %(days)s, %(parts)s")
            % {"days": ", ".join(days), "parts": ", ".join(parts).lower()}
        )
    elif days:
        found.append(_("available %(days)s") % {"days": ", ".join(days)})
    elif parts:
        found.append(_("available %(parts)s") % {"parts": ", ".join(parts).lower()})
    ways = _labels(_as_set(prefs.get("ways")) & _as_set(facts.get("ways")), WAYS)
    if ways:
        found.append(_("meets %(ways)s") % {"ways": ", ".join(ways).lower()})
    if not found:
        found.append(_("has room to support you now"))
    return found


MANY = ("languages", "ways", "areas", "identities", "days", "parts")
ONE = ("gender", "age_range")


def _encode(
    rows: Sequence[dict[str, Any]], vocab: dict[str, dict[str, int]]
) -> dict[str, np.ndarray]:
    """One 0/1 matrix per fact: rows x the values seen for it anywhere."""
    encoded = {}
    for key in (*MANY, *ONE):
        index = vocab[key]
        matrix = np.zeros((len(rows), max(1, len(index))), dtype=np.float32)
        for i, row in enumerate(rows):
            for value in _as_set(row.get(key)):
                matrix[i, index[value]] = 1.0
        encoded[key] = matrix
    return encoded


def score_matrix(seekers: Sequence[Seeker], offers: Sequence[Offer]) -> np.ndarray:
    """``score`` for every pair at once (the same numbers, as matrix products)."""
    vocab: dict[str, dict[str, int]] = {}
    for key in (*MANY, *ONE):
        values = {v for row in seekers for v in _as_set(row.prefs.get(key))}
        values |= {v for row in offers for v in _as_set(row.facts.get(key))}
        vocab[key] = {v: n for n, v in enumerate(sorted(values))}
    wants = _encode([s.prefs for s in seekers], vocab)
    has = _encode([o.facts for o in offers], vocab)
    shared = {key: wants[key] @ has[key].T for key in (*MANY, *ONE)}
    scores = np.full((len(seekers), len(offers)), BASE, dtype=float)
    scores += LANGUAGE_WEIGHT * shared["languages"]
    scores += WAY_WEIGHT * shared["ways"]
    scores += AREA_WEIGHT * shared["areas"]
    scores += IDENTITY_WEIGHT * shared["identities"]
    scores += GENDER_WEIGHT * shared["gender"]
    scores += AGE_WEIGHT * shared["age_range"]
    scores += DAY_WEIGHT * np.minimum(2, shared["days"])
    scores += PART_WEIGHT * np.minimum(2, shared["parts"])
    # Waiting longer weighs more when room is short (up to double after 60 days).
    weight = 1.0 + np.minimum([s.waited_days for s in seekers], 60) / 60
    scores *= weight[:, None]
    # Needs: a language or a way asked for that the specialist does not share.
    for key in ("languages", "ways"):
        asked = wants[key].sum(axis=1, keepdims=True) > 0
        scores[asked & (shared[key] == 0)] = FORBIDDEN
    row_of = {s.id: i for i, s in enumerate(seekers)}
    for j, offer in enumerate(offers):
        for seeker_id in offer.kept_apart:
            if seeker_id in row_of:
                scores[row_of[seeker_id], j] = FORBIDDEN
    return scores


def propose(
    seekers: Sequence[Seeker], offers: Sequence[Offer], rounds: int = ROUNDS
) -> dict[int, list[int]]:
    """Seeker id -> up to ``rounds`` offer ids, best first, each round respecting room."""
    result: dict[int, list[int]] = {s.id: [] for s in seekers}
    if not seekers or not offers:
        return result
    scores = score_matrix(seekers, offers)
    # Capacity copies: column c stands for one place with offer columns[c].
    columns = np.repeat(np.arange(len(offers)), [max(0, o.room) for o in offers])
    if columns.size == 0:
        return result
    used = np.zeros_like(scores, dtype=bool)
    for _round in range(rounds):
        round_scores = np.where(used, FORBIDDEN, scores)
        # Only pairs anyone could accept; the rest never enter the assignment.
        possible_rows = np.flatnonzero((round_scores > FORBIDDEN / 2).any(axis=1))
        if possible_rows.size == 0:
            break
        cost = -round_scores[np.ix_(possible_rows, columns)]
        rows, cols = linear_sum_assignment(cost)
        for r, c in zip(rows, cols, strict=True):
            i = possible_rows[r]
            j = columns[c]
            if round_scores[i, j] <= FORBIDDEN / 2:
                continue
            result[seekers[i].id].append(offers[j].id)
            used[i, j] = True
    return result
