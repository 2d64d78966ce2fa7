"""Pages of a long list: a page number from the address, never an error.

Every list that grows with an organisation (or with all of them) is shown a
page at a time, so a page costs the same with ten rows or ten thousand. The
template ``includes/pagination.html`` says where the reader is ("21-40 of 312")
and links to the pages around, keeping the rest of the query string.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

T = TypeVar("T")

PER_PAGE = 25


def page_of(
    request: HttpRequest, items: Sequence[T] | Any, per_page: int = PER_PAGE, name: str = "page"
) -> Page:
    """The page the address asks for: the first for nonsense, the last past the end."""
    # get_page already refuses what is not a number (superscript digits included);
    # a very long run of digits is no page number either.
    number = request.GET.get(name, "1")
    if len(number) > 9:
        number = "1"
    return Paginator(items, per_page).get_page(number)
