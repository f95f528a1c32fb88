from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import checks  # noqa: F401 - registers the system checks

        # After every migrate (the last app's signal, when the Site table surely exists).
        post_migrate.connect(_site_follow_origin, dispatch_uid="core_site_follow_origin")
        from .converters import Int64Converter

        register_converter(Int64Converter, "int64")


def _site_follow_origin(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The Wagtail Site takes BASE_URL's host and port (core/services.py)."""
    if sender.label != "wagtailcore":
        return
    from .services import site_follow_origin

    site_follow_origin(using=using)
