"""Crisis lines in the API: public, like the line at the top of every page."""

from django.http import HttpRequest
from ninja import Router, Schema

from circles.accounts.models import CrisisLine
from circles.home.crisis import national_lines

router = Router(tags=["help"])


class CrisisLineOut(Schema):
    name: str
    way: str
    contact: str
    description: str
    organization: str | None


@router.get(
    "/crisis-lines",
    response=list[CrisisLineOut],
    auth=None,
    summary="Crisis lines: the ones always shown, then each organisation's own",
)
def crisis_lines(request: HttpRequest) -> list[CrisisLineOut]:
    lines = [
        CrisisLineOut(
            name=str(line.name),
            way=str(line.way),
            contact=line.contact,
            description=str(line.description),
            organization=None,
        )
        for line in national_lines()
    ]
    for line in CrisisLine.objects.select_related("organization").order_by(
        "organization__name", "position", "id"
    ):
        lines.append(
            CrisisLineOut(
                name=line.name,
                way=line.get_way_display(),
                contact=line.contact,
                description=line.description,
                organization=line.organization.name,
            )
        )
    return lines
