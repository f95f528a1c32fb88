"""Likes, reports, mutes, editors' picks and the e-mail sent when someone replies."""

from __future__ import annotations

import pytest
from django.core import mail

from masthead.comments import services
from masthead.comments.errors import CommentError, CommentErrorCode
from masthead.comments.models import CommentReport
from masthead.comments.selectors import comment_thread_page, comment_viewer
from masthead.moderation.reasons import ReasonCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(article, reader_ana):
    return services.comment_post(author=reader_ana, article=article, body="Good news.").comment


def test_a_like_counts_once_and_can_be_taken_back(posted, reader_ben):
    """Two likes by one member count one; unliking takes it off."""
    services.comment_like(comment=posted, member=reader_ben)
    services.comment_like(comment=posted, member=reader_ben)
    assert posted.like_count == 1

    services.comment_unlike(comment=posted, member=reader_ben)

    assert posted.like_count == 0


def test_a_member_cannot_like_their_own_comment(posted, reader_ana):
    """Liking oneself is refused."""
    with pytest.raises(CommentError) as refused:
        services.comment_like(comment=posted, member=reader_ana)

    assert refused.value.code == CommentErrorCode.OWN_COMMENT


def test_liking_from_the_page_answers_with_the_new_count(member_client, posted, reader_ben):
    """The script's like: JSON with the state and the count."""
    answer = member_client(reader_ben).post(
        f"/comments/{posted.pk}/like/", HTTP_ACCEPT="application/json"
    )

    assert answer.json() == {"outcome": "ok", "message": "", "liked": True, "like_count": 1}


def test_a_report_names_the_standard_and_the_member(posted, reader_ben):
    """A report: which standard, by whom, open; a second report by Ben replaces the first."""
    services.comment_report(comment=posted, reporter=reader_ben, reason=ReasonCode.INSULT)
    report = services.comment_report(
        comment=posted, reporter=reader_ben, reason="trolling", note="Baiting others."
    )

    assert CommentReport.objects.count() == 1
    assert report.reason == "trolling" and report.reporter == reader_ben
    assert report.resolved_at is None


def test_the_report_form_asks_for_a_standard(member_client, posted, reader_ben):
    """Sent without a standard: the form says what is missing; with one, thanks."""
    client = member_client(reader_ben)

    refused = client.post(f"/comments/{posted.pk}/report/", {"reason": ""})
    thanked = client.post(f"/comments/{posted.pk}/report/", {"reason": "spam"}, follow=True)

    assert "Choose the standard this comment breaks." in refused.content.decode()
    assert "A moderator will look at this comment." in thanked.content.decode()
    assert CommentReport.objects.get().reason == "spam"


def test_a_muted_member_disappears_from_the_thread(article, posted, reader_ana, reader_ben):
    """Ben mutes Ana: her comments are gone from his thread, not from others'."""
    services.member_mute(member=reader_ben, muted=reader_ana)

    for_ben = comment_thread_page(article=article, viewer=comment_viewer(reader_ben))
    for_cleo = comment_thread_page(article=article, viewer=comment_viewer(None))

    assert for_ben.entries == []
    assert [entry.comment for entry in for_cleo.entries] == [posted]


def test_an_editor_features_a_comment_and_readers_see_the_pick(
    client, article, posted, editor_eve, django_capture_on_commit_callbacks
):
    """Featured by an editor: in "Editors' picks" above the thread, and in the audit log."""
    from wagtail.models import ModelLogEntry

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_feature(comment=posted, editor=editor_eve)

    html = client.get(f"/comments/article/{article.pk}/thread/").content.decode()
    assert '<h3 id="featured-title-' in html
    assert f'id="featured-{posted.pk}"' in html
    entry = ModelLogEntry.objects.get(action="comments.feature")
    assert entry.user == editor_eve


def test_a_reader_cannot_feature(posted, reader_ben):
    """Without the editors' permission: refused."""
    with pytest.raises(CommentError):
        services.comment_feature(comment=posted, editor=reader_ben)


def test_a_reply_sends_the_author_an_email_with_a_way_out(
    article, posted, reader_ben, django_capture_on_commit_callbacks
):
    """Ana gets an e-mail naming Ben, linking the reply and a one-click unsubscribe."""
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.comment_post(
            author=reader_ben, article=article, body="Indeed.", parent=posted
        ).comment
        assert reply is not None

    message = mail.outbox[-1]
    assert message.to == ["ana.ferreira@example.org"]
    assert "Ben Okafor replied to your comment" in str(message.subject)
    assert f"/comments/{reply.pk}/" in message.body
    assert "ana.ferreira@example.org" not in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/comments/replies-off/" in unsubscribe


def test_the_unsubscribe_link_turns_reply_emails_off(
    client, article, posted, reader_ben, django_capture_on_commit_callbacks
):
    """The e-mail's link (a one-click POST) stops the next e-mails."""
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=reader_ben, article=article, body="One.", parent=posted)
    unsubscribe = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    path = unsubscribe.removeprefix("http://testserver")

    assert client.get(path).status_code == 200  # a page with a button; nothing changed yet
    client.post(path)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=reader_ben, article=article, body="Two.", parent=posted)

    assert mail.outbox == []


def test_no_email_about_a_reply_from_a_muted_member(
    article, posted, reader_ana, reader_ben, django_capture_on_commit_callbacks
):
    """Ana muted Ben: his reply reaches the thread, not her inbox."""
    services.member_mute(member=reader_ana, muted=reader_ben)

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_post(author=reader_ben, article=article, body="Hm.", parent=posted)

    assert mail.outbox == []


def test_a_held_reply_mails_only_once_approved(
    article, posted, reader_ben, moderator_mo, django_capture_on_commit_callbacks
):
    """Held, no e-mail; approved by a moderator, the e-mail goes."""
    from .conftest import SHOUTED

    with django_capture_on_commit_callbacks(execute=True):
        held = services.comment_post(
            author=reader_ben, article=article, body=SHOUTED, parent=posted, confirm_hold=True
        ).comment
        assert held is not None
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.comment_approve(comment=held, moderator=moderator_mo)

    assert len(mail.outbox) == 1
