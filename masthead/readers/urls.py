"""Masthead's account pages, mounted under /account/ beside allauth's."""

from __future__ import annotations

from django.urls import path  # (the profile, export and deletion views land here)

from .views import security

urlpatterns: list = [
    path("captcha/challenge/", security.captcha_challenge, name="captcha_challenge"),
]
