"""/metrics: who may read it, and that its numbers are the site's (masthead/core/metrics.py)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.mail import send_mail
from django.utils import timezone

from masthead.core import metrics
from masthead.core.checks import metrics_check
from masthead.core.models import OutgoingEmail

from .metrics_reader import metrics_read, sample
from .worker_tasks import marker_write

pytestmark = pytest.mark.django_db

LATENCY = "masthead_http_request_duration_seconds_count"
OUTSIDER = "203.0.113.9"
TOKEN = "k4X9v2Qm8RzP1tLw7YhN3cJd6GsB0eFa"
BASE_DIR = Path(django_settings.BASE_DIR)


def test_an_address_not_allowed_gets_a_404_without_the_numbers(client):
    """Given a client outside METRICS_ALLOWED_IPS and no token, then a 404 and no metric."""
    response = client.get("/metrics", REMOTE_ADDR=OUTSIDER)

    assert response.status_code == 404
    assert b"masthead_" not in response.content
    assert "no-store" in response["Cache-Control"]


def test_an_allowed_address_reads_the_metrics_and_no_cache_keeps_them(client):
    """From 127.0.0.1 (the default list): Prometheus's text format, Cache-Control: no-store."""
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert b"# TYPE masthead_http_request_duration_seconds histogram" in response.content
    assert "X-Page-Cache" not in response


def test_the_bearer_token_opens_the_metrics_from_any_address(client, settings):
    """Given METRICS_TOKEN, then the right token is served anywhere and a wrong one is not."""
    settings.MASTHEAD_METRICS_TOKEN = TOKEN

    wrong = client.get("/metrics", REMOTE_ADDR=OUTSIDER, HTTP_AUTHORIZATION="Bearer nope")
    right = client.get("/metrics", REMOTE_ADDR=OUTSIDER, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert wrong.status_code == 404
    assert right.status_code == 200
    assert b"masthead_" in right.content


def test_no_address_is_allowed_when_the_list_is_empty(client, settings):
    """METRICS_ALLOWED_IPS= (empty) and no token: nobody, not even the machine itself."""
    settings.MASTHEAD_METRICS_ALLOWED_IPS = []

    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_behind_a_counted_proxy_the_forwarded_address_decides(client, settings):
    """TRUSTED_PROXY_COUNT=1: nginx's own 127.0.0.1 lets nobody in, the client's address does."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.MASTHEAD_METRICS_ALLOWED_IPS = ["127.0.0.1", "192.0.2.0/24"]

    reader = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDER)
    monitor = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")

    assert reader.status_code == 404
    assert monitor.status_code == 200


def test_a_request_through_an_uncounted_proxy_is_never_allowed_by_address(client):
    """TRUSTED_PROXY_COUNT=0 behind a proxy: REMOTE_ADDR is the proxy's, so it proves nothing."""
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=OUTSIDER)

    assert response.status_code == 404


def test_a_page_just_requested_has_a_latency_sample_by_page_type_and_cache_outcome(
    client, article_factory
):
    """An article read twice: one render (miss) and one replay (hit), both as `news.articlepage`."""
    article = article_factory()
    labels = {"view": "news.articlepage", "method": "GET", "status": "2xx"}
    before = metrics_read(client)

    first, second = client.get(article.url), client.get(article.url)

    after = metrics_read(client)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert metrics.VIEW_LABEL_HEADER not in first and metrics.VIEW_LABEL_HEADER not in second
    for cache in ("miss", "hit"):
        counted = sample(after, LATENCY, cache=cache, **labels)
        assert counted - sample(before, LATENCY, cache=cache, **labels) == 1, cache
    assert not any("/" in dict(labels_).get("view", "") for _, labels_ in after)


def test_the_site_s_own_warm_up_renders_are_not_counted(client, article_factory):
    """A render by the warm-up (X-Masthead-Warm) adds no latency sample; a reader's does."""
    article = article_factory()

    def article_requests() -> float:
        samples = metrics_read(client)
        return sum(
            sample(samples, LATENCY, view="news.articlepage", method="GET", status="2xx", cache=c)
            for c in ("hit", "stale", "miss", "none")
        )

    before = article_requests()
    client.get(article.url, headers={"X-Masthead-Warm": "1"})
    warmed = article_requests()
    client.get(article.url)

    assert warmed == before
    assert article_requests() - warmed == 1


def test_a_route_outside_wagtail_is_labelled_by_its_url_name(client):
    """robots.txt is counted under its URL name, never its path."""

    def robots_counted() -> float:
        samples = metrics_read(client)
        return sum(
            sample(samples, LATENCY, view="robots_txt", method="GET", status="2xx", cache=cache)
            for cache in ("hit", "stale", "miss", "none")
        )

    before = robots_counted()

    client.get("/robots.txt")

    assert robots_counted() - before == 1


def test_the_mail_backlog_is_the_number_of_queued_mails(client, settings):
    """Three mails queued and one uncertain an hour old: backlog 3 + 1, the age left at minutes."""
    settings.EMAIL_BACKEND = "masthead.core.mail.QueuedEmailBackend"
    for number in range(3):
        send_mail(f"Confirm {number}", "Follow the link.", "site@example.org", ["a@example.org"])
    stuck = OutgoingEmail.objects.create(
        subject="Stuck",
        payload={},
        next_attempt_at=timezone.now(),
        stage=OutgoingEmail.Stage.UNCERTAIN,
    )
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    samples = metrics_read(client)

    assert sample(samples, "masthead_mail_backlog", stage="queued") == 3
    assert sample(samples, "masthead_mail_backlog", stage="uncertain") == 1
    assert 0 <= sample(samples, "masthead_mail_oldest_age_seconds") < 600
    assert sample(samples, "masthead_metrics_source_up", source="mail") == 1


