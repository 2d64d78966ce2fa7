"""The access log never ties an anonymous page to an address."""

import datetime
import logging
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from gunicorn.config import Config

from circles.lib.accesslog import (
    FORMAT,
    PrivateAccessLogger,
    RedactSecretPaths,
    redact_path,
    redact_path_anywhere,
)


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/feedback/ABCDEFGHJK/", "/feedback/…/"),
        ("/complaints/ABCD-EFGH-JKLM-NPQR-STUV/", "/complaints/…/"),
        ("/complaints/new/", "/complaints/…/"),
        ("/p/QWERTY/", "/p/…/"),
        ("/groups/3/", "/groups/3/"),
    ],
)
def test_secret_paths_are_redacted(path: str, logged: str) -> None:
    assert redact_path(path) == logged


def test_a_logged_line_has_no_address_agent_referrer_or_code(caplog: Any) -> None:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", FORMAT)
    logger = PrivateAccessLogger(config)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/complaints/ABCDEFGHJKLMNPQRSTUV/?x=1",
        "PATH_INFO": "/complaints/ABCDEFGHJKLMNPQRSTUV/",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "TestPhone/1.0",
        "HTTP_REFERER": "https://example.org/feedback/ABCDEFGHJK/",
    }
    response = SimpleNamespace(status="302 Found", sent=0, headers=[("Location", "/x")])
    request = SimpleNamespace(headers=[("X-Forwarded-For", "198.51.100.7")])
    lines: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())  # type: ignore[method-assign]
    logger.access_log.addHandler(handler)
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    assert len(lines) == 1
    line = lines[0]
    assert '"POST /complaints/…/" 302' in line
    for secret in ("203.0.113.9", "198.51.100.7", "TestPhone", "ABCDEFGHJK", "x=1"):
        assert secret not in line


def test_djangos_not_found_lines_do_not_carry_receipts_or_tokens() -> None:
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "%s: %s",
        ("Not Found", "/complaints/ABCDEFGHJKLMNPQRSTUV/"),
        None,
    )
    assert RedactSecretPaths().filter(record)
    assert record.getMessage() == "Not Found: /complaints/…/"
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "Broken: GET /feedback/ABCDEFGHJK/ from x", None, None
    )
    RedactSecretPaths().filter(record)
    assert "ABCDEFGHJK" not in record.getMessage()


def test_the_console_log_handler_uses_the_filter() -> None:
    from django.conf import settings

    logging_config: Any = settings.LOGGING
    assert "secret_paths" in logging_config["handlers"]["console"]["filters"]


SECRET_LOOKING = re.compile(r"token|key|receipt|code|secret|password", re.IGNORECASE)
SECRET_VALUE = "S3cretValue9"


def walk(
    resolver: URLResolver, namespace: str = "", params: tuple[Any, ...] = ()
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """Every named URL pattern with its full name and the patterns on its way."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, inner, (*params, entry.pattern))
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", (*params, entry.pattern)


def example_kwargs(patterns: tuple[Any, ...]) -> tuple[dict[str, str], bool]:
    kwargs: dict[str, str] = {}
    secret = False
    for pattern in patterns:
        converters = getattr(pattern, "converters", {})
        for name in pattern.regex.groupindex:
            if SECRET_LOOKING.search(name):
                kwargs[name] = SECRET_VALUE
                secret = True
            elif isinstance(converters.get(name), IntConverter) or name.startswith("uid"):
                kwargs[name] = "1"
            else:
                kwargs[name] = "riverside"
    return kwargs, secret


def test_every_url_with_a_secret_in_its_path_is_redacted() -> None:
    checked = []
    for name, patterns in walk(get_resolver()):
        kwargs, secret = example_kwargs(patterns)
        if not secret:
            continue
        assert not name.endswith(":") and name, f"name the URL pattern {patterns}"
        path = reverse(name, kwargs=kwargs)
        assert SECRET_VALUE in path
        assert SECRET_VALUE not in redact_path(path), f"{name}: add its prefix to the list"
        assert SECRET_VALUE not in redact_path_anywhere(f"Not Found: {path}"), name
        checked.append(name)
    # The walk finds the secret URLs we know of (so it cannot pass by finding none).
    assert {
        "accept_invitation",
        "personal_calendar",
        "checkin",
        "poll_answer",
        "feedback_answer",
        "complaint_followup",
        "account_reset_password_from_key",
    } <= set(checked)


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/invitations/S3cretValue9/", "/invitations/…/"),
        ("/calendar/S3cretValue9.ics", "/calendar/…"),
        ("/checkin/S3cretValue9/", "/checkin/…/"),
    ],
)
def test_keys_that_open_something_are_redacted(path: str, logged: str) -> None:
    assert redact_path(path) == logged
    assert redact_path_anywhere(f"Not Found: {path}") == f"Not Found: {logged}"
