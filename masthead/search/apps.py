from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "masthead_search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401 - the vocabulary learns published words
