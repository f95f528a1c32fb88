"""Thin task wrappers: the fan-out runs in the task workers (`services.push_alert_fan_out`)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def push_alert_fan_out_task(alert_id: int) -> None:
    services.push_alert_fan_out(alert_id=alert_id)


@task()
def push_alerts_resume_task() -> int:
    return services.push_alerts_resume()


@task()
def push_deliveries_prune_task() -> int:
    return services.push_deliveries_prune()
