"""Hashes for an append-only chain of records: plain SHA-256 (the first format) and HMAC-SHA256.

A record's hash covers its own fields and the hash of the record before it. With a
plain hash anyone who can write to the database can edit a record and recompute
every hash after it; with a keyed hash they also need the key, which never
lives in the database.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS_HASH = "0" * 64


def _canonical(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def plain_hash(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(_canonical(payload)).hexdigest()


def keyed_hash(payload: Mapping[str, Any], key: str) -> str:
    return hmac.new(key.encode(), _canonical(payload), hashlib.sha256).hexdigest()


def matches_any_key(payload: Mapping[str, Any], stored: str, keys: Iterable[str]) -> bool:
    """True when one of the keys (newest first, older ones still verify) gives the stored hash."""
    message = _canonical(payload)
    return any(
        hmac.compare_digest(hmac.new(key.encode(), message, hashlib.sha256).hexdigest(), stored)
        for key in keys
    )
