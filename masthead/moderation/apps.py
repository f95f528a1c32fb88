from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "masthead.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the system checks
        from .pipeline import rules_reset_on_setting_change  # noqa: F401 - connects the signal
