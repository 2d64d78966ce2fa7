"""Safety and the code of ethics (see docs/safety.md)."""

from django.urls import URLPattern

from circles.safety.views import concerns, confidentiality, policy

_parts = [concerns, confidentiality, policy]
# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = [u for part in _parts for u in part.org_urls]
urlpatterns: list[URLPattern] = []
