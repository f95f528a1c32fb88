from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "masthead_search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import signal_handlers  # the vocabulary learns published words

        post_migrate.connect(
            signal_handlers.index_rewrite_after_migrate,
            sender=self,
            dispatch_uid="search_index_rewrite_after_migrate",
        )
