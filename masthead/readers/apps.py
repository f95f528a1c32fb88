"""The readers app: its signal receivers and system checks are wired here at start-up."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ReadersConfig(AppConfig):
    name = "masthead.readers"
    label = "readers"
    verbose_name = _("Readers")

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401  (its receivers connect themselves)

        checks.register(tombstone_reasons_check)


def tombstone_reasons_check(**kwargs: Any) -> list[checks.CheckMessage]:
    """readers.E001: every entry of READERS_TOMBSTONE_REASONS must import as a callable."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    errors: list[checks.CheckMessage] = []
    for path in getattr(settings, "READERS_TOMBSTONE_REASONS", []):
        try:
            hook = import_string(path)
        except ImportError as error:
            hook, problem = None, str(error)
        else:
            problem = "" if callable(hook) else "it is not callable"
        if hook is None or problem:
            errors.append(
                checks.Error(
                    f"READERS_TOMBSTONE_REASONS entry {path!r} cannot be used: {problem}",
                    hint="List dotted paths of callables: (user) -> reason or None.",
                    id="readers.E001",
                )
            )
    return errors
