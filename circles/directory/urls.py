from django.urls import URLPattern

from circles.directory.linking import urls as linking_urls

# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = [*linking_urls.org_urlpatterns]
urlpatterns: list[URLPattern] = [*linking_urls.urlpatterns]
