"""System checks: a misconfigured moderation fails at start-up, not on the first comment.

`moderation.E001`: a rule in MASTHEAD_MODERATION_RULES cannot be imported or is not a Rule.
`moderation.E002`: a rule has an unknown option or an ACTION other than flag, hold, reject.
`moderation.E003`: the same rule class is listed twice.
`moderation.W001`: ACTION "reject" on a rule whose measured precision is below 0.95: it holds.
`moderation.W002`: the off-topic rule is configured but the `ml` extra is not installed.
`moderation.I001`: no malware blocklist has been imported yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.checks import CheckMessage, Error, Info, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from . import app_settings


@register()
def moderation_rules_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from .classifiers.embeddings import embeddings_available
    from .pipeline import rule_build
    from .rules.base import Rule

    messages: list[CheckMessage] = []
    seen: set[str] = set()
    for entry in app_settings.rules_config():
        name = entry.get("NAME", "")
        try:
            rule_class = import_string(name)
        except ImportError as error:
            messages.append(
                Error(
                    f"Moderation rule {name!r} cannot be imported: {error}",
                    hint="Fix or remove the entry in MASTHEAD_MODERATION_RULES.",
                    id="moderation.E001",
                )
            )
            continue
        if not (isinstance(rule_class, type) and issubclass(rule_class, Rule)):
            messages.append(
                Error(f"Moderation rule {name!r} is not a Rule subclass.", id="moderation.E001")
            )
            continue
        try:
            rule_build(entry)
        except ImproperlyConfigured as error:
            messages.append(Error(str(error), id="moderation.E002"))
        if name in seen:
            messages.append(
                Error(f"Moderation rule {name!r} is listed twice.", id="moderation.E003")
            )
        seen.add(name)
        if entry.get("ACTION") == "reject" and not rule_class.may_reject():
            messages.append(
                Warning(
                    f"Moderation rule {name!r} may not reject: its measured precision is "
                    f"{rule_class.reject_precision or 'not measured'}, below 0.95.",
                    hint="Its rejections are held for a moderator instead.",
                    id="moderation.W001",
                )
            )
        if name.endswith("OffTopicRule") and not embeddings_available():
            messages.append(
                Warning(
                    "The off-topic rule needs the `ml` extra (pip install masthead[ml]).",
                    hint="Without it every comment is held with a failed check.",
                    id="moderation.W002",
                )
            )
        if name.endswith("MalwareRule") and entry.get("ENABLED", True):
            path = Path(entry.get("OPTIONS", {}).get("blocklist") or app_settings.blocklist_path())
            if not path.exists():
                messages.append(
                    Info(
                        f"No malware blocklist at {path} yet.",
                        hint="manage.py moderation_blocklist_import <urlhaus.csv or list>",
                        id="moderation.I001",
                    )
                )
    return messages
