"""Training records and certificates: checked uploads, served only to who may see them."""

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.testing.fixtures import client_for
from circles.workforce.models import Certification, TrainingCertificate, TrainingRecord
from circles.workforce.tests.helpers import certify, link, train

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


def _post(client: Any, worker: Any, upload: Any = None, **changes: str) -> Any:
    data: dict[str, Any] = {
        "course": "Ethics in peer work",
        "provider": "State peer network",
        "hours": "6.5",
        "category": "ethics",
        "completed_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "counts_as_ce": "on",
    }
    data.update(changes)
    if upload is not None:
        data["certificate"] = upload
    return client.post(f"/o/riverside/workforce/people/{worker.pk}/training/new/", data)


def test_a_worker_adds_training_with_a_certificate_their_supervisor_can_open(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any
) -> None:
    link(riverside, specialist, supervisor)
    response = _post(
        client_for(specialist),
        specialist,
        SimpleUploadedFile("my cert (final).PDF", PDF, content_type="text/html"),
    )
    assert response.status_code == 302
    record = TrainingRecord.objects.get()
    certificate = TrainingCertificate.objects.get()
    assert certificate.content_type == "application/pdf"  # told by its bytes
    assert certificate.filename == "my-cert--final.pdf"
    url = f"/o/riverside/workforce/training/{record.pk}/certificate/"
    for person in (specialist, supervisor):
        served = client_for(person).get(url)
        assert served.status_code == 200
        assert served["Content-Type"] == "application/pdf"
        assert served["Content-Disposition"].startswith("attachment;")
        assert served["X-Content-Type-Options"] == "nosniff"
        assert served.content == PDF
    assert client_for(admin).get(url).status_code == 403
    assert AuditEvent.objects.filter(action="workforce.certificate_read").count() == 2


def test_a_file_that_is_not_a_certificate_is_refused_and_the_form_kept(
    riverside: Any, specialist: Any
) -> None:
    response = _post(
        client_for(specialist),
        specialist,
        SimpleUploadedFile(
            "cert.pdf", b"<script>alert(1)</script>", content_type="application/pdf"
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "PDF, PNG or JPEG" in body and "Ethics in peer work" in body
    assert not TrainingRecord.objects.exists()


def test_a_file_over_five_megabytes_is_refused(riverside: Any, specialist: Any) -> None:
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = _post(client_for(specialist), specialist, SimpleUploadedFile("big.pdf", big))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()


@pytest.mark.parametrize("hours", ["0", "-3", "201", "1e400", "²", "NaN"])
def test_odd_hours_are_a_kind_message(riverside: Any, specialist: Any, hours: str) -> None:
    response = _post(client_for(specialist), specialist, hours=hours)
    assert response.status_code == 400
    assert not TrainingRecord.objects.exists()


def test_a_certification_needs_its_expiry_after_its_issue(riverside: Any, specialist: Any) -> None:
    client = client_for(specialist)
    url = f"/o/riverside/workforce/people/{specialist.pk}/certifications/new/"
    bad = client.post(
        url, {"kind": "wi-cps", "issued_on": "2026-05-01", "expires_on": "2026-04-01"}
    )
    assert bad.status_code == 400
    assert "comes after" in bad.content.decode()
    good = client.post(
        url,
        {
            "kind": "wi-cpps",
            "number": "P-77",
            "issued_on": "2025-05-01",
            "expires_on": "2027-05-01",
        },
    )
    assert good.status_code == 302
    assert Certification.objects.get().kind == "wi-cpps"
    page = client.get(url).content.decode()
    assert "check your state" in page


def test_the_record_says_what_is_still_needed_and_by_when(riverside: Any, specialist: Any) -> None:
    today = timezone.localdate()
    certify(riverside, specialist, today + datetime.timedelta(days=60))
    train(riverside, specialist, "8", today - datetime.timedelta(days=300))
    train(riverside, specialist, "6", today - datetime.timedelta(days=30))
    train(riverside, specialist, "4", today - datetime.timedelta(days=30), counts_as_ce=False)
    train(riverside, specialist, "10", today - datetime.timedelta(days=800))  # an earlier period
    body = client_for(specialist).get("/o/riverside/workforce/").content.decode()
    assert "14 of 20 continuing-education hours done" in body
    assert "6 more by" in body
