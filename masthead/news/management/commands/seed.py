"""`masthead seed`: load the demo newsroom, or `--articles N` synthetic articles for scale tests."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo content (sections, authors, ~30 articles, an edition in every language)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            help="Also generate this many synthetic articles (fast bulk path, for benchmarks).",
        )
        parser.add_argument(
            "--edition",
            default=None,
            help="Put the synthetic articles in this edition (a language code: ru, zh-hans).",
        )

    def handle(
        self, *args: Any, articles: int = 0, edition: str | None = None, **options: Any
    ) -> None:
        from masthead.news.demo.loader import DemoLoader

        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        if edition is not None and edition not in dict(settings.LANGUAGES):
            raise CommandError(f"--edition must be one of the LANGUAGES codes, not {edition!r}.")
        loaded = DemoLoader(log=self.stdout.write).load()
        if loaded:
            from django.core.management import call_command

            from masthead.news.tasks import site_pages_warm_enqueue

            # Search works at once, whether or not a worker has run the queued index updates.
            call_command("update_index", verbosity=0)

            site_pages_warm_enqueue()
            self.stdout.write("The worker is preparing image renditions in the background.")
        from masthead.comments.demo import community_standards_demo_load
        from masthead.readers.legal_demo import legal_documents_demo_load

        # On every run, not only with the articles: an edition whose standards were written
        # after the site was seeded gets them (the loader leaves written languages alone).
        community_standards_demo_load(log=self.stdout.write)
        legal_documents_demo_load(log=self.stdout.write)
        from masthead.live.demo.loader import live_demo_load

        live_demo_load(log=self.stdout.write)
        if articles:
            from masthead.news.demo.synthetic import synthetic_articles_create

            created = synthetic_articles_create(
                count=articles, log=self.stdout.write, language=edition
            )
            self.stdout.write(f"Created {created} synthetic articles.")
        if loaded or articles:
            from masthead.search.services import search_terms_rebuild

            # "Did you mean" knows the new words at once (the ticker recounts them daily).
            words = search_terms_rebuild()
            self.stdout.write(f"Search vocabulary: {words} words.")
