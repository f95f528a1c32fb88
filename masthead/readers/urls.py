"""Masthead's account pages, mounted under /account/ beside allauth's."""

from __future__ import annotations

from django.urls import path  # noqa: F401  (the profile, export and deletion views land here)

urlpatterns: list = []
