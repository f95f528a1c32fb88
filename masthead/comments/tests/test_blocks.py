"""Blocking a member: what they may no longer do, the notice, the e-mail, the audit log."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from masthead.comments import services, services_blocks
from masthead.comments.errors import CommentError, CommentErrorCode
from masthead.comments.models import (
    Comment,
    CommentLike,
    CommentReport,
    CommentStatus,
    MemberBlock,
)
from masthead.comments.selectors import member_block_active
from masthead.readers.tests.personas import reader_create

from .conftest import SHOUTED

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
MESSAGE = "You called another reader an idiot three times today."


@pytest.fixture
def bens_comment(article, reader_ben):
    return services.comment_post(
        author=reader_ben, article=article, body="Ferries are back."
    ).comment


@pytest.fixture
def anas_comment(article, reader_ana):
    return services.comment_post(author=reader_ana, article=article, body="Good news.").comment


def block(member, moderator, **kwargs):
    return services_blocks.member_block(
        member=member, moderator=moderator, reason="insult", message=MESSAGE, **kwargs
    )


def test_a_blocked_member_is_emailed_the_standard_the_message_and_how_to_ask(
    reader_ana, moderator_mo, anas_comment, django_capture_on_commit_callbacks
):
    """The e-mail says why (standard, message) and links the unlock request form."""
    with django_capture_on_commit_callbacks(execute=True):
        made = block(reader_ana, moderator_mo, comment=anas_comment)

    assert member_block_active(member=reader_ana) == made
    assert not made.is_permanent and made.blocked_by == moderator_mo
    assert made.comment == anas_comment
    (email,) = mail.outbox
    assert email.to == ["ana.ferreira@example.org"]
    assert "blocked" in email.subject
    assert "Insults and threats" in email.body and MESSAGE in email.body
    assert "http://testserver/comments/unlock/" in email.body
    entry = ModelLogEntry.objects.get(action="comments.block")
    assert entry.user == moderator_mo and entry.object_id == str(made.pk)


def test_a_blocked_member_can_neither_post_reply_edit_like_nor_report(
    article, reader_ana, moderator_mo, anas_comment, bens_comment
):
    """Every way of taking part is refused with the block's code, and nothing is stored."""
    block(reader_ana, moderator_mo)
    before = Comment.objects.count()

    attempts = [
        lambda: services.comment_post(author=reader_ana, article=article, body="Let me in."),
        lambda: services.comment_post(
            author=reader_ana, article=article, body="A reply.", parent=bens_comment
        ),
        lambda: services.comment_edit(comment=anas_comment, editor=reader_ana, body="Changed."),
        lambda: services.comment_like(comment=bens_comment, member=reader_ana),
        lambda: services.comment_report(comment=bens_comment, reporter=reader_ana, reason="spam"),
    ]
    for attempt in attempts:
        with pytest.raises(CommentError) as refused:
            attempt()
        assert refused.value.code == CommentErrorCode.BLOCKED

    assert Comment.objects.count() == before
    anas_comment.refresh_from_db()
    assert anas_comment.body == "Good news."
    assert not CommentLike.objects.exists() and not CommentReport.objects.exists()


def test_the_endpoints_answer_a_blocked_member_403_and_keep_the_text(
    member_client, article, reader_ana, moderator_mo, anas_comment, bens_comment
):
    """Post (with and without script), edit, like and report: 403, the notice, the text kept."""
    block(reader_ana, moderator_mo)
    client = member_client(reader_ana)
    post_url = reverse("comments_post", kwargs={"article_id": article.pk})
    text = "My long thought about the harbour, written with care."

    page = client.post(post_url, {"body": text, "key": "k" * 32})
    script = client.post(post_url, {"body": text, "key": "j" * 32}, **JSON)
    edit = client.post(
        reverse("comments_edit", kwargs={"comment_id": anas_comment.pk}), {"body": "Changed."}
    )
    like = client.post(reverse("comments_like", kwargs={"comment_id": bens_comment.pk}), **JSON)
    report_form = client.get(reverse("comments_report", kwargs={"comment_id": bens_comment.pk}))
    report = client.post(
        reverse("comments_report", kwargs={"comment_id": bens_comment.pk}), {"reason": "spam"}
    )

    assert [r.status_code for r in (page, script, edit, like, report_form, report)] == [403] * 6
    html = page.content.decode()
    assert "blocked your account" in html and text in html
    assert reverse("comments_unlock_request") in html
    answer = script.json()
    assert answer["outcome"] == "blocked" and answer["code"] == "blocked"
    assert "Ask to be unlocked" in answer["feedback_html"]
    assert Comment.objects.count() == 2
    assert not CommentLike.objects.exists() and not CommentReport.objects.exists()


def test_a_blocked_member_still_reads_and_sees_the_notice_instead_of_the_form(
    member_client, article, reader_ana, moderator_mo, bens_comment
):
    """The article and its thread open; the form is replaced by the notice; no Like or Reply."""
    block(reader_ana, moderator_mo)
    client = member_client(reader_ana)

    story = client.get(article.url)
    thread = client.get(reverse("comments_thread", kwargs={"article_id": article.pk}))

    assert story.status_code == 200 and thread.status_code == 200
    section = story.content.decode()[story.content.decode().index('id="comments"') :]
    assert "blocked your account" in section and reverse("comments_unlock_request") in section
    assert 'name="body"' not in section
    fragment = thread.content.decode()
    assert "Ferries are back." in fragment
    assert reverse("comments_like", kwargs={"comment_id": bens_comment.pk}) not in fragment
    assert "?reply=1" not in fragment and "Report" not in fragment


def test_blocking_rejects_the_members_held_comments_unless_asked_not_to(
    article, reader_ana, reader_ben, moderator_mo
):
    """Held comments of the member leave the queue as rejected (or stay, when unticked)."""
    anas = services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    bens = services.comment_post(
        author=reader_ben, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    assert anas is not None and bens is not None

    block(reader_ana, moderator_mo)
    block(reader_ben, moderator_mo, reject_held=False)

    anas.refresh_from_db()
    bens.refresh_from_db()
    assert anas.status == CommentStatus.REJECTED and anas.moderated_by == moderator_mo
    assert bens.status == CommentStatus.HELD


def test_staff_cannot_be_blocked_and_a_member_is_not_blocked_twice(reader_ana, moderator_mo):
    """Moderators and staff are out of reach; a second block while one is in force is refused."""
    staff = reader_create(email="sam.staff@example.org", display_name="Sam Staff", is_staff=True)
    for member in (moderator_mo, staff):
        with pytest.raises(CommentError) as refused:
            block(member, moderator_mo)
        assert refused.value.code == CommentErrorCode.NOT_BLOCKABLE
    block(reader_ana, moderator_mo)

    with pytest.raises(CommentError) as refused:
        block(reader_ana, moderator_mo)

    assert refused.value.code == CommentErrorCode.ALREADY_BLOCKED
    assert MemberBlock.objects.filter(member=reader_ana).count() == 1


def test_only_a_moderator_blocks(reader_ana, reader_ben):
    """The service itself checks the permission."""
    with pytest.raises(CommentError) as refused:
        block(reader_ana, reader_ben)

    assert refused.value.code == CommentErrorCode.NOT_ALLOWED
    assert not MemberBlock.objects.exists()
