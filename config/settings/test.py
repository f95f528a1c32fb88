"""Test settings: fast and hermetic, immediate tasks, local-memory cache, fast hashing.

The same suite runs on PostgreSQL and Redis when `DATABASE_URL` and `REDIS_URL` are set
(`.ci/run` does so for its second pass): then the cache stays Redis, on its own key prefix.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("MASTHEAD_VAR_DIR", tempfile.mkdtemp(prefix="masthead-test-"))

from .base import *  # noqa: F403
from .base import CACHES, REDIS_URL, VAR_DIR

DEBUG = False
SECRET_KEY = "masthead-test-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The captcha stays on in tests, which solve it (readers/tests/captcha_solver.py): little work.
MASTHEAD_CAPTCHA_WORK = 20
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Rule and pipeline tests touch no database: the moderators' overrides from the admin are
# switched on by the tests about them (moderation/tests/test_admin_*, test_settings_store).
MASTHEAD_MODERATION_ADMIN_OVERRIDES = False
# Each test process loads the language models itself; test_language_service.py starts a service.
MASTHEAD_LANGUAGE_SERVICE = ""
if REDIS_URL:
    CACHES["default"]["KEY_PREFIX"] = f"masthead-test-{os.getpid()}"
else:
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "masthead-test",
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(VAR_DIR) / "media"
# Mail goes straight to `django.core.mail.outbox`; the queue has its own tests (core/tests).
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MASTHEAD_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MASTHEAD_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
MASTHEAD_VIEW_FLUSH_TIMER = False
Path(VAR_DIR, "static").mkdir(parents=True, exist_ok=True)
