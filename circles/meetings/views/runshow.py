from django.urls import URLPattern

# Pages under /o/<org_slug>/ and public pages; filled in as this part is built.
org_urls: list[URLPattern] = []
public_urls: list[URLPattern] = []
