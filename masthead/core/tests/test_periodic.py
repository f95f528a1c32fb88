"""The ticker enqueues each periodic job on its own interval; scheduled stories go live."""

from __future__ import annotations

import datetime
import time

import pytest
from django.utils import timezone

from masthead.core.periodic import PeriodicJob, periodic_jobs, periodic_jobs_enqueue_due
from masthead.news.models import ArticlePage


def test_every_configured_periodic_job_is_importable():
    """Each entry of MASTHEAD_PERIODIC_TASKS names a real task."""
    from django.utils.module_loading import import_string

    for job in periodic_jobs():
        assert hasattr(import_string(job.path), "enqueue")


@pytest.mark.django_db
def test_a_job_runs_again_only_after_its_interval():
    """Given a 30-second job, ticks 10 s apart enqueue it at 0 s and 30 s only."""
    job = PeriodicJob("masthead.news.tasks.views_flush_task", 30)

    runs = [
        bool(periodic_jobs_enqueue_due([job], now=float(second))) for second in range(0, 61, 10)
    ]

    assert runs == [True, False, False, True, False, False, True]


@pytest.mark.django_db
def test_a_scheduled_article_goes_live_at_the_next_tick(section, author_ana):
    """An editor schedules a story; once its time has passed, the ticker's job publishes it."""
    from masthead.news.models import ArticleByline

    soon = timezone.now() + datetime.timedelta(seconds=2)
    article = ArticlePage(
        title="Embargoed report", slug="embargoed", lede="Out at noon.", live=False, go_live_at=soon
    )
    article.bylines.add(ArticleByline(author=author_ana))
    section.add_child(instance=article)
    article.save_revision().publish()
    assert not ArticlePage.objects.get(pk=article.pk).live

    periodic_jobs_enqueue_due(periodic_jobs())
    assert not ArticlePage.objects.get(pk=article.pk).live, "published before its time"

    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.2)
    periodic_jobs_enqueue_due(periodic_jobs())

    assert ArticlePage.objects.get(pk=article.pk).live


def test_a_misspelt_periodic_task_fails_the_system_check(settings):
    """A typo in MASTHEAD_PERIODIC_TASKS is reported as core.E001 at start-up."""
    from masthead.core.checks import periodic_tasks_check

    settings.MASTHEAD_PERIODIC_TASKS = [("masthead.news.tasks.no_such_task", 30)]

    assert [error.id for error in periodic_tasks_check()] == ["core.E001"]
