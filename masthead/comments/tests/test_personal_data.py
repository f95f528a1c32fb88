"""A reader's comments in their data export, and nothing of them left after the purge."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Comment, CommentStatus
from masthead.comments.selectors import article_comment_count, article_comment_count_recount
from masthead.readers.export import personal_data_archive
from masthead.readers.services.lifecycle import account_close, accounts_purge_due
from masthead.readers.tests.personal_data_scan import leftovers_anywhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana_commented(article, reader_ana, reader_ben):
    """Ana comments, edits, replies, likes, reports, mutes; Ben replies to her and likes her."""
    own = services.comment_post(
        author=reader_ana, article=article, body="I am Ana Ferreira, ana.ferreira@example.org."
    ).comment
    assert own is not None
    services.comment_edit(comment=own, editor=reader_ana, body="I am Ana Ferreira, from Porto.")
    bens = services.comment_post(author=reader_ben, article=article, body="Ben here.").comment
    assert bens is not None
    services.comment_post(author=reader_ana, article=article, body="Hi Ben.", parent=bens)
    services.comment_post(author=reader_ben, article=article, body="Hello Ana.", parent=own)
    services.comment_like(comment=bens, member=reader_ana)
    services.comment_like(comment=own, member=reader_ben)
    services.comment_report(comment=bens, reporter=reader_ana, reason="spam", note="Ana says so")
    services.comment_report(comment=own, reporter=reader_ben, reason="privacy")
    services.member_mute(member=reader_ana, muted=reader_ben)
    services.reply_emails_set(member=reader_ana, wanted=False)
    return own, bens


def test_the_export_holds_the_readers_comments_history_likes_reports_and_mutes(
    ana_commented, reader_ana
):
    """Her archive's "comments" section: texts with earlier versions, likes, reports, mutes."""
    archive = zipfile.ZipFile(io.BytesIO(personal_data_archive(user=reader_ana)))
    section = json.loads(archive.read("personal-data.json"))["sections"]["comments"]

    texts = [comment["text"] for comment in section["comments"]]
    assert texts == ["I am Ana Ferreira, from Porto.", "Hi Ben."]
    assert section["comments"][0]["earlier_versions"][0]["text"].startswith("I am Ana Ferreira,")
    assert len(section["likes"]) == 1 and section["reports"][0]["standard"] == "spam"
    assert len(section["muted_members"]) == 1 and section["reply_emails"] is False


def test_a_purged_reader_leaves_no_personal_data_in_the_comments(
    ana_commented, article, reader_ana, reader_ben
):
    """Purged: her texts, history, likes, reports, mutes gone; Ben's replies stay; counts right."""
    own, bens = ana_commented
    ana_id = reader_ana.pk

    account_close(user=reader_ana)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31), tick=False):
        assert accounts_purge_due() == 1

    needles = ["ana.ferreira@example.org", "ana ferreira", "porto"]
    findings = [f for f in leftovers_anywhere(user_id=ana_id, needles=needles) if "comments." in f]
    assert findings == []
    own.refresh_from_db()
    assert own.author is None and own.status == CommentStatus.DELETED and own.body == ""
    assert Comment.objects.get(body="Hello Ana.").parent == own  # Ben's reply keeps its thread
    bens.refresh_from_db()
    assert bens.like_count == 0
    assert article_comment_count(article=article) == article_comment_count_recount(
        article_id=article.pk
    )