def test_the_queue_depth_counts_the_tasks_waiting_in_the_database(client, settings):
    """DB backend: two tasks waiting now, one scheduled for tomorrow (not waiting yet)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    marker_write.enqueue("/nonexistent/a", "a")
    marker_write.enqueue("/nonexistent/b", "b")
    marker_write.using(run_after=timezone.now() + datetime.timedelta(days=1)).enqueue(
        "/nonexistent/c", "c"
    )

    samples = metrics_read(client)

    assert sample(samples, "masthead_task_queue_depth", queue="default") == 2
    assert 0 <= sample(samples, "masthead_task_queue_oldest_age_seconds", queue="default") < 600
    assert sample(samples, "masthead_metrics_source_up", source="tasks") == 1


def test_an_empty_database_queue_says_zero_rather_than_nothing(client, settings):
    """No task waits: the queue is still listed, with depth and age 0 (alerts see a series)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    samples = metrics_read(client)

    assert ("masthead_task_queue_depth", frozenset({("queue", "default")})) in samples
    assert sample(samples, "masthead_task_queue_depth", queue="default") == 0


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="RQ needs REDIS_URL")
def test_the_queue_depth_counts_the_jobs_waiting_in_redis(client, settings):
    """RQ backend: two jobs in a queue of this test's own; the oldest job's age."""
    import django_rq

    queue_name = f"metrics-{uuid.uuid4().hex[:8]}"
    settings.RQ_QUEUES = {**settings.RQ_QUEUES, queue_name: {"URL": os.environ["REDIS_URL"]}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue_name]}}
    try:
        marker_write.using(queue_name=queue_name).enqueue("/nonexistent/a", "a")
        marker_write.using(queue_name=queue_name).enqueue("/nonexistent/b", "b")

        samples = metrics_read(client)

        assert sample(samples, "masthead_task_queue_depth", queue=queue_name) == 2
        age = sample(samples, "masthead_task_queue_oldest_age_seconds", queue=queue_name)
        assert 0 <= age < 600
    finally:
        django_rq.get_queue(queue_name).empty()


def test_a_source_that_cannot_be_read_is_reported_and_the_rest_still_served(client, monkeypatch):
    """The mail table unreadable: source_up 0 for mail, the endpoint still answers."""

    def broken() -> list:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(metrics, "mail_metrics", broken)

    samples = metrics_read(client)

    assert sample(samples, "masthead_metrics_source_up", source="mail") == 0
    assert ("masthead_mail_backlog", frozenset({("stage", "queued")})) not in samples


def test_counts_from_another_process_are_added_up_in_multiprocess_mode(client, settings, tmp_path):
    """A task worker's process counts into PROMETHEUS_MULTIPROC_DIR; a web worker serves it."""
    directory = tmp_path / "metrics"
    directory.mkdir()
    script = (
        "import django; django.setup()\n"
        "from masthead.core.metrics import push_deliveries_count, moderation_decision_count\n"
        "push_deliveries_count(outcome='accepted', count=7)\n"
        "moderation_decision_count(decision='held', reason='capitals', submission='post')\n"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PROMETHEUS_MULTIPROC_DIR": str(directory),
    }
    for _ in range(2):  # two processes, one after the other (a worker started again)
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=BASE_DIR,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
    settings.MASTHEAD_METRICS_MULTIPROCESS_DIR = str(directory)

    samples = metrics_read(client)

    assert sample(samples, "masthead_push_deliveries_total", outcome="accepted") == 14
    decision = {"decision": "held", "reason": "capitals", "submission": "post"}
    assert sample(samples, "masthead_moderation_decisions_total", **decision) == 2
    assert ("process_resident_memory_bytes", frozenset()) not in samples  # one process's only


def test_a_counting_failure_is_logged_and_never_raised(monkeypatch, caplog):
    """A metric that cannot be written (say, its directory gone) never fails the caller."""

    def unwritable(**labels: str) -> None:
        raise FileNotFoundError("/var/masthead/metrics/counter_1234.db")

    monkeypatch.setattr(metrics.MODERATION_DECISIONS, "labels", unwritable)

    metrics.moderation_decision_count(decision="held", reason="capitals", submission="post")

    assert "Could not count moderation_decision_count" in caplog.text


def test_a_wrong_allowed_address_or_a_missing_directory_fails_the_checks(settings, tmp_path):
    """core.E004 for an entry that is no address; core.E005 for a directory that is not there."""
    settings.MASTHEAD_METRICS_ALLOWED_IPS = ["127.0.0.1", "localhost", "10.0.0.0/8"]
    settings.MASTHEAD_METRICS_MULTIPROCESS_DIR = str(tmp_path / "absent")

    errors = metrics_check()

    assert [error.id for error in errors] == ["core.E004", "core.E005"]
    assert "'localhost'" in errors[0].msg


def test_gunicorn_marks_an_ended_worker_dead_in_the_metrics_directory(tmp_path, monkeypatch):
    """config/gunicorn.py's child_exit removes the ended worker's live gauges, keeps counters."""
    from types import SimpleNamespace

    from config import gunicorn as gunicorn_config

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "gauge_livesum_4242.db").write_bytes(b"")
    (tmp_path / "counter_4242.db").write_bytes(b"")

    gunicorn_config.child_exit(None, SimpleNamespace(pid=4242))

    assert sorted(path.name for path in tmp_path.iterdir()) == ["counter_4242.db"]
