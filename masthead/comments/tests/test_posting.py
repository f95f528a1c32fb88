"""Posting a comment: published, held, rejected or confirmed first; stored once; counted right."""

from __future__ import annotations

import pytest

from masthead.comments import services
from masthead.comments.errors import CommentError, CommentErrorCode
from masthead.comments.models import Comment, CommentStatus
from masthead.comments.selectors import article_comment_count, article_comment_count_recount
from masthead.moderation.reasons import ReasonCode

from .conftest import REJECTED, SHOUTED

pytestmark = pytest.mark.django_db


def test_a_civil_comment_is_published_and_counted(article, reader_ana):
    """A comment no rule objects to is published at once, and the article counts it."""
    outcome = services.comment_post(
        author=reader_ana, article=article, body="Good news for the fishermen."
    )

    assert outcome.outcome == "published"
    assert outcome.comment is not None
    assert outcome.comment.status == CommentStatus.PUBLISHED
    assert outcome.comment.moderation["verdict"] == "pass"
    assert article_comment_count(article=article) == 1


def test_a_reply_joins_the_thread_of_the_comment_it_answers(article, reader_ana, reader_ben):
    """A reply to a reply stays in the first comment's thread and remembers whom it answers."""
    first = services.comment_post(author=reader_ana, article=article, body="Good news.").comment
    reply = services.comment_post(
        author=reader_ben, article=article, body="Agreed.", parent=first
    ).comment
    answer = services.comment_post(
        author=reader_ana, article=article, body="Thank you, Ben.", parent=reply
    ).comment
    assert first is not None and reply is not None and answer is not None

    assert reply.parent == first and reply.reply_to == first
    assert answer.parent == first and answer.reply_to == reply
    first.refresh_from_db()
    assert first.reply_count == 2
    assert article_comment_count(article=article) == 3


def test_a_finding_the_author_can_fix_is_shown_before_anything_is_stored(article, reader_ana):
    """A hold for a standard asks the author first: edit, or post anyway."""
    outcome = services.comment_post(author=reader_ana, article=article, body=SHOUTED)

    assert outcome.needs_confirmation
    assert outcome.comment is None
    assert [hit.code for hit in outcome.decision.hits] == [ReasonCode.CAPITALS]
    assert not Comment.objects.exists()


def test_posting_anyway_holds_the_comment_for_a_moderator(article, reader_ana):
    """Confirmed, the comment is stored as held, with the finding, and not counted."""
    outcome = services.comment_post(
        author=reader_ana, article=article, body=SHOUTED, confirm_hold=True
    )

    assert outcome.outcome == "held"
    assert outcome.comment is not None
    assert outcome.comment.moderation["reasons"] == ["capitals"]
    assert outcome.comment.moderation["hits"][0]["explanation"]
    assert article_comment_count(article=article) == 0


def test_a_rejected_comment_is_not_published_and_says_which_standard(article, reader_ana):
    """A link on the malware blocklist: not published; the standard and its evidence are kept."""
    outcome = services.comment_post(author=reader_ana, article=article, body=REJECTED)

    assert outcome.outcome == "rejected"
    assert outcome.decision.reasons == (ReasonCode.MALWARE,)
    assert outcome.comment is not None
    hit = outcome.comment.moderation["hits"][0]
    assert hit["code"] == "malware"
    assert hit["evidence"]["links"] == ["http://malware.example/report.exe"]
    assert article_comment_count(article=article) == 0


def test_an_account_with_recent_rejections_is_put_on_premoderation(article, reader_ana):
    """Three rejections in a month: the next civil comment waits for a moderator."""
    for _attempt in range(3):
        services.comment_post(author=reader_ana, article=article, body=REJECTED)

    outcome = services.comment_post(author=reader_ana, article=article, body="A fair point.")

    assert outcome.outcome == "held"
    assert outcome.decision.reasons == (ReasonCode.PREMODERATION,)
    assert not outcome.needs_confirmation  # nothing in the text to fix


