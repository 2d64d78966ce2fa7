"""Bounded numbers for the JSON API: past the bounds a caller gets a 422, never a 500.

An id or page number beyond what the database's integers hold used to reach a
query and fail there (OverflowError on SQLite, "out of range" on PostgreSQL).
"""

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

# The largest primary key a BigAutoField holds, on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1
# Far past any real list; keeps the offset a small number.
MAX_PAGE = 1_000_000


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
