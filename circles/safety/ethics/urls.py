from django.urls import URLPattern

# Pages under /o/<slug>/ and public pages.
org_urlpatterns: list[URLPattern] = []
urlpatterns: list[URLPattern] = []
