from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401 - its receivers connect themselves
