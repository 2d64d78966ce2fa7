from django.urls import URLPattern

org_urls: list[URLPattern] = []
public_urls: list[URLPattern] = []
