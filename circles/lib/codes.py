"""Short codes people read aloud, type on a phone or keep on paper.

One alphabet for every code (check-in, polls, feedback sheets, complaint
receipts): capital letters and digits without the ones that look alike (no
O/0, I/1). Typing is forgiving: spaces, dashes and small letters are fine.
"""

import re
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_ALPHABET_SET = frozenset(ALPHABET)
_SEPARATORS = re.compile(r"[\s\-]+")


def generate(length: int) -> str:
    """A new random code: each character carries 5 bits."""
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(typed: str) -> str:
    """The code as stored: without the spaces and dashes people type, in capitals."""
    return _SEPARATORS.sub("", typed).upper()


def is_well_formed(code: str, length: int) -> bool:
    """Whether a normalised code could be one of ours (checking costs nothing then)."""
    return len(code) == length and set(code) <= _ALPHABET_SET


def grouped(code: str, size: int, separator: str) -> str:
    """The code in groups, easier to read out and copy: ``grouped(c, 4, "-")``."""
    return separator.join(code[i : i + size] for i in range(0, len(code), size))
