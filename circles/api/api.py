"""Circles' versioned JSON API. The OpenAPI document is generated from this code.

Each area's ``api.py`` defines a router; this module only mounts them. Signed-in
calls use the browser session (GET only for now), and every call that reaches
into an organisation goes through ``circles.accounts.access.api_member``, the
pages' own rules: 404 for outsiders, 403 for staff who still have to set up a
required two-step sign-in, 403 (audited) for the wrong role.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from circles.accounts.api import router as accounts_router
from circles.directory.api import router as directory_router
from circles.feedback.api import router as feedback_router
from circles.home.api import router as home_router

api = NinjaAPI(
    title="Circles API",
    version="1",
    description="Peer support organisations, their people and their work.",
    urls_namespace="api",
    docs_url=None,
    auth=django_auth,
)
api.add_router("", accounts_router)
api.add_router("", home_router)
api.add_router("", feedback_router)
api.add_router("/hsds", directory_router)
