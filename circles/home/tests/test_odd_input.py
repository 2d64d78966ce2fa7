"""No page answers 500, whatever is typed, posted or put in its address.

Every signed-in page under /o/<slug>/ (as each person who may open it) and every
public page that takes input is read; each of its forms gets the odd values in
``ODD_VALUES`` in every field and a fixed set of Hypothesis-generated values one
field at a time (hidden fields and buttons included), each query parameter the
view reads gets the same, and so does each parameter in its path. The run is
deterministic, so CI sees the same requests every time, on SQLite and PostgreSQL
(under DATABASE_URL).
"""

import time
from typing import Any

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path

from circles.testing.odd_input import (
    ODD_VALUES,
    Sender,
    Survey,
    Target,
    build_world,
    quiet_errors,
    read_page,
    summarise,
    try_named_values,
)

pytestmark = pytest.mark.django_db

# Generated examples per form or query, beyond the named odd values.
EXAMPLES = 6

SQLITE, POSTGRESQL = "sqlite", "postgresql"
BOTH = {SQLITE, POSTGRESQL}

# (URL name, field) -> the databases on which it answers 500 today. The test passes
# over these and fails on any other. Remove each as it is fixed (the run prints the
# ones that no longer fail) until it is empty. "<key>" is a parameter in the address.
KNOWN_500S: dict[tuple[str, str], set[str]] = {}


@pytest.mark.slow
def test_no_page_answers_500_to_odd_input(capsys: Any) -> None:
    started = time.monotonic()
    survey = Survey(build_world())
    with quiet_errors():
        survey.run()
        survey.try_forms(EXAMPLES)
        survey.try_paths()
    failures = survey.failures()
    known = {key for key, databases in KNOWN_500S.items() if connection.vendor in databases}
    new = [f for f in failures if (f.url_name, f.field) not in known]
    fixed = known - {(f.url_name, f.field) for f in failures}
    with capsys.disabled():
        print(f"\nodd input: {survey.sent()} requests in {time.monotonic() - started:.0f} s")
        if fixed:
            print(f"no longer 500 on {connection.vendor}, take out of KNOWN_500S:", sorted(fixed))
    lines = summarise(new)
    assert not new, (
        f"{len(lines)} fields answered 500 to odd input (view | field | values | errors):\n"
        + "\n".join(lines)
    )


# The survey itself: a check that could not see a 500 would pass for ever.


def sums(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(int(request.POST.get("number", "0")) + 1))


urlpatterns = [path("sums/", sums, name="sums")]


def test_the_page_reader_sends_what_a_browser_would() -> None:
    page = read_page(
        '<form method="post" action="/x/"><input type="hidden" name="op" value="add">'
        '<input name="title" value="Hi"><input type="checkbox" name="a" value="1" checked>'
        '<input type="checkbox" name="b" value="2"><select name="s"><option value="p">P'
        '<option value="q" selected>Q</select><textarea name="t">note</textarea>'
        '<button name="go" value="now">Go</button><input type="file" name="f"></form>'
        '<a href="/y/">y</a>'
    )
    [form] = page.forms
    assert (form.method, form.action) == ("post", "/x/")
    assert form.names == ["op", "title", "a", "b", "s", "t", "go"]
    assert form.defaults == [("op", "add"), ("title", "Hi"), ("a", "1"), ("s", "q"), ("t", "note")]
    assert form.buttons == [("go", "now")]
    assert page.links == ["/y/"]


@pytest.mark.urls(__name__)
def test_a_500_is_traced_to_its_field_and_value() -> None:
    sender = Sender(None)
    target = Target("anonymous", "post", "/sums/", ["number", "other"], [("number", "1")])
    with quiet_errors():
        try_named_values(sender, target)
    found = {(f.url_name, f.field, f.value) for f in sender.failures}
    assert ("sums", "number", ODD_VALUES["superscript digit"]) in found
    assert ("sums", "number", "") in found
    assert not [f for f in sender.failures if f.field != "number"]
    assert sender.sent == 2 * len(ODD_VALUES)
