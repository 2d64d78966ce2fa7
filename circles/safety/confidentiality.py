"""Who has been told about confidentiality and its one limit.

Other areas read these (peerwork's caseload, the group attendance page through
``safety_tags``); they never write acknowledgements themselves but call
``circles.safety.actions.acknowledge_confidentiality``.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from circles.accounts.models import Organization
from circles.safety.models import ConfidentialityAcknowledgement, ConfidentialityStatement


def default_statement_text(organization_name: str) -> str:
    """Plain words an organisation may start from (and should make its own)."""
    return _(
        "What you share with us stays private. We do not pass it on to anyone outside "
        "%(org)s without your permission.\n\n"
        "There is one limit. If you tell us you intend to seriously harm yourself or "
        "someone else, or that someone caring for you is abusing you, we cannot keep "
        "that to ourselves. We will tell you first whenever we can, and we will involve "
        "you in what happens next.\n\n"
        "Inside our team: the peer specialist who supports you may talk about how to "
        "support you well with their supervisor. They share only what is needed, and "
        "never with other people you meet here."
    ) % {"org": organization_name}


def current_statement(organization: Organization) -> ConfidentialityStatement | None:
    """The version people are asked to acknowledge now, or None before the first one."""
    return ConfidentialityStatement.objects.for_org(organization).latest_first().first()


def told_user_ids(organization: Organization, user_ids: Iterable[Any]) -> set[int]:
    """Of ``user_ids``, who acknowledged the current version. One query, for lists."""
    ids = [i for i in user_ids if i is not None]
    if not ids:
        return set()
    latest = ConfidentialityStatement.objects.for_org(organization).latest_first().values("pk")[:1]
    return set(
        ConfidentialityAcknowledgement.objects.for_org(organization)
        .filter(statement_id__in=latest, user_id__in=ids)
        .values_list("user_id", flat=True)
    )


def is_told(organization: Organization, user: Any) -> bool:
    """Whether this person acknowledged the current version."""
    if user is None or not getattr(user, "pk", None):
        return False
    return user.pk in told_user_ids(organization, [user.pk])


def statement_for(
    organization: Organization, user: Any
) -> tuple[ConfidentialityStatement | None, bool]:
    """The current version and whether this person acknowledged it, in one query."""
    acknowledged = ConfidentialityAcknowledgement.objects.filter(
        statement=OuterRef("pk"), user_id=user.pk
    )
    found = (
        ConfidentialityStatement.objects.for_org(organization)
        .latest_first()
        .annotate(told=Exists(acknowledged))
        .first()
    )
    if found is None:
        return None, False
    return found, bool(found.told)
