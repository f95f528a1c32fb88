"""The rules are prepared as a process starts: a gunicorn worker, the task workers.

Each start-up path is run for real (gunicorn's hook with a gunicorn worker, the worker commands
as `manage.py` runs them), with a small rule list, and leaves this process's rules prepared.
"""

from __future__ import annotations

import logging
import os
import signal
import threading

import pytest
from django.core.management import call_command, get_commands
from gunicorn.config import Config
from gunicorn.workers.gthread import ThreadWorker

from masthead.moderation.classifiers.linear import linear_model_load
from masthead.moderation.pipeline import (
    moderation_preload,
    moderation_rules,
    moderation_warm_up,
    rules_build,
    submission_moderate,
)
from masthead.moderation.reasons import ReasonCode
from masthead.moderation.rules.base import Rule
from masthead.moderation.wordlists import watched_words_load

from .conftest import make_submission

RULES = "masthead.moderation.rules"


class UnloadableRule(Rule):
    """A rule whose model file is missing."""

    code = ReasonCode.SPAM
    explanation = "unloadable"

    def prepare(self) -> None:
        raise FileNotFoundError("models/missing.npz")


class SlowRule(Rule):
    """A rule whose model takes a while to load; counts how often it is loaded."""

    code = ReasonCode.LANGUAGE
    explanation = "slow"
    loading = threading.Event()
    finish = threading.Event()
    loads: list[int] = []

    def prepare(self) -> None:
        self.loads.append(1)
        self.loading.set()
        self.finish.wait(timeout=10)
        super().prepare()

    def evaluate(self, submission):
        return None


class FileRule(Rule):
    """A rule that reads only files into a process-wide cache: prepared before the fork."""

    code = ReasonCode.SPAM
    explanation = "files"
    preload_before_fork = True
    loads: list[int] = []

    def prepare(self) -> None:
        self.loads.append(os.getpid())
        super().prepare()

    def evaluate(self, submission):
        return None


class ConnectingRule(FileRule):
    """A rule that opens a connection as it prepares (a model server): never in the master."""

    preload_before_fork = False
    loads: list[int] = []


class UnloadableFileRule(UnloadableRule):
    preload_before_fork = True


@pytest.fixture(autouse=True)
def rules(settings):
    settings.MASTHEAD_MODERATION_RULES = [
        {"NAME": f"{RULES}.capitals.CapitalsRule"},
        {"NAME": f"{RULES}.narcotics.NarcoticsRule"},
    ]
    return settings.MASTHEAD_MODERATION_RULES


@pytest.fixture
def signals_kept():
    """The worker commands install their own signal handlers: put pytest's back."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def gunicorn_worker() -> ThreadWorker:
    """A gunicorn worker as the arbiter makes one (its heartbeat file included)."""
    return ThreadWorker(
        age=1,
        ppid=os.getpid(),
        sockets=[],
        app=None,  # type: ignore[arg-type]  # the heartbeat needs no application
        timeout=30,
        cfg=Config(),
        log=None,  # type: ignore[arg-type]  # nor a logger
    )


def test_a_gunicorn_worker_prepares_the_rules_as_it_starts():
    """config/gunicorn.py's post_worker_init hook prepares every rule (in a thread)."""
    from config import gunicorn as gunicorn_config

    worker = gunicorn_worker()
    try:
        gunicorn_config.post_worker_init(worker).join(timeout=120)
    finally:
        worker.tmp.close()

    assert all(configured.rule.is_prepared for configured in moderation_rules())


def test_a_rule_that_cannot_be_prepared_is_logged_as_an_error_at_start(rules, caplog):
    """A missing model is an incident: an ERROR naming the rule when the worker starts."""
    from config import gunicorn as gunicorn_config

    rules.append({"NAME": f"{__name__}.UnloadableRule"})
    worker = gunicorn_worker()
    with caplog.at_level(logging.ERROR, logger="masthead.moderation.pipeline"):
        try:
            gunicorn_config.post_worker_init(worker).join(timeout=120)
        finally:
            worker.tmp.close()

    summary = [r for r in caplog.records if "could not be prepared, so every" in r.getMessage()]
    assert summary and summary[0].levelno == logging.ERROR
    assert "UnloadableRule: FileNotFoundError: models/missing.npz" in summary[0].getMessage()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="RQ's worker needs REDIS_URL")
def test_the_rq_task_worker_prepares_the_rules_as_it_starts(signals_kept):
    """`manage.py rqworker` (with Redis) is django-rq's worker with the rules prepared first."""
    assert get_commands()["rqworker"] == "masthead.moderation"

    call_command("rqworker", "default", burst=True)

    assert all(configured.rule.is_prepared for configured in moderation_rules())


def test_a_comment_during_the_warm_up_waits_for_the_model_instead_of_loading_it_again():
    """The warm-up thread is loading a model when a comment comes: it is loaded once."""
    rules = rules_build([{"NAME": f"{__name__}.SlowRule"}])
    warm_up = threading.Thread(target=moderation_warm_up, args=(rules,))
    warm_up.start()
    assert SlowRule.loading.wait(timeout=10)
    comment = threading.Thread(
        target=submission_moderate, args=(make_submission("Hi"),), kwargs={"rules": rules}
    )
    comment.start()
    comment.join(timeout=0.3)
    assert comment.is_alive()  # waiting for the model, not loading it

    SlowRule.finish.set()
    warm_up.join(timeout=10)
    comment.join(timeout=10)

    assert SlowRule.loads == [1]


@pytest.mark.django_db
def test_gunicorns_master_preloads_the_shipped_file_rules_without_a_query(
    settings, django_assert_num_queries
):
    """Before the fork (config/gunicorn.py's when_ready), the default rules' lists and models
    are loaded into this process's caches, and no query is made: a worker must never share
    its parent's connection. A worker's own preparation then loads nothing again."""
    from config import gunicorn as gunicorn_config
    from masthead.moderation.app_settings import default_rules

    settings.MASTHEAD_MODERATION_RULES = [
        entry for entry in default_rules() if not entry["NAME"].endswith(".LanguageRule")
    ]
    watched_words_load.cache_clear()
    linear_model_load.cache_clear()

    with django_assert_num_queries(0):
        gunicorn_config.when_ready(None)

    lists, models = watched_words_load.cache_info(), linear_model_load.cache_info()
    assert lists.currsize > 0 and models.currsize > 0
    moderation_warm_up(rules_build(settings.MASTHEAD_MODERATION_RULES))
    assert watched_words_load.cache_info().misses == lists.misses
    assert linear_model_load.cache_info().misses == models.misses


def test_only_the_rules_that_say_so_are_prepared_before_the_fork(rules, caplog):
    """A rule that opens connections is left to the workers; one that fails is logged and
    left to them too (they log it as the incident), without stopping the master."""
    FileRule.loads.clear()
    ConnectingRule.loads.clear()
    rules[:] = [
        {"NAME": f"{__name__}.FileRule"},
        {"NAME": f"{__name__}.ConnectingRule"},
        {"NAME": f"{__name__}.UnloadableFileRule"},
        {"NAME": f"{__name__}.FileRule", "ENABLED": False},
    ]
    with caplog.at_level(logging.WARNING, logger="masthead.moderation.pipeline"):
        assert moderation_preload() == 1

    assert FileRule.loads == [os.getpid()]
    assert ConnectingRule.loads == []
    assert "UnloadableFileRule not preloaded: models/missing.npz" in caplog.text
