"""After the 30 days of grace the purge leaves nothing personal behind, in any table or file."""

from __future__ import annotations

import datetime
import hashlib
import hmac

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from conftest import totp_enable
from masthead.core.mail import QueuedEmailBackend
from masthead.core.models import OutgoingEmail
from masthead.readers.models import (
    AccountClosure,
    LegalConsent,
    LegalDocument,
    LegalDocumentVersion,
    Tombstone,
)
from masthead.readers.selectors.lifecycle import email_tombstone_hash, email_tombstone_reason
from masthead.readers.services.lifecycle import (
    account_close,
    account_purge,
    account_restore,
    accounts_purge_due,
)
from masthead.readers.tasks import accounts_purge_due_task

from .personal_data_scan import files_left, leftovers_anywhere, leftovers_in_personal_tables
from .personas import READER_IP, log_in, reader_create
from .test_avatars import photo_bytes

pytestmark = pytest.mark.django_db

EMAIL = "ana.ferreira@example.org"
SECOND_EMAIL = "ana.at.work@example.org"
NAME = "Ana Ferreira-Quaresma"
NEEDLES = [EMAIL, SECOND_EMAIL, NAME, READER_IP]
BLOCKED_GROUP = "Blocked readers"


def blocked_reason(user) -> str | None:
    """A tombstone rule as moderation will plug in: members of a 'Blocked readers' group."""
    return "blocked" if user.groups.filter(name=BLOCKED_GROUP).exists() else None


def later(days: float):
    return time_machine.travel(timezone.now() + datetime.timedelta(days=days))


@pytest.fixture
def ana_everywhere(client, home, django_capture_on_commit_callbacks):
    """A reader whose personal data is in every table that can hold it, then closed."""
    ana = reader_create(email=EMAIL, display_name=NAME, first_name="Ana", last_name="Quaresma")
    log_in(client, email=EMAIL)  # a log-in record and a user session, from READER_IP
    other_device = Client()
    other_device.force_login(ana)  # a session allauth does not list
    client.post(
        "/account/profile/",
        {
            "display_name": NAME,
            "language": "fr",
            "time_zone": "Europe/Lisbon",
            "avatar": ContentFile(photo_bytes(), name="me.jpg"),
        },
    )
    ana.refresh_from_db()
    second = EmailAddress.objects.create(user=ana, email=SECOND_EMAIL, verified=False)
    EmailConfirmation.create(second).sent = timezone.now()
    totp_enable(ana)
    app = SocialApp.objects.create(provider="openid_connect", provider_id="local", name="Local")
    account = SocialAccount.objects.create(
        user=ana, provider="local", uid="sub-4242", extra_data={"email": EMAIL, "name": NAME}
    )
    SocialToken.objects.create(app=app, account=account, token="access-token")
    profile = UserProfile.get_for_user(ana)
    profile.avatar.save("wagtail-avatar.png", ContentFile(photo_bytes(image_format="PNG")))
    document = LegalDocument.objects.create(
        kind="privacy", title="Privacy policy", body="<p>Little.</p>", locale=Locale.get_default()
    )
    version = LegalDocumentVersion.objects.create(
        document=document,
        number=1,
        title="Privacy policy",
        body="<p>Little.</p>",
        published_at=timezone.now(),
    )
    LegalConsent.objects.create(user=ana, version=version, accepted_at=timezone.now())
    log(instance=ana, action="wagtail.edit", user=ana)  # Wagtail's audit log, about and by her
    QueuedEmailBackend().send_messages(
        [
            EmailMessage("Your weekly digest", "…", to=[f"{NAME} <{EMAIL}>"]),
            EmailMessage("Someone else's digest", "…", to=["ben@example.org"]),
        ]
    )
    files = [ana.avatar.name, profile.avatar.name]
    assert files_left(files) == files
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/delete/", {"password": "a long harbour passphrase", "confirm": "on"})
    ana.refresh_from_db()
    assert not ana.is_active
    return ana, files


def test_nothing_is_purged_inside_the_30_days(ana_everywhere):
    """On day 29 the account is closed but whole: it can still be restored."""
    ana, files = ana_everywhere
    with later(29):
        assert accounts_purge_due() == 0
    assert AccountClosure.objects.filter(user=ana).exists()
    assert files_left(files) == files


