"""Crisis lines in the API: public, like the line at the top of every page."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from circles.accounts.models import CrisisLine
from circles.home.crisis import Line, national_lines
from circles.lib.apiparams import BoundedPageNumberPagination, BuiltPage, ChainedItems

router = Router(tags=["help"])


class CrisisLineOut(Schema):
    name: str
    way: str
    contact: str
    description: str
    organization: str | None


def _always(line: Line) -> CrisisLineOut:
    return CrisisLineOut(
        name=str(line.name),
        way=str(line.way),
        contact=line.contact,
        description=str(line.description),
        organization=None,
    )


def _own(line: CrisisLine) -> CrisisLineOut:
    return CrisisLineOut(
        name=line.name,
        way=line.get_way_display(),
        contact=line.contact,
        description=line.description,
        organization=line.organization.name,
    )


@router.get(
    "/crisis-lines",
    response=list[CrisisLineOut],
    auth=None,
    summary="Crisis lines: the ones always shown, then each organisation's own",
    description="A page at a time (`page`, `page_size` up to 100; 50 by default); the lines "
    "always shown come first on page 1. `count` is the number of lines in all.",
)
@paginate(BoundedPageNumberPagination, page_size=50)
def crisis_lines(request: HttpRequest) -> BuiltPage[Line | CrisisLine, CrisisLineOut]:
    own = CrisisLine.objects.select_related("organization").order_by(
        "organization__name", "position", "id"
    )
    return BuiltPage(
        ChainedItems[Line | CrisisLine](national_lines(), own),
        lambda lines: [_always(x) if isinstance(x, Line) else _own(x) for x in lines],
    )
