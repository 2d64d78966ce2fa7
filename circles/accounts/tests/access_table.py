"""Who may open each /o/<slug>/ page of the accounts and home areas.

Keys are URL names; values are the personas (see circles/testing/fixtures.py)
who get through. Every other Riverside persona gets 403; Lakeshore's outsider 404.
"""

from typing import Any

from circles.accounts.models import CrisisLine, Invitation, Membership, Organization, Role

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}
ADMIN = {"admin"}

ALLOWED: dict[str, set[str]] = {
    "org_home": EVERYONE,
    "two_factor_required": EVERYONE,
    "organization_settings": ADMIN,
    "crisis_line_add": ADMIN,
    "crisis_line_edit": ADMIN,
    "crisis_line_remove": ADMIN,
    "members": ADMIN,
    "member_detail": ADMIN,
    "member_deactivate": ADMIN,
    "member_reactivate": ADMIN,
    "invitation_revoke": ADMIN,
}
POST_ONLY = {"crisis_line_remove", "member_deactivate", "member_reactivate", "invitation_revoke"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    membership = Membership.objects.for_org(organization).order_by("pk").first()
    assert membership is not None
    invitation = Invitation.objects.create(
        organization=organization,
        email=f"new@{organization.slug}.example",
        role=Role.PARTICIPANT,
        token_hash=f"{organization.slug}-hash",
        expires_at=Invitation.default_expiry(),
    )
    line = CrisisLine.objects.create(
        organization=organization, name="Local line", way="call", contact="555"
    )
    return {"membership_id": membership.pk, "invitation_id": invitation.pk, "line_id": line.pk}
