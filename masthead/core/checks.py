"""System checks: a misconfigured site fails at start-up, not on the first request.

`core.E001`: a periodic task in MASTHEAD_PERIODIC_TASKS cannot be imported or is not a task.
`core.E002`: a periodic interval is not a positive number of seconds.
`core.E003`: BASE_URL (MASTHEAD_BASE_URL) is not `http(s)://host[:port]`, or is an address a
Wagtail Site cannot name (https on a port other than 443, http on 443).
`core.W001`: BASE_URL's host is not in ALLOWED_HOSTS, so the site refuses its own links.
`core.E004`: an entry of METRICS_ALLOWED_IPS is not an address or a network.
`core.E005`: PROMETHEUS_MULTIPROC_DIR names no writable directory (no process could count).
"""

from __future__ import annotations

import ipaddress
import os
from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.utils.module_loading import import_string

from .origin import DEFAULT_PORTS, origin_parse


@register()
def periodic_tasks_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for entry in getattr(settings, "MASTHEAD_PERIODIC_TASKS", []):
        path, seconds = entry
        try:
            task = import_string(path)
        except ImportError:
            task = None
        if task is None or not hasattr(task, "enqueue"):
            errors.append(
                Error(
                    f"Periodic task {path!r} is not an importable django-tasks task.",
                    hint="Fix or remove the entry in MASTHEAD_PERIODIC_TASKS.",
                    id="core.E001",
                )
            )
        if not isinstance(seconds, int) or seconds <= 0:
            errors.append(
                Error(
                    f"Periodic task {path!r} has interval {seconds!r}; expected seconds > 0.",
                    id="core.E002",
                )
            )
    return errors


@register()
def public_origin_check(app_configs: Any = None, **kwargs: Any) -> list[Error | Warning]:
    origin = str(getattr(settings, "MASTHEAD_BASE_URL", ""))
    try:
        parts = origin_parse(origin)
    except ValueError as error:
        return [
            Error(
                f"BASE_URL {origin!r} is not the site's public origin: {error}.",
                hint="Set BASE_URL to the address readers use, e.g. https://news.example.org.",
                id="core.E003",
            )
        ]
    # Wagtail builds pages' URLs from the Site's host and port, https only on 443.
    if (parts.scheme == "https") != (parts.port == DEFAULT_PORTS["https"]):
        return [
            Error(
                f"BASE_URL {origin!r}: Wagtail names https only on port 443, http on any other.",
                hint="Serve https on 443 (a proxy in front) or use http on this port.",
                id="core.E003",
            )
        ]
    allowed = settings.ALLOWED_HOSTS
    host = parts.hostname
    if not any(
        pattern == "*" or pattern == host or (pattern.startswith(".") and host.endswith(pattern))
        for pattern in allowed
    ):
        return [
            Warning(
                f"BASE_URL's host {host!r} is not in ALLOWED_HOSTS {allowed!r}.",
                hint="Add it to ALLOWED_HOSTS, or the site answers 400 to its own links.",
                id="core.W001",
            )
        ]
    return []


@register()
def metrics_check(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for entry in getattr(settings, "MASTHEAD_METRICS_ALLOWED_IPS", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"METRICS_ALLOWED_IPS entry {entry!r} is not an address or a network.",
                    hint="List addresses or networks, comma-separated: 127.0.0.1,::1,10.0.0.0/8.",
                    id="core.E004",
                )
            )
    directory = str(getattr(settings, "MASTHEAD_METRICS_MULTIPROCESS_DIR", ""))
    if directory and not (os.path.isdir(directory) and os.access(directory, os.W_OK)):
        errors.append(
            Error(
                f"PROMETHEUS_MULTIPROC_DIR {directory!r} is not a writable directory.",
                hint="Create it before the processes start (bin/serve does), or unset it.",
                id="core.E005",
            )
        )
    return errors
