"""Odd input for every page: find each page's forms and query parameters, send odd values.

Used by ``circles/home/tests/test_odd_input.py``. The world is the demo data plus
the objects each area's ``access_table*.py`` makes; the pages are found by
walking the URL resolver, and the fields by reading each page's ``<form>``
elements, so a new page or field is covered without touching this module.
"""

import datetime
import importlib
import inspect
import json
import logging
import pkgutil
import re
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import circles
from circles.accounts.models import Invitation, Organization, Role, User, hash_token
from circles.feedback.demo import DEMO_RECEIPT
from circles.groups.models import Availability, CalendarFeed
from circles.home.demo import RIVERSIDE_PEOPLE, load_demo_data
from circles.meetings.models import Poll
from circles.testing.fixtures import join_group, make_group, make_meeting, make_member

# The values a careless or hostile sender tries first; each is sent to every field.
ODD_VALUES: dict[str, str] = {
    "NUL byte": "ab\x00cd",
    "superscript digit": "²",
    "5,000 digits": "9" * 5000,
    "20 digits": "9" * 20,
    "impossible date": "2026-02-30",
    "impossible datetime": "2026-02-30T10:00:00+00:00",
    "negative number": "-1",
    "empty": "",
    "very long": "a" * 20_000,
    "unicode": "Zoë 🌈 𝔲𝔫𝔦𝔠𝔬𝔡𝔢 \u202eالعربية",
    "JSON": '{"current_item": "²", "started_at": "2026-02-30T10:00:00+00:00", "x": [null]}',
}

# Inputs a script sends rather than a <form>: URL name -> field names (posted as a
# form and as a JSON body).
SCRIPT_INPUTS: dict[str, tuple[str, ...]] = {
    "meeting_runshow_state": ("current_item", "started_at"),
}

# Who to try each signed-in page as, most able first; the first allowed sees most forms.
PERSONAS = ["admin", "specialist", "supervisor", "observer", "participant"]
# Public pages that do not take input, or belong to another tool.
NO_INPUT = {"landing", "find_help", "healthz", "favicon", "after_login", "choose_org"}
SKIPPED_PREFIXES = ("admin/", "accounts/", "api/")


def odd_text() -> st.SearchStrategy[str]:
    """Strings a form field might receive: the named odd values and generated ones."""
    return st.one_of(
        st.sampled_from([*ODD_VALUES.values(), "1e400", "NaN", "0x1F", " 7 ", "1_000", "٣"]),
        st.text(max_size=40),
        st.integers().map(str),
        st.integers(min_value=10**18, max_value=10**40).map(str),
        st.dates().map(str),
        st.datetimes().map(lambda d: d.isoformat()),
        st.floats().map(str),
        st.lists(st.integers() | st.text(max_size=5), max_size=3).map(json.dumps),
        st.text(max_size=10).map(lambda t: t + "\x00"),
    )