def test_the_purge_leaves_no_personal_data_in_any_table_or_file(
    ana_everywhere, django_capture_on_commit_callbacks
):
    """Day 31: the known tables, every text column, every reference and the files are clean."""
    ana, files = ana_everywhere
    assert leftovers_in_personal_tables(user_id=ana.pk, emails=[EMAIL, SECOND_EMAIL])
    assert leftovers_anywhere(user_id=ana.pk, needles=NEEDLES)

    with later(31), django_capture_on_commit_callbacks(execute=True):
        accounts_purge_due_task.enqueue()

    assert leftovers_in_personal_tables(user_id=ana.pk, emails=[EMAIL, SECOND_EMAIL]) == []
    assert leftovers_anywhere(user_id=ana.pk, needles=NEEDLES) == []
    assert files_left(files) == []
    assert not Tombstone.objects.exists()
    assert OutgoingEmail.objects.get().recipients == ["ben@example.org"]
    assert LegalDocumentVersion.objects.count() == 1  # the policy itself stays


def test_the_restore_link_after_the_purge_says_it_expired(ana_everywhere):
    """The e-mailed link, clicked after the purge, explains that the account is gone."""
    import re

    found = re.search(r"(/account/restore/\S+/)", str(mail.outbox[-1].body))
    assert found, mail.outbox[-1].body
    path = found.group(1)
    with later(31):
        accounts_purge_due()
        response = Client().get(path)
    assert response.status_code == 410
    assert "This restore link has expired" in response.content.decode()


def test_a_blocked_reader_leaves_only_a_keyed_hash_of_each_address(ana_everywhere, settings):
    """The tombstone hook marks the reader; the purge keeps an HMAC per address, nothing else."""
    ana, _files = ana_everywhere
    settings.READERS_TOMBSTONE_REASONS = [f"{__name__}.blocked_reason"]
    ana.groups.add(Group.objects.create(name=BLOCKED_GROUP))
    with later(31):
        assert accounts_purge_due() == 1

    assert leftovers_anywhere(user_id=ana.pk, needles=NEEDLES) == []
    hashes = set(Tombstone.objects.values_list("email_hash", flat=True))
    expected = {
        hmac.new(
            hashlib.sha256(b"masthead.readers.tombstone" + settings.SECRET_KEY.encode()).digest(),
            address.encode(),
            hashlib.sha256,
        ).hexdigest()
        for address in (EMAIL, SECOND_EMAIL)
    }
    assert hashes == expected == {email_tombstone_hash(EMAIL), email_tombstone_hash(SECOND_EMAIL)}
    assert set(Tombstone.objects.values_list("reason", flat=True)) == {"blocked"}
    assert email_tombstone_reason("  Ana.Ferreira@EXAMPLE.org ") == "blocked"
    assert email_tombstone_reason("ben@example.org") is None


def test_readers_the_hook_does_not_mark_leave_no_tombstone(settings):
    """Only readers a tombstone rule names leave a trace."""
    settings.READERS_TOMBSTONE_REASONS = [f"{__name__}.blocked_reason"]
    ana = reader_create(email=EMAIL, display_name=NAME)
    account_close(user=ana)
    with later(31):
        assert accounts_purge_due() == 1
    assert not Tombstone.objects.exists()


def test_every_account_due_is_purged_in_one_run():
    """Two accounts past their grace period go in one run; a recent closure waits."""
    first = reader_create(email="one@example.org", display_name="One Reader")
    second = reader_create(email="two@example.org", display_name="Two Reader")
    account_close(user=first)
    account_close(user=second)
    with later(20):
        recent = reader_create(email="three@example.org", display_name="Three Reader")
        account_close(user=recent)
    with later(31):
        assert accounts_purge_due() == 2
    assert list(AccountClosure.objects.values_list("user_id", flat=True)) == [recent.pk]


def test_a_tombstone_hook_that_cannot_be_imported_stops_the_site_at_start_up(settings):
    """readers.E001: a misspelt hook is a start-up error, not a surprise in the nightly purge."""
    settings.READERS_TOMBSTONE_REASONS = ["masthead.moderation.nowhere.blocked"]
    with pytest.raises(SystemCheckError, match=r"readers\.E001"):
        call_command("check")


def test_an_account_restored_a_moment_ago_is_not_purged():
    """The purge re-reads the closure under a lock: a restore that won the race stands."""
    ana = reader_create(email=EMAIL, display_name=NAME)
    closure = account_close(user=ana)
    account_restore(closure=closure)
    with later(31):
        assert account_purge(user=ana) is False
    ana.refresh_from_db()
    assert ana.is_active and ana.display_name == NAME
