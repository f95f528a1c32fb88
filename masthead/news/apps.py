from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401 - connects purge-on-publish
