"""Community resources (see docs/directory.md)."""

from django.urls import URLPattern, path

from circles.directory.views.settings import directory_settings

# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = [
    path("directory/settings/", directory_settings, name="directory_settings"),
]
urlpatterns: list[URLPattern] = []