def test_a_double_click_stores_the_comment_once(article, reader_ana):
    """The same form key twice: one comment, the second answer says so."""
    first = services.comment_post(
        author=reader_ana, article=article, body="Good news.", idempotency_key="k" * 32
    )
    second = services.comment_post(
        author=reader_ana, article=article, body="Good news.", idempotency_key="k" * 32
    )

    assert second.is_repeat
    assert second.comment == first.comment
    assert Comment.objects.count() == 1
    assert article_comment_count(article=article) == 1


@pytest.mark.parametrize("body", ["", "   \n\n  ", "\u200b\u200b\u2060", "\ufeff \u200d"])
def test_an_empty_comment_is_refused(article, reader_ana, body):
    """Nothing visible (spaces, newlines, zero-width characters): refused, nothing stored."""
    with pytest.raises(CommentError) as refused:
        services.comment_post(author=reader_ana, article=article, body=body)

    assert refused.value.code == CommentErrorCode.EMPTY
    assert not Comment.objects.exists()


def test_a_100_kb_comment_is_refused(article, reader_ana):
    """Far over the limit: refused with a coded error, nothing stored."""
    with pytest.raises(CommentError) as refused:
        services.comment_post(author=reader_ana, article=article, body="harbour " * 12800)

    assert refused.value.code == CommentErrorCode.TOO_LONG
    assert not Comment.objects.exists()


def test_no_comment_is_taken_when_comments_are_closed(article_factory, reader_ana):
    """An article with comments closed refuses them."""
    closed = article_factory(comments_open=False)

    with pytest.raises(CommentError) as refused:
        services.comment_post(author=reader_ana, article=closed, body="Hello.")

    assert refused.value.code == CommentErrorCode.CLOSED


def test_a_rule_that_fails_holds_the_comment_never_publishes_it(article, reader_ana, settings):
    """A rule that cannot load (a blocklist that is a folder): held, the failure recorded."""
    settings.MASTHEAD_MODERATION_RULES = [
        {
            "NAME": "masthead.moderation.rules.malware.MalwareRule",
            "OPTIONS": {"blocklist": str(settings.BASE_DIR)},
        }
    ]

    outcome = services.comment_post(author=reader_ana, article=article, body="Good news.")

    assert outcome.outcome == "held"
    assert outcome.comment is not None
    assert outcome.comment.moderation["failures"]
    assert outcome.decision.reasons == (ReasonCode.CHECK_FAILED,)


def test_the_count_matches_the_published_comments_after_every_kind_of_change(
    article, reader_ana, reader_ben, moderator_mo
):
    """Post, hold, approve, reject, delete: the stored count always equals a recount."""
    kept = services.comment_post(author=reader_ana, article=article, body="One.").comment
    held = services.comment_post(
        author=reader_ben, article=article, body=SHOUTED, confirm_hold=True
    ).comment
    assert kept is not None and held is not None
    services.comment_post(author=reader_ben, article=article, body="Two.", parent=kept)
    services.comment_approve(comment=held, moderator=moderator_mo)
    services.comment_reject(comment=held, moderator=moderator_mo)
    services.comment_delete(comment=kept, actor=reader_ana)

    assert article_comment_count(article=article) == article_comment_count_recount(
        article_id=article.pk
    )
    assert article_comment_count(article=article) == 1


def test_a_lone_surrogate_is_dropped_and_the_comment_is_stored(article, reader_ana):
    """Half of a UTF-16 pair (JSON's "\\ud800") cannot be stored or shown: it is dropped at the
    boundary and the rest of the comment is kept, published as usual."""
    outcome = services.comment_post(
        author=reader_ana, article=article, body="Good news for the \ud800fishermen.\udfff"
    )

    assert outcome.comment is not None
    assert outcome.comment.body == "Good news for the fishermen."
    assert outcome.comment.moderation["verdict"] == "pass"


def test_a_comment_of_lone_surrogates_only_is_refused_as_empty(article, reader_ana):
    """Nothing left once the broken characters are dropped: refused, nothing stored."""
    with pytest.raises(CommentError) as refused:
        services.comment_post(author=reader_ana, article=article, body="\ud83d \udc00")

    assert refused.value.code == CommentErrorCode.EMPTY
    assert not Comment.objects.exists()
