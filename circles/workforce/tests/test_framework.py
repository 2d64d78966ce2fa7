"""The framework ships as data, loads idempotently, and each organisation shapes its own."""

from typing import Any

import pytest

from circles.testing.fixtures import client_for
from circles.workforce.framework import framework_data, load_framework
from circles.workforce.models import Competency, FrameworkArea, HiddenCompetency

pytestmark = pytest.mark.django_db


def test_every_cluster_item_and_matrix_row_is_loaded() -> None:
    clusters = FrameworkArea.objects.filter(kind="cluster")
    matrices = FrameworkArea.objects.filter(kind="matrix")
    assert clusters.count() == 6
    assert matrices.count() == 3
    shipped = Competency.objects.filter(organization__isnull=True)
    assert shipped.filter(area__kind="cluster").count() == 28
    rows = shipped.filter(area__kind="matrix")
    assert rows.count() == 11
    assert all(len(row.stages) == 4 for row in rows)


def test_loading_again_changes_nothing_and_retires_what_the_data_dropped() -> None:
    before = list(Competency.objects.values_list("pk", "text").order_by("pk"))
    load_framework(FrameworkArea, Competency)
    assert list(Competency.objects.values_list("pk", "text").order_by("pk")) == before
    gone = Competency.objects.create(
        area=FrameworkArea.objects.get(key="support"), key="an-old-item", text="Old wording."
    )
    load_framework(FrameworkArea, Competency)
    gone.refresh_from_db()
    assert gone.retired
    assert framework_data()["version"] == 1


def test_an_admin_hides_an_item_and_adds_one_of_their_own(
    riverside: Any, lakeshore: Any, admin: Any, specialist: Any
) -> None:
    client = client_for(admin)
    item = Competency.objects.get(key="accompanies")
    response = client.post(f"/o/riverside/workforce/framework/items/{item.pk}/hide/")
    assert response.status_code == 302
    assert HiddenCompetency.objects.filter(organization=riverside, competency=item).exists()
    assert item not in Competency.objects.in_use(riverside)
    assert item in Competency.objects.in_use(lakeshore)  # only Riverside hid it

    area = FrameworkArea.objects.get(key="support")
    client.post(
        "/o/riverside/workforce/framework/items/new/",
        {"area": area.pk, "text": "Welcomes newcomers to groups."},
    )
    own = Competency.objects.get(text="Welcomes newcomers to groups.")
    assert own.organization == riverside
    assert own in Competency.objects.in_use(riverside)
    assert own not in Competency.objects.in_use(lakeshore)

    page = client_for(specialist).get("/o/riverside/workforce/framework/").content.decode()
    assert "Welcomes newcomers to groups." in page
    assert "Hidden here" in page
    assert "Hide here" not in page  # only admins change the framework

    client.post(f"/o/riverside/workforce/framework/items/{item.pk}/show/")
    assert item in Competency.objects.in_use(riverside)
