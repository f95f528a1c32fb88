"""The suite's restore after a transactional test leaves a database that takes new rows.

On PostgreSQL the first version reset the sequences while the restored rows kept their ids:
the next test's first page or locale collided with the home page (duplicate key, CI pass 2).
"""

from __future__ import annotations

import pytest
from wagtail.models import Locale

from masthead.core.tests.database_restore import restore_migrations_data
from masthead.news.models import HomePage, SectionPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_after_the_restore_new_pages_and_locales_get_fresh_ids():
    home_pk = HomePage.objects.get(locale=Locale.get_default()).pk

    restore_migrations_data()

    home = HomePage.objects.get(locale=Locale.get_default())
    assert home.pk == home_pk
    section = SectionPage(title="World", slug="world")
    home.add_child(instance=section)
    german = Locale.objects.create(language_code="de")
    assert section.pk > home.pk
    assert german.pk > Locale.get_default().pk
