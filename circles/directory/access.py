"""Who may read which directory records.

Published directories are open to everyone, with or without an account: the
only public way in is through ``published()``. A directory that is not
published is its owner's business (pages for staff decide there).
"""

import uuid

from django.http import Http404

from circles.directory.models import DirectoryOrganization, Service


def _hsds_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404("No such record.") from None


def get_published_service(hsds_id: str) -> Service:
    """A service of a published directory, or 404.

    HSDS ids are unique within one directory; should two published
    directories hold the same record, the older directory's copy answers.
    """
    found = (
        Service.objects.published().filter(hsds_id=_hsds_id(hsds_id)).order_by("owner_id").first()
    )
    if found is None:
        raise Http404("No such service.")
    return found


def get_published_organization(hsds_id: str) -> DirectoryOrganization:
    found = (
        DirectoryOrganization.objects.published()
        .filter(hsds_id=_hsds_id(hsds_id))
        .order_by("owner_id")
        .first()
    )
    if found is None:
        raise Http404("No such organization.")
    return found
