"""The site's warm-up never makes a mail wait: after `make run`, a reply mail came a minute late.

The demo seed queues the warm-up of every page (`site_pages_warm_task`), which took the one
task worker about a minute on a fresh site; a member's reply or sign-up mail queued meanwhile
waited behind it (the make-run browser test waited 57 s for its reply mail). Run here with the
real database worker (`manage.py db_worker`), one task at a time.

Wholly transactional, like test_boot_db_worker.py: the worker closes stale connections as it
wakes, which on PostgreSQL closed the test's own.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from masthead.moderation.tests.test_boot import rules, signals_kept  # noqa: F401 (fixtures)
from masthead.news import selectors
from masthead.news.tasks import (
    WARM_PRIORITY,
    page_warm_task,
    site_pages_warm_enqueue,
    site_pages_warm_task,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    settings.EMAIL_BACKEND = "masthead.core.mail.QueuedEmailBackend"


def one_task() -> None:
    call_command("db_worker", batch=True, max_tasks=1, startup_delay=False, verbosity=0)


def waiting(task) -> int:
    return DBTaskResult.objects.ready().filter(task_path=task.module_path).count()


def test_a_mail_queued_after_the_sites_warm_up_is_sent_before_it(database_queue, signals_kept):  # noqa: F811
    site_pages_warm_enqueue()  # as the demo seed does
    send_mail("Someone replied", "Read the reply.", "desk@example.org", ["ines@example.org"])

    one_task()

    assert [message.subject for message in mail.outbox] == ["Someone replied"]
    assert waiting(site_pages_warm_task) == 1


def test_a_mail_goes_before_the_index_updates_queued_ahead_of_it(database_queue, signals_kept):  # noqa: F811
    """The demo seed of eight editions queues about 1,900 index and purge jobs (priority 0):
    a mail queued after them is the worker's next job."""
    from wagtail.models import Page

    home = Page.objects.get(depth=2).specific
    for number in range(3):  # each save queues its reference-index and search-index updates
        home.title = f"Home {number}"
        home.save_revision().publish()
    queued_before = DBTaskResult.objects.ready().count()
    assert queued_before >= 3
    send_mail("Your sign-up code", "123456", "desk@example.org", ["ines@example.org"])

    one_task()

    assert [message.subject for message in mail.outbox] == ["Your sign-up code"]
    assert DBTaskResult.objects.ready().count() == queued_before


def test_the_warm_up_is_one_short_job_per_page(database_queue, signals_kept):  # noqa: F811
    """Each job renders one page, so anything queued later waits for one page at most."""
    pages = list(selectors.pages_to_warm().values_list("pk", flat=True))
    assert pages  # the migrations' home page at least

    site_pages_warm_enqueue()
    one_task()

    assert waiting(site_pages_warm_task) == 0
    queued = DBTaskResult.objects.ready().filter(task_path=page_warm_task.module_path)
    assert sorted(result.args_kwargs["kwargs"]["page_id"] for result in queued) == sorted(pages)
    assert {result.priority for result in queued} == {WARM_PRIORITY}
    assert WARM_PRIORITY < 0  # below the default of every other task
