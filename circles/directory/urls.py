"""Community resources (see docs/directory.md and docs/directory-search.md)."""

from django.urls import URLPattern, path

from circles.directory.linking import urls as linking_urls
from circles.directory.views.settings import directory_settings

# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = [
    path("directory/settings/", directory_settings, name="directory_settings"),
    *linking_urls.org_urlpatterns,
]
urlpatterns: list[URLPattern] = [*linking_urls.urlpatterns]
