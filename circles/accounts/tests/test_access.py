"""The permission ladder and tenant isolation, for every page under /o/<slug>/.

Adding a page under /o/ without adding it to ALLOWED_ROLES below fails these
tests on purpose: every page must say who may see it.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from circles.accounts.models import CrisisLine, Invitation, Membership, Organization, Role
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

EVERY_ROLE = {r.value for r in Role}
ADMIN = {Role.ADMIN.value}

# Who may open each page (GET). Everyone else in the organisation gets 403.
ALLOWED_ROLES: dict[str, set[str]] = {
    "org_home": EVERY_ROLE,
    "two_factor_required": EVERY_ROLE,
    "organization_settings": ADMIN,
    "crisis_line_add": ADMIN,
    "crisis_line_edit": ADMIN,
    "members": ADMIN,
    "member_detail": ADMIN,
    "member_active": ADMIN,
    "invitation_revoke": ADMIN,
}
POST_ONLY = {"member_active", "invitation_revoke"}


def org_url_names() -> list[str]:
    names: list[str] = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and "org_slug" in str(entry.pattern):
            names.extend(p.name for p in entry.url_patterns if isinstance(p, URLPattern) and p.name)
    return sorted(names)


def test_every_org_page_declares_who_may_see_it() -> None:
    assert set(org_url_names()) == set(ALLOWED_ROLES)


def objects_of(organization: Organization) -> dict[str, int]:
    """One object of each kind an /o/ URL can take an id for, owned by ``organization``."""
    membership = Membership.objects.for_org(organization).first()
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


def id_params(name: str) -> list[str]:
    pattern = next(
        p
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and "org_slug" in str(entry.pattern)
        for p in entry.url_patterns
        if isinstance(p, URLPattern) and p.name == name
    )
    return list(pattern.pattern.converters)


def url_for(name: str, slug: str, ids: dict[str, int]) -> str:
    kwargs: dict[str, Any] = {"org_slug": slug}
    for key in id_params(name):
        assert key in ids, f"test_access.py does not know how to make a {key!r} for {name}"
        kwargs[key] = ids[key]
    return reverse(name, kwargs=kwargs)


def request(client: Client, name: str, url: str) -> Any:
    return client.post(url) if name in POST_ONLY else client.get(url)


@pytest.mark.parametrize("name", sorted(ALLOWED_ROLES))
def test_permission_ladder(name: str, everyone: dict[str, Any], riverside: Any) -> None:
    url = url_for(name, "riverside", objects_of(riverside))

    anonymous = request(Client(), name, url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    assert request(client_for(everyone["outsider"]), name, url).status_code == 404

    for role in sorted(EVERY_ROLE):
        person = everyone[role]
        status = request(client_for(person), name, url).status_code
        if role in ALLOWED_ROLES[name]:
            assert status in (200, 302), f"{role} should reach {name}, got {status}"
        else:
            assert status == 403, f"{role} should be refused {name}, got {status}"


@pytest.mark.parametrize("name", sorted(ALLOWED_ROLES))
def test_tenant_isolation(
    name: str, everyone: dict[str, Any], riverside: Any, lakeshore: Any
) -> None:
    """Lakeshore's admin, in their own organisation, asks for Riverside's objects: 404."""
    riverside_ids = objects_of(riverside)
    outsider = client_for(everyone["outsider"])
    # Riverside's slug: not their organisation.
    assert request(outsider, name, url_for(name, "riverside", riverside_ids)).status_code == 404
    # Their own slug with Riverside's ids: still nothing of Riverside's.
    if id_params(name):
        own_url = url_for(name, "lakeshore", riverside_ids)
        assert request(outsider, name, own_url).status_code == 404


def test_refused_access_is_audited(participant: Any, riverside: Any) -> None:
    from circles.accounts.models import AuditEvent

    assert client_for(participant).get("/o/riverside/members/").status_code == 403
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor_id == participant.pk
    assert event.organization_id == riverside.pk
    assert event.object_id == "/o/riverside/members/"
