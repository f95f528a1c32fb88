from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from . import checks  # noqa: F401 - registers the system checks
        from .converters import Int64Converter

        register_converter(Int64Converter, "int64")
