"""The reader: Django's user with the public profile a community needs.

Why a custom user model from day one: swapping it later is a painful migration. The profile
(display name, avatar, language, time zone) lives on the user row itself, so the page header
("Hello, name!") needs no second query. E-mail addresses and their verification state belong
to allauth's `EmailAddress`; `User.email` mirrors the primary one, as allauth keeps it.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

DISPLAY_NAME_MAX_LENGTH = 40


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"),
        max_length=DISPLAY_NAME_MAX_LENGTH,
        blank=True,
        help_text=_("Shown with your comments. Unique on the site."),
    )
    avatar = models.ImageField(_("avatar"), upload_to="avatars/", blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("display_name"),
                name="readers_user_display_name_ci_unique",
                condition=~models.Q(display_name=""),
                violation_error_message=_("This display name is already taken."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    @property
    def public_name(self) -> str:
        """The name other readers see: the display name, never the e-mail address."""
        return self.display_name or _("Reader")
