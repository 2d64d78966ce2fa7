"""The person a concern is about cannot read it by any address, nor learn it is there.

Four ways to be its subject, each for a supervisor or admin who otherwise looks
after concerns: named as the person; named admin; facilitator of the named
group; leader of the named meeting. For each, the list leaves it out, its page
and every action answer 404 exactly as for a concern that does not exist, and no
page under /o/ (homes included) shows its words or links to it. Meanwhile
someone else may read it, so the test would notice if it were hidden from all.
"""

import re
from typing import Any

import pytest

from circles.accounts.models import AuditEvent, Organization, User
from circles.accounts.tests.test_access import POST_ONLY, objects_of, org_patterns, url_for
from circles.feedback.actions import submit_complaint
from circles.feedback.models import Complaint, ComplaintMessage
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

WORDS = "Marigold-7 said something unkind at the door"
HOPED = "Periwinkle-3 would like an apology"
CONTACT = "tangerine-9@example.com"
SECRETS = (WORDS, HOPED, CONTACT, "Marigold-7", "Periwinkle-3", "tangerine-9")


def about_the_supervisor(riverside: Organization, people: dict[str, User]) -> tuple[User, Any]:
    return people["supervisor"], submit_complaint(
        riverside, about="person", about_person=people["supervisor"], text=WORDS, hoped_for=HOPED
    )


def about_the_admin(riverside: Organization, people: dict[str, User]) -> tuple[User, Any]:
    return people["admin"], submit_complaint(
        riverside, about="person", about_person=people["admin"], text=WORDS, hoped_for=HOPED
    )


def about_a_group_the_admin_facilitates(
    riverside: Organization, people: dict[str, User]
) -> tuple[User, Any]:
    group = make_group(riverside, facilitators=[people["admin"]], name="Sunday circle")
    join_group(group, people["participant"])
    return people["admin"], submit_complaint(
        riverside, about="group", group=group, text=WORDS, hoped_for=HOPED
    )


def about_a_meeting_the_supervisor_led(
    riverside: Organization, people: dict[str, User]
) -> tuple[User, Any]:
    group = make_group(riverside, facilitators=[people["specialist"]], name="Monday circle")
    meeting = make_meeting(group, leader=people["supervisor"])
    return people["supervisor"], submit_complaint(
        riverside,
        about="meeting",
        group=group,
        meeting=meeting,
        meeting_date=meeting.starts_at.date(),
        text=WORDS,
        hoped_for=HOPED,
    )


WAYS = [
    about_the_supervisor,
    about_the_admin,
    about_a_group_the_admin_facilitates,
    about_a_meeting_the_supervisor_led,
]


def raise_it(way: Any, riverside: Organization, everyone: dict[str, User]) -> tuple[User, Any]:
    subject, submitted = way(riverside, everyone)
    return subject, submitted.complaint


def as_seen(response: Any, url: str) -> str:
    """The page without its one-off CSRF tokens and its own address (the language form's)."""
    page = response.content.decode().replace(url, "URL")
    return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"', "", page)


def other_handler(subject: User, everyone: dict[str, User]) -> User:
    return everyone["admin"] if subject == everyone["supervisor"] else everyone["supervisor"]


@pytest.mark.parametrize("way", WAYS, ids=lambda w: w.__name__)
def test_the_subject_is_told_nothing_by_the_list_the_page_or_any_action(
    way: Any, riverside: Organization, everyone: dict[str, User]
) -> None:
    subject, complaint = raise_it(way, riverside, everyone)
    link = f"/o/riverside/complaints/{complaint.pk}/"
    missing = Complaint.objects.order_by("-pk").first().pk + 1000  # type: ignore[union-attr]

    # Someone else looks after it and reads it; so it is there to be hidden.
    other = client_for(other_handler(subject, everyone))
    assert link in other.get("/o/riverside/complaints/?show=all").content.decode()
    assert WORDS in other.get(link).content.decode()

    client = client_for(subject)
    for show in ("", "?show=all", "?show=resolved"):
        page = client.get("/o/riverside/complaints/" + show).content.decode()
        assert link not in page and "Marigold" not in page
    response = client.get(link)
    assert response.status_code == 404
    missing_link = f"/o/riverside/complaints/{missing}/"
    not_there = client.get(missing_link)
    assert not_there.status_code == 404
    # Nothing tells "about you" apart from "does not exist".
    assert as_seen(response, link) == as_seen(not_there, missing_link)

    before = (complaint.status, complaint.assigned_to_id)
    posts = {
        "reply": {"reply-text": "I was never rude"},
        "note": {"note-text": "Not true"},
        "status": {"status": "resolved"},
        "assign": {"handler": subject.memberships.get().pk},
    }
    for action, data in posts.items():
        assert client.post(f"{link}{action}/", data).status_code == 404
        assert client.get(f"{link}{action}/").status_code == 404
    complaint.refresh_from_db()
    assert (complaint.status, complaint.assigned_to_id) == before
    assert not ComplaintMessage.objects.exists()
    reads = AuditEvent.objects.filter(action__startswith="complaint.", actor_id=subject.pk)
    assert not reads.exists()


@pytest.mark.parametrize("way", WAYS, ids=lambda w: w.__name__)
def test_no_page_under_o_shows_the_subject_its_words_or_a_link_to_it(
    way: Any, riverside: Organization, lakeshore: Organization, everyone: dict[str, User]
) -> None:
    ids = objects_of(riverside, everyone)  # something on every page, as the ladder test has
    subject, complaint = raise_it(way, riverside, everyone)
    link = f"/o/riverside/complaints/{complaint.pk}/"
    client = client_for(subject)
    pages: list[str] = ["/", "/o/riverside/"]
    for name in sorted(org_patterns()):
        if name not in POST_ONLY:
            pages.append(url_for(name, "riverside", ids))
    for show in ("?show=all", "?show=resolved"):
        pages.append("/o/riverside/complaints/" + show)
    seen = 0
    for url in pages:
        response = client.get(url)
        body = response.content.decode(errors="replace")
        for secret in SECRETS:
            assert secret not in body, f"{url} shows {secret!r} to the person it is about"
        assert link not in body, f"{url} links the person it is about to it"
        seen += response.status_code == 200
    # The walk really read pages (a broken login would make every page pass).
    assert seen > 20
    # And the same walk as someone allowed to read it does find the words.
    assert WORDS in client_for(other_handler(subject, everyone)).get(link).content.decode()
