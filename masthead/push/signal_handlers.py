"""A story's first publication in a section that alerts on publish sends its automatic alert.

Connected in `PushConfig.ready`. The signal fires for every way a page goes live: the admin's
Publish, an approved workflow and a scheduled publication run by the ticker alike.
"""

from __future__ import annotations

from typing import Any

from wagtail.signals import page_published

from . import services


def _alert_on_first_publication(instance: Any, **kwargs: Any) -> None:
    services.push_alert_on_first_publication(instance)


page_published.connect(_alert_on_first_publication, dispatch_uid="push_alert_on_publish")
