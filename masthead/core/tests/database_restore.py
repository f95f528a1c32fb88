"""Put the migrations' data back into the test databases after a transactional test.

Django empties the database when a transactional test ends and, with serialized_rollback,
restores it only when the next such test starts: Django's runner runs those tests last. Under
`--dist loadfile` pytest-xdist hands out files by size, not in pytest-django's order, so
ordinary tests ran after a browser test on an empty database (no Locale, no home page). The
root conftest calls this after each transactional test that an ordinary test follows.
"""

from __future__ import annotations

from django.core.management import call_command
from django.db import connections


def restore_migrations_data() -> None:
    """Empty each test database and load the data its migrations made, as serialized."""
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if not contents:
            continue
        # Empty first: Django's own flush may have let post_migrate recreate rows. Keep the
        # sequences where they are, as Django's teardown does: the restored rows carry their
        # ids, and on PostgreSQL a sequence reset to 1 made the next insert collide with them.
        call_command(
            "flush",
            database=connection.alias,
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,
            verbosity=0,
        )
        connection.creation.deserialize_db_from_string(contents)
