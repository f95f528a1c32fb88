"""Thin task wrappers: the scheduled refresh of every data source with an address."""

from __future__ import annotations

from django_tasks import task

from .services import data_sources_refresh


@task()
def data_sources_refresh_task() -> int:
    return data_sources_refresh()
