"""Masthead's account pages, mounted under /account/ beside allauth's."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from .views import lifecycle, profile, security

urlpatterns: list[URLPattern | URLResolver] = [
    # allauth's log-in route, answering 429 when its limit stops a try (same name, same page).
    path("login/", security.login, name="account_login"),
    path("profile/", profile.profile, name="readers_profile"),
    path("export/", profile.personal_data_export, name="readers_export"),
    path("delete/", lifecycle.account_delete, name="readers_account_delete"),
    path("closed/", lifecycle.account_closed, name="readers_account_closed"),
    path(
        "restore/<str:token>/",
        lifecycle.account_restore_view,
        name="readers_account_restore",
    ),
    path("captcha/challenge/", security.captcha_challenge, name="captcha_challenge"),
]
