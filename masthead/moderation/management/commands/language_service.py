"""`manage.py language_service`: the machine's language models, served to its workers.

Loads what every configured language rule needs (lingua's detectors, the n-gram model) and
answers the web and task workers over the Unix socket `settings.MASTHEAD_LANGUAGE_SERVICE`
(`classifiers/language_service.py` says why and how). bin/serve starts it, one per machine,
and starts it again if it ends; the workers wait for it as they prepare their rules.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from ...classifiers.language import SERVICE_OPERATIONS, language_models_prepare_here
from ...classifiers.language_service import language_service_serve
from ...pipeline import moderation_rules
from ...rules.language import LanguageRule

logger = logging.getLogger("masthead.moderation.language_service")


class Command(BaseCommand):
    help = "Serve the language models to this machine's web and task workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--socket",
            default="",
            help="The Unix socket to listen on (default: settings.MASTHEAD_LANGUAGE_SERVICE).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["socket"] or settings.MASTHEAD_LANGUAGE_SERVICE
        if not address:
            raise CommandError(
                "No socket: set MASTHEAD_LANGUAGE_SERVICE (as bin/serve does) or pass --socket."
            )
        started = time.perf_counter()
        rules = [
            configured.rule
            for configured in moderation_rules()
            if isinstance(configured.rule, LanguageRule)
        ]
        connections.close_all()
        for rule in rules:
            language_models_prepare_here(**rule.models_arguments())

        # Stopped by SIGTERM (bin/serve, systemd) as by Ctrl+C: the socket is removed on the way.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

        def ready() -> None:
            logger.info(
                "Language service (pid %s): models for %d language rules loaded in %.1f s; "
                "listening on %s",
                os.getpid(),
                len(rules),
                time.perf_counter() - started,
                address,
            )

        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: stopped, not failed
            language_service_serve(address, SERVICE_OPERATIONS, ready=ready)
