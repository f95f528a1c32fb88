"""Thin task wrappers around `services` for the worker (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def search_terms_rebuild_task() -> int:
    return services.search_terms_rebuild()


@task()
def search_terms_learn_task(*, article_id: int) -> int:
    from masthead.news.models import ArticlePage

    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:  # unpublished or deleted before the worker came to it
        return 0
    return services.search_terms_learn(article=article)