def odd_json() -> st.SearchStrategy[Any]:
    """Values inside a JSON body: odd strings and every JSON type."""
    return st.one_of(
        odd_text(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.booleans(),
        st.none(),
        st.lists(st.integers(), max_size=3),
    )


# Reading pages ---------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    # Every field the browser would send, with what it sends unchanged.
    defaults: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class PageReader(HTMLParser):
    """Collect the <form>s (their fields, defaults and named buttons) and <a href>s."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: tuple[str, list[str], list[str]] | None = None
        self._option: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def _add(self, name: str, value: str | None) -> None:
        assert self._form is not None
        if name not in self._form.names:
            self._form.names.append(name)
        if value is not None:
            self._form.defaults.append((name, value))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or (tag != "option" and not a.get("name")):
            return
        name = a.get("name", "")
        kind = a.get("type", "text").lower()
        if tag == "input":
            if kind in ("submit", "image"):
                self._form.buttons.append((name, a.get("value", "")))
                self._add(name, None)
            elif kind in ("checkbox", "radio"):
                self._add(name, a.get("value", "on") if "checked" in a else None)
            elif kind != "file":
                self._add(name, a.get("value", ""))
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._form.buttons.append((name, a.get("value", "")))
            self._add(name, None)
        elif tag == "select":
            self._select = (name, [], [])
            self._form.names.append(name)
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            self._text = []
            if "selected" in a:
                self._select[2].append(self._option or "")
        elif tag == "textarea":
            self._textarea = name
            self._text = []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option if self._option is not None else "".join(self._text).strip()
            self._select[1].append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, options, chosen = self._select
            for value in chosen or options[:1]:
                self._form.defaults.append((name, value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._add(self._textarea, "".join(self._text))
            self._textarea = None


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


# The world -------------------------------------------------------------------


@dataclass
class World:
    organization: Organization
    people: dict[str, User]
    ids: dict[str, int]
    allowed: dict[str, set[str]]
    extra_paths: list[str]


def access_tables() -> list[ModuleType]:
    tables = []
    root = Path(circles.__file__).parent
    for app in sorted(p for p in root.iterdir() if (p / "tests").is_dir()):
        for info in pkgutil.iter_modules([str(app / "tests")]):
            if info.name.startswith("access_table"):
                tables.append(importlib.import_module(f"circles.{app.name}.tests.{info.name}"))
    return tables


def build_world() -> World:
    """The demo data, every area's access-table objects, and what the public pages
    need: an open meeting with a poll, a calendar feed, an invitation, a receipt."""
    load_demo_data()
    riverside = Organization.objects.get(slug="riverside")
    people: dict[str, User] = {}
    for email, _name, _pronouns, _role in RIVERSIDE_PEOPLE:
        # The demo's people are the personas: admin@, specialist@, participant2@...
        people[email.split("@")[0]] = User.objects.get(email=email)
    people["outsider"] = User.objects.get(email="outsider@example.net")
    ids: dict[str, int] = {}
    allowed: dict[str, set[str]] = {}
    for table in access_tables():
        ids.update(table.make_objects(riverside, people))
        allowed.update(table.ALLOWED)
    # What only an email, a QR code or a screen at the meeting shows: made here.
    group = make_group(riverside, facilitators=[people["specialist"]], name="Odd input circle")
    join_group(group, people["participant"])
    started = timezone.now() - datetime.timedelta(minutes=30)
    meeting = make_meeting(group, when=started.replace(microsecond=0))
    poll = Poll.objects.create(
        organization=riverside,
        meeting=meeting,
        question="How is everyone?",
        options=["Good", "So-so"],
        created_by=people["specialist"],
    )
    # Someone interested in a group, whom its availability page can remove.
    Availability.objects.create(
        organization=riverside, group_id=ids["group_id"], label="Sky", slots=["tue-evening"]
    )
    # Someone the observers page can offer to ask.
    make_member(riverside, Role.OBSERVER, "observer2@example.org", "Quinn")
    feed = CalendarFeed.objects.create(user=people["participant"], key=CalendarFeed.new_key())
    token = "odd-input-invitation-token"
    Invitation.objects.create(
        organization=riverside,
        email="invited@example.org",
        role=Role.PARTICIPANT,
        token_hash=hash_token(token),
        expires_at=Invitation.default_expiry(),
    )
    extra = [
        reverse("accept_invitation", args=[token]),
        reverse("complaint_followup", args=[DEMO_RECEIPT]),
        reverse("complaint_new") + "?org=riverside",
        reverse("feedback_answer", args=[meeting.feedback_token]),
        reverse("checkin", args=[meeting.checkin_code]),
        reverse("poll_answer", args=[poll.code]),
        reverse("personal_calendar", args=[feed.key]),
    ]
    return World(riverside, people, ids, allowed, extra)


def url_patterns() -> Iterator[tuple[str, URLPattern]]:
    """(prefix, pattern) for every named page Circles itself serves."""

    def walk(entries: list[Any], prefix: str) -> Iterator[tuple[str, URLPattern]]:
        for entry in entries:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and entry.name:
                yield route, entry

    yield from walk(get_resolver().url_patterns, "")


def get_param_names(callback: Callable[..., Any]) -> set[str]:
    """Query parameters the view reads by hand (forms show theirs on the page)."""
    source = inspect.getsource(inspect.unwrap(callback))
    return set(re.findall(r"request\.GET\.get(?:list)?\(\s*[\"'](\w+)[\"']", source))


# Sending ---------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    url_name: str
    field: str
    value: Any
    error: str


def summarise(failures: list[Failure]) -> list[str]:
    """One line per (page, field): the values that broke it and each distinct error."""
    grouped: dict[tuple[str, str], list[Failure]] = {}
    for failure in failures:
        grouped.setdefault((failure.url_name, failure.field), []).append(failure)
    lines = []
    for (url_name, name), found in sorted(grouped.items()):
        values = ", ".join(sorted({label(f.value) for f in found}))
        errors = " / ".join(sorted({f.error for f in found}))
        lines.append(f"{url_name} | {name} | {values} | {errors}")
    return lines


def label(value: Any) -> str:
    for name, odd in ODD_VALUES.items():
        if value == odd:
            return name
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def url_name_of(path: str) -> str:
    try:
        return resolve(urlsplit(path).path).url_name or "?"
    except Resolver404:
        return "?"


@contextmanager
def quiet_errors() -> Iterator[None]:
    """Django logs each 500 with its traceback; the test reports them once, together."""
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Sender:
    """Sends requests as one person, each inside a savepoint rolled back afterwards,
    so every request meets the same world, and records every 500."""

    def __init__(self, user: User | None) -> None:
        self.client = Client(raise_request_exception=False, REMOTE_ADDR="203.0.113.7")
        if user is not None:
            self.client.force_login(user)
        session = self.client.cookies.get(django_settings.SESSION_COOKIE_NAME)
        self.session_value = session.value if session else None
        self.failures: list[Failure] = []
        self.sent = 0

    def send(
        self,
        method: str,
        path: str,
        pairs: list[tuple[str, str]] | None = None,
        body: str | None = None,
        what: tuple[str, Any] | None = None,
    ) -> Any:
        """GET with ``pairs`` as the query, or POST them as a browser would (or ``body``
        as JSON); record a 500 as ``what`` = (field, value)."""
        # Nothing carries over between requests: the savepoint takes back every row
        # (limiter counts included), and the cache is emptied.
        cache.clear()
        self.client.cookies = SimpleCookie()
        if self.session_value is not None:
            self.client.cookies[django_settings.SESSION_COOKIE_NAME] = self.session_value
        self.sent += 1
        query = urlencode(pairs or [])
        with transaction.atomic():
            if method == "get":
                joiner = "&" if "?" in path else "?"
                response = self.client.get(path + (joiner + query if query else ""))
            elif body is not None:
                response = self.client.post(path, body, content_type="application/json")
            else:
                response = self.client.post(
                    path, query, content_type="application/x-www-form-urlencoded"
                )
            transaction.set_rollback(True)
        if response.status_code >= 500 and what is not None:
            self.failures.append(Failure(url_name_of(path), what[0], what[1], last_line(response)))
        return response


def last_line(response: Any) -> str:
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return f"status {response.status_code}"
    frame = traceback.extract_tb(exc_info[2])[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}"
    message = str(exc_info[1]).splitlines()[0] if str(exc_info[1]) else ""
    return f"{exc_info[0].__name__}: {message[:120]} ({where})"


def with_value(pairs: list[tuple[str, str]], names: list[str], value: str) -> list[tuple[str, str]]:
    """The form as sent, with every field in ``names`` holding ``value`` instead."""
    kept = [(k, v) for k, v in pairs if k not in names]
    return kept + [(name, value) for name in names]


# Finding what to send ----------------------------------------------------------


@dataclass
class Target:
    """One place that takes input: a form, a page's query, or a script's endpoint."""

    sender: str
    method: str
    path: str
    names: list[str]
    defaults: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    json: bool = False

    def pairs(self, button: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        chosen = button or (self.buttons[0] if self.buttons else None)
        extra = [chosen] if chosen and chosen[0] else []
        return self.defaults + extra


def path_of(page: str, action: str) -> str | None:
    """The local path a form sends to, or None for another site or another tool."""
    parts = urlsplit(action)
    if parts.scheme or parts.netloc:
        return None
    if not action:
        return page
    path = action if action.startswith("/") else page.rsplit("/", 1)[0] + "/" + action
    if path.lstrip("/").startswith(SKIPPED_PREFIXES):
        return None
    return path


CSRF_FIELD = "csrfmiddlewaretoken"
# Fields whose value chooses what a form does; a form per value is a form of its own.
CHOOSERS = {"op", "action"}


def shape(form: Form) -> tuple[Any, ...]:
    """What makes two forms the same form: their field names (numbers in them aside)
    and the values that choose what they do."""
    names = tuple(sorted({re.sub(r"\d+", "#", name) for name in form.names}))
    chosen = [(n, v) for n, v in form.defaults + form.buttons if n in CHOOSERS]
    return (names, tuple(sorted(set(chosen))))


class Survey:
    """Walks every page as the people who may see it and lists what takes input."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.senders: dict[str, Sender] = {"anonymous": Sender(None)}
        for name in PERSONAS:
            self.senders[name] = Sender(world.people[name])
        self.targets: dict[tuple[Any, ...], Target] = {}
        self.links: list[str] = list(world.extra_paths)
        # Pages some form posts to, so odd values in their path are posted as well.
        self.posted: set[str] = set()
        self.patterns = {str(p.name): (route, p) for route, p in url_patterns()}

    def visit(self, who: str, path: str) -> None:
        response = self.senders[who].send("get", path, what=("(page)", ""))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        page = read_page(response.content.decode())
        self.links.extend(link for link in page.links if link.startswith("/"))
        for form in page.forms:
            action = path_of(path, form.action)
            # The test client does not check CSRF tokens; sending odd ones tests nothing.
            form.names = [n for n in form.names if n != CSRF_FIELD]
            form.defaults = [(n, v) for n, v in form.defaults if n != CSRF_FIELD]
            if action is None:
                continue
            if form.method == "post":
                self.posted.add(url_name_of(action))
            if not form.names:
                continue
            self.targets.setdefault(
                (form.method, url_name_of(action), *shape(form)),
                Target(who, form.method, action, form.names, form.defaults, form.buttons),
            )
        view = resolve(urlsplit(path).path)
        names = sorted(get_param_names(view.func))
        if names:
            self.targets.setdefault(("query", view.url_name), Target(who, "get", path, names))

    def org_path(self, name: str) -> str:
        _route, pattern = self.patterns[name]
        kwargs: dict[str, Any] = {"org_slug": self.world.organization.slug}
        for key in pattern.pattern.converters:
            kwargs[key] = self.world.ids[key]
        return reverse(name, kwargs=kwargs)

    def run(self) -> None:
        public = [n for n, (route, _p) in self.patterns.items() if not route.startswith("o/<")]
        for name in sorted(self.world.allowed):
            path = self.org_path(name)
            for who in PERSONAS:
                if who in self.world.allowed[name]:
                    self.visit(who, path)
            if name in SCRIPT_INPUTS:
                who = next(p for p in PERSONAS if p in self.world.allowed[name])
                fields = list(SCRIPT_INPUTS[name])
                self.targets[("script", name)] = Target(who, "post", path, fields)
                self.targets[("json", name)] = Target(who, "post", path, fields, json=True)
        # Public pages: plain ones first, so their links give real ids and codes.
        for name in sorted(public, key=lambda n: bool(self.patterns[n][1].pattern.converters)):
            if name in NO_INPUT:
                continue
            for path in self.public_paths(name):
                for who in ("anonymous", "participant"):
                    self.visit(who, path)

    def public_paths(self, name: str) -> list[str]:
        """A real address of the page, and any the world names (with a query)."""
        found = [link for link in self.world.extra_paths if url_name_of(link) == name]
        if not self.patterns[name][1].pattern.converters:
            return [reverse(name), *found]
        return found or [link for link in self.links if url_name_of(link) == name][:1]

    def path_targets(self) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
        """(who, url name, parameter, real arguments) for each parameter in a path."""
        for name, (route, pattern) in sorted(self.patterns.items()):
            converters = pattern.pattern.converters
            if route.startswith("o/<"):
                allowed = self.world.allowed.get(name, set())
                senders = [next(p for p in PERSONAS if p in allowed)] if allowed else []
                kwargs = resolve(self.org_path(name)).kwargs if allowed else {}
            else:
                senders = ["anonymous", "participant"]
                real = self.public_paths(name)
                kwargs = resolve(urlsplit(real[0]).path).kwargs if real else {}
            for who in senders:
                for key in converters:
                    if key != "org_slug":
                        yield who, name, key, {k: kwargs.get(k, "1") for k in converters}

    def try_paths(self) -> None:
        """Each odd value as each parameter in each address, sent as GET and, where
        the page takes a form, as POST."""
        for who, name, key, kwargs in self.path_targets():
            sender = self.senders[who]
            for value in ODD_VALUES.values():
                try:
                    path = reverse(name, kwargs={**kwargs, key: value})
                except NoReverseMatch:
                    continue  # a value the address cannot hold never reaches a view
                what = (f"<{key}>", value)
                if sender.send("get", path, what=what).status_code == 405 or name in self.posted:
                    sender.send("post", path, what=what)

    def try_forms(self, examples: int) -> None:
        for target in self.targets.values():
            sender = self.senders[target.sender]
            try_named_values(sender, target)
            explore(sender, target, examples)

    def failures(self) -> list[Failure]:
        """Every 500 seen, once per (page, field, value)."""
        found: dict[tuple[str, str, str], Failure] = {}
        for sender in self.senders.values():
            for failure in sender.failures:
                key = (failure.url_name, failure.field, label(failure.value))
                found.setdefault(key, failure)
        return list(found.values())

    def sent(self) -> int:
        return sum(sender.sent for sender in self.senders.values())


# Sending odd values ------------------------------------------------------------


# Up to this many fields, each gets each odd value alone: small forms are the ones a
# view reads by hand, field after field, where one refused value hides the next.
# Larger ones are Django forms, which clean every field whatever the others hold.
FIELD_BY_FIELD = 4


def try_named_values(sender: Sender, target: Target) -> None:
    """Each named odd value in each field; a 500 is traced to its field."""
    if len(target.names) <= FIELD_BY_FIELD:
        for value in ODD_VALUES.values():
            for name in target.names:
                send(sender, target, [name], value)
        return
    # The fields that choose what the form does keep their value here (generated
    # values reach them), so the rest meet the code they were written for.
    names = [name for name in target.names if name not in CHOOSERS]
    for value in ODD_VALUES.values():
        response = send(sender, target, names, value, record=False)
        if response.status_code < 500:
            continue
        before = len(sender.failures)
        for name in names:
            send(sender, target, [name], value)
        if len(sender.failures) == before:
            send(sender, target, names, value, record=True)


def send(
    sender: Sender,
    target: Target,
    names: list[str],
    value: Any,
    record: bool = True,
    button: tuple[str, str] | None = None,
) -> Any:
    what = ("+".join(names), value) if record else None
    if target.json:
        body = json.dumps({name: value for name in names})
        return sender.send("post", target.path, body=body, what=what)
    pairs = with_value(target.pairs(button), names, value)
    return sender.send(target.method, target.path, pairs, what=what)


def explore(sender: Sender, target: Target, examples: int) -> None:
    """Generated values, one field at a time (Hypothesis, the same examples every run)."""

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(st.data())
    def one_field(data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(target.names))
        value = data.draw(odd_json() if target.json else odd_text())
        button = data.draw(st.sampled_from(target.buttons)) if target.buttons else None
        send(sender, target, [name], value, button=button)

    one_field()
