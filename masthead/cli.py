"""The `masthead` command: Django's management commands under the project's name.

`masthead seed --articles 10000` is `manage.py seed --articles 10000`.
"""

import os
import sys


def main() -> None:
    """Run a management command with the project's default settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["masthead", *sys.argv[1:]])
