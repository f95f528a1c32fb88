"""A block for good outlives the account: a keyed hash at purge, blocked again at sign-up."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from masthead.comments import services_blocks
from masthead.comments.models import MemberBlock, UnlockRequest
from masthead.comments.selectors import member_block_active
from masthead.readers.export import personal_data_archive
from masthead.readers.models import Tombstone
from masthead.readers.selectors.lifecycle import email_tombstone_reason
from masthead.readers.services.lifecycle import account_close, accounts_purge_due
from masthead.readers.tests.captcha_solver import captcha_solution
from masthead.readers.tests.personal_data_scan import leftovers_anywhere

pytestmark = pytest.mark.django_db
EMAIL = "ana.ferreira@example.org"
PASSWORD = "a long harbour passphrase"


def block(member, moderator):
    return services_blocks.member_block(
        member=member, moderator=moderator, reason="insult", message="Mind your words, Ana."
    )


def purge(user) -> None:
    account_close(user=user)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        assert accounts_purge_due() == 1


def sign_up(client, *, email: str = EMAIL, display_name: str = "Ana Again"):
    return client.post(
        "/account/signup/",
        {
            "email": email,
            "display_name": display_name,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "captcha": captcha_solution(client),
        },
    )


def test_a_member_blocked_for_good_comes_back_blocked_for_good_after_the_purge(
    client, home, reader_ana, moderator_mo
):
    """Purged after a second block: only a keyed hash stays, and signing up again is blocked."""
    services_blocks.member_block_lift(block=block(reader_ana, moderator_mo), moderator=moderator_mo)
    block(reader_ana, moderator_mo)
    ana_id = reader_ana.pk

    purge(reader_ana)

    assert email_tombstone_reason(EMAIL) == "blocked"
    needles = [EMAIL, "ana ferreira", "mind your words"]
    assert leftovers_anywhere(user_id=ana_id, needles=needles) == []
    assert sign_up(client).status_code == 302
    again = get_user_model().objects.get(email=EMAIL)
    carried = member_block_active(member=again)
    assert carried is not None and carried.is_permanent and carried.is_carried_over
    assert carried.blocked_by is None and carried.reason == ""
    client.force_login(again)
    assert "This decision is final" in client.get("/comments/unlock/").content.decode()


def test_a_first_block_ends_with_the_account_and_leaves_no_tombstone(
    client, home, reader_ana, moderator_mo
):
    """A block that could still be lifted keeps nothing of the person after the purge."""
    block(reader_ana, moderator_mo)
    services_blocks.unlock_request_send(
        member=reader_ana, subject="Please", explanation="I am sorry, it will not happen again."
    )

    purge(reader_ana)

    assert not Tombstone.objects.exists()
    assert not MemberBlock.objects.exists() and not UnlockRequest.objects.exists()
    assert sign_up(client).status_code == 302
    assert member_block_active(member=get_user_model().objects.get(email=EMAIL)) is None


def test_the_archive_lists_the_members_blocks_and_requests(reader_ana, moderator_mo):
    """Her personal-data archive: each block (when, why, the message, lifted) and each request."""
    block(reader_ana, moderator_mo)
    request = services_blocks.unlock_request_send(
        member=reader_ana, subject="Please", explanation="I am sorry, it will not happen again."
    )
    services_blocks.unlock_request_grant(
        request=request, moderator=moderator_mo, response="Welcome back."
    )
    block(reader_ana, moderator_mo)

    archive = zipfile.ZipFile(io.BytesIO(personal_data_archive(user=reader_ana)))
    section = json.loads(archive.read("personal-data.json"))["sections"]["comments"]

    first, second = section["blocks"]
    assert first["standard"] == "insult" and first["message"] == "Mind your words, Ana."
    assert first["lifted_at"] is not None and not first["permanent"]
    assert second["permanent"] and second["lifted_at"] is None
    assert "Mo Haddad" not in json.dumps(section)
    (sent,) = section["unlock_requests"]
    assert sent["subject"] == "Please" and sent["status"] == "granted"
    assert sent["answer"] == "Welcome back."
