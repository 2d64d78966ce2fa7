"""Bounded numbers for the JSON API: past the bounds a caller gets a 422, never a 500.

An id or page number beyond what the database's integers hold used to reach a
query and fail there (OverflowError on SQLite, "out of range" on PostgreSQL).
"""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

T = TypeVar("T")
U = TypeVar("U")

# The largest primary key a BigAutoField holds, on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1
# Far past any real list; keeps the offset a small number.
MAX_PAGE = 1_000_000


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)


class BuiltPage(Generic[T, U]):
    """A list the API paginates whose rows are built only for the page asked for.

    ``@paginate`` slices what the view returns and counts it with ``len``: the
    slice runs ``items[offset:offset + size]`` in the database, and ``build``
    turns just those few into rows (say, with their results read in one query).
    """

    def __init__(
        self,
        items: "Sequence[T] | QuerySet[Any] | ChainedItems[T]",
        build: Callable[[list[T]], list[U]],
    ) -> None:
        self.items = items
        self.build = build

    def __len__(self) -> int:
        if isinstance(self.items, QuerySet):
            return self.items.count()
        return len(self.items)

    def __getitem__(self, where: slice) -> list[U]:
        return self.build(list(self.items[where]))


class ChainedItems(Generic[T]):
    """Two lists read as one for slicing and counting: a fixed list, then a query."""

    def __init__(self, first: Sequence[T], then: Sequence[T] | QuerySet[Any]) -> None:
        self.first = list(first)
        self.then = then

    def __len__(self) -> int:
        then = self.then.count() if isinstance(self.then, QuerySet) else len(self.then)
        return len(self.first) + then

    def __getitem__(self, where: slice) -> list[T]:
        start, stop, _step = where.indices(len(self.first) + 10**12)
        head = self.first[start:stop]
        rest_start = max(start - len(self.first), 0)
        rest_stop = max(stop - len(self.first), 0)
        tail = list(self.then[rest_start:rest_stop]) if rest_stop > rest_start else []
        return head + tail
