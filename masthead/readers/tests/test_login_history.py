"""Each successful log-in is recorded for the reader's history; records go after 90 days."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from masthead.core.periodic import periodic_jobs, periodic_jobs_enqueue_due
from masthead.readers.models import LoginRecord
from masthead.readers.services.lifecycle import login_records_prune

from .personas import READER_BROWSER, READER_IP, log_in, reader_create

pytestmark = pytest.mark.django_db


def test_a_password_log_in_is_recorded_with_address_browser_and_method(client):
    """allauth's log-in form leaves one record: when, from where, with what, how."""
    ana = reader_create()
    before = timezone.now()
    log_in(client, email=ana.email)
    [record] = LoginRecord.objects.filter(user=ana)
    assert record.ip_address == READER_IP
    assert record.user_agent == READER_BROWSER
    assert record.method == "password"
    assert before <= record.at <= timezone.now()


def test_a_failed_log_in_is_not_recorded(client):
    """Only successful log-ins are history."""
    ana = reader_create()
    log_in(client, email=ana.email, password="the wrong passphrase")
    assert not LoginRecord.objects.exists()


def test_a_log_in_outside_allauth_is_recorded_without_a_method():
    """Django's own log-in (here the test client's) is history too, its method unknown."""
    ana = reader_create()
    Client().force_login(ana)
    [record] = LoginRecord.objects.filter(user=ana)
    assert record.method == ""


def test_records_older_than_90_days_are_pruned():
    """The periodic prune keeps the last 90 days only."""
    ana = reader_create()
    now = timezone.now()
    old = LoginRecord.objects.create(user=ana, at=now - datetime.timedelta(days=91))
    recent = LoginRecord.objects.create(user=ana, at=now - datetime.timedelta(days=89))
    assert login_records_prune(now=now) == 1
    assert list(LoginRecord.objects.all()) == [recent]
    assert not LoginRecord.objects.filter(pk=old.pk).exists()


def test_the_ticker_runs_the_prune_and_the_purge():
    """Both jobs are in MASTHEAD_PERIODIC_TASKS, and the ticker enqueues (here: runs) them."""
    paths = [path for path, _seconds in settings.MASTHEAD_PERIODIC_TASKS]
    assert "masthead.readers.tasks.login_records_prune_task" in paths
    assert "masthead.readers.tasks.accounts_purge_due_task" in paths
    ana = reader_create()
    LoginRecord.objects.create(user=ana, at=timezone.now() - datetime.timedelta(days=120))
    jobs = [job for job in periodic_jobs() if job.path.startswith("masthead.readers.")]
    assert len(periodic_jobs_enqueue_due(jobs, now=0.0)) == 2
    assert not LoginRecord.objects.exists()
