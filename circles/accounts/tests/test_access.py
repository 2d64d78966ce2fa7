"""The permission ladder and tenant isolation, for every page under /o/<slug>/.

Each area declares who may open its pages in ``circles/<app>/tests/access_table*.py``
(ALLOWED, POST_ONLY, make_objects). A page under /o/ that no table mentions
fails these tests on purpose: every page must say who may see it.
"""

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import circles
from circles.accounts.models import Organization
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

PERSONAS = ["admin", "supervisor", "specialist", "observer", "participant"]


def access_tables() -> list[ModuleType]:
    tables = []
    root = Path(circles.__file__).parent
    for app in sorted(p for p in root.iterdir() if (p / "tests").is_dir()):
        for info in pkgutil.iter_modules([str(app / "tests")]):
            if info.name.startswith("access_table"):
                tables.append(importlib.import_module(f"circles.{app.name}.tests.{info.name}"))
    return tables


TABLES = access_tables()
ALLOWED: dict[str, set[str]] = {k: v for t in TABLES for k, v in t.ALLOWED.items()}
POST_ONLY: set[str] = {name for t in TABLES for name in getattr(t, "POST_ONLY", set())}


def org_patterns() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and "org_slug" in str(entry.pattern):
            for p in entry.url_patterns:
                if isinstance(p, URLPattern) and p.name:
                    found[p.name] = p
    return found


def test_every_org_page_declares_who_may_see_it() -> None:
    assert set(org_patterns()) == set(ALLOWED)


def objects_of(organization: Organization, people: dict[str, Any]) -> dict[str, dict[str, int]]:
    """The ids to fill in each page's address.

    A page takes its ids from its own table first, so the objects a table makes belong
    together (a request to join in its own group, even when other tables also make a
    "group_id"); ids its table does not make come from any other table.
    """
    made = [(table, table.make_objects(organization, people)) for table in TABLES]
    shared: dict[str, int] = {}
    for _table, ids in made:
        shared.update(ids)
    return {name: shared | ids for table, ids in made for name in table.ALLOWED}


def url_for(name: str, slug: str, ids: dict[str, dict[str, int]]) -> str:
    kwargs: dict[str, Any] = {"org_slug": slug}
    for key in org_patterns()[name].pattern.converters:
        assert key in ids[name], f"no access_table's make_objects makes a {key!r} for {name}"
        kwargs[key] = ids[name][key]
    return reverse(name, kwargs=kwargs)


def request(client: Client, name: str, url: str) -> Any:
    return client.post(url) if name in POST_ONLY else client.get(url)


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_permission_ladder(name: str, everyone: dict[str, Any], riverside: Any) -> None:
    url = url_for(name, "riverside", objects_of(riverside, everyone))

    anonymous = request(Client(), name, url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    assert request(client_for(everyone["outsider"]), name, url).status_code == 404

    for persona in PERSONAS:
        status = request(client_for(everyone[persona]), name, url).status_code
        if persona in ALLOWED[name]:
            assert status in (200, 302), f"{persona} should reach {name}, got {status}"
        else:
            assert status == 403, f"{persona} should be refused {name}, got {status}"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_tenant_isolation(
    name: str, everyone: dict[str, Any], riverside: Any, lakeshore: Any
) -> None:
    """Lakeshore's admin asks for Riverside's objects: 404, under either address."""
    riverside_ids = objects_of(riverside, everyone)
    outsider = client_for(everyone["outsider"])
    assert request(outsider, name, url_for(name, "riverside", riverside_ids)).status_code == 404
    if org_patterns()[name].pattern.converters:
        own_url = url_for(name, "lakeshore", riverside_ids)
        assert request(outsider, name, own_url).status_code == 404


def test_refused_access_is_audited(participant: Any, riverside: Any) -> None:
    from circles.accounts.models import AuditEvent

    assert client_for(participant).get("/o/riverside/members/").status_code == 403
    event = AuditEvent.objects.get(action="access.refused")
    assert event.actor_id == participant.pk
    assert event.organization_id == riverside.pk
    assert event.object_id == "/o/riverside/members/"
