"""Addresses of this feature (full paths: the app is included at the site root)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
