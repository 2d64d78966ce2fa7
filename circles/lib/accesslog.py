"""Gunicorn's access log without what could undo anonymity.

The default line holds the client address, the user agent, the referrer and
the full path. On the anonymous pages (/feedback/<token>/, /complaints/...,
/p/<code>/) the path names a meeting or carries a receipt code, so a log line
would tie an answer or a complaint to an address and a moment; other paths
carry a key that opens something (/invitations/<token>/, /calendar/<key>.ics).
This logger never writes an address, user agent, referrer or query string for
any request, and writes those paths with their secret part replaced.
"""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

# The one list of paths whose next segment is a secret: a feedback token, a
# complaint receipt, a poll or check-in code, an invitation token, a calendar
# key, allauth's email and password-reset keys. test_accesslog walks every URL
# pattern and fails when one with a secret-looking parameter is not covered.
SECRET_PATH_PREFIXES = (
    "/feedback/",
    "/complaints/",
    "/p/",
    "/checkin/",
    "/invitations/",
    "/calendar/",
    "/accounts/confirm-email/",
    "/accounts/password/reset/key/",
)
_PREFIXES = "|".join(re.escape(prefix) for prefix in SECRET_PATH_PREFIXES)
_SECRET_PATHS = re.compile(rf"^({_PREFIXES})[^/?\s]+")
_SECRET_ANYWHERE = re.compile(rf"({_PREFIXES})[^/?\s\"']+")
FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'


def redact_path(path: str) -> str:
    return _SECRET_PATHS.sub(r"\1…", path)


class PrivateAccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_path(environ.get("PATH_INFO") or "")
        atoms.update({"h": "-", "a": "-", "f": "-", "q": "", "U": path})
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        # Request and response headers and the environ could hold any of the above.
        return {k: v for k, v in atoms.items() if not k.startswith("{")}


class RedactSecretPaths(logging.Filter):
    """For Django's own log lines ("Not Found: /complaints/<receipt>/" and the like)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_path_anywhere(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_path_anywhere(a) if isinstance(a, str) else a for a in record.args
            )
        return True


def redact_path_anywhere(text: str) -> str:
    return _SECRET_ANYWHERE.sub(r"\1…", text)
