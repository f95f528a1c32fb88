"""Settings for the mail worker processes of test_mail_crash: the site's own, on a file database.

The test starts separate processes (one is killed mid-delivery), so they share a SQLite file
holding only the mail queue's table, and deliver by SMTP to the server the test runs (EMAIL_HOST
and EMAIL_PORT in their environment, read by the base settings as on a real site).
"""

import os

from config.settings.base import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["MAIL_TEST_DATABASE"],
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"},
    }
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
MASTHEAD_EMAIL_LEASE_SECONDS = 2
