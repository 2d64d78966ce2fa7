"""The access log never ties an anonymous page to an address."""

import datetime
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from gunicorn.config import Config

from circles.lib.accesslog import FORMAT, PrivateAccessLogger, redact_path


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
    from circles.lib.accesslog import RedactSecretPaths

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
