"""Comment fixtures: personas, an open article, and a small, predictable moderation pipeline.

The pipeline is the real one with three real rules: pre-moderation, capitals (holds a shouted
comment) and the malware blocklist (rejects a link to `malware.example`), so a test can ask for
each verdict by what it writes, and nothing depends on the trained models.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from masthead.readers.tests.personas import reader_create

BLOCKED_HOST = "malware.example"
SHOUTED = "THIS HARBOUR DECISION IS A COMPLETE DISGRACE AND EVERYONE KNOWS IT"
REJECTED = f"Get the full report at http://{BLOCKED_HOST}/report.exe today"
RULES = "masthead.moderation.rules"


@pytest.fixture(autouse=True)
def moderation_rules(settings, tmp_path):
    blocklist = tmp_path / "blocklist.txt"
    blocklist.write_text(f"{BLOCKED_HOST}\n")
    settings.MASTHEAD_MODERATION_RULES = [
        {"NAME": f"{RULES}.premoderation.PremoderationRule"},
        {"NAME": f"{RULES}.capitals.CapitalsRule"},
        {"NAME": f"{RULES}.malware.MalwareRule", "OPTIONS": {"blocklist": str(blocklist)}},
    ]
    return settings.MASTHEAD_MODERATION_RULES


@pytest.fixture
def reader_ana(db):
    return reader_create(email="ana.ferreira@example.org", display_name="Ana Ferreira")


@pytest.fixture
def reader_ben(db):
    return reader_create(email="ben.okafor@example.org", display_name="Ben Okafor")


@pytest.fixture
def reader_cleo(db):
    return reader_create(email="cleo.martin@example.org", display_name="Cleo Martin")


@pytest.fixture
def moderator_mo(db):
    from conftest import totp_enable

    mo = reader_create(email="mo.haddad@example.org", display_name="Mo Haddad")
    mo.groups.add(Group.objects.get(name="Moderators"))
    totp_enable(mo)
    return mo


@pytest.fixture
def editor_eve(db):
    from conftest import totp_enable

    eve = reader_create(email="eve.lind@example.org", display_name="Eve Lind")
    eve.user_permissions.add(
        Permission.objects.get(content_type__app_label="comments", codename="feature_comment")
    )
    totp_enable(eve)  # featuring is a staff power: it needs the second factor
    return eve


@pytest.fixture
def article(article_factory):
    return article_factory(title="Harbour reopens after the storm")


@pytest.fixture
def member_client(client):
    """A test client logged in as someone: `member_client(user)`."""

    def log_in(user):
        client.force_login(user)
        return client

    return log_in
