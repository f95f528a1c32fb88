"""Every write about comments: posting, editing, deleting, likes, reports, mutes, moderation.

Posting and editing go through the moderation pipeline (`masthead.moderation.pipeline`):
PASS publishes, REJECT stores the attempt as rejected (never shown; the author keeps the text
and is told which standard it breaks), HOLD stores it as held (visible to its author and the
moderators). Before a hold for something the author can fix (a finding of a standard, not
pre-moderation or a failed check), the author is asked first: edit, or post anyway
(`confirm_hold=True`), and then it is held.

A member a moderator blocked (`services_blocks`, `MemberBlock`) can no longer post, reply, edit,
like or report: those services refuse with `CommentErrorCode.BLOCKED` (or `BLOCKED_FOR_GOOD`)
before they write anything. Reports are resolved by a moderator (dismissed, or the comment
removed, approved or rejected); `COMMENTS_REPORTS_TO_HOLD` open reports from distinct members
hold a published comment until a moderator looks.

A moderator acts only on the comments of the editions they moderate (`NOT_YOUR_EDITION`);
administrators limit a moderator to some editions with `moderator_editions_set` (every edition
when not limited, `selectors.moderator_languages`).

Each service keeps the counters (`Comment.like_count`, `Comment.reply_count`,
`news.ArticleStats.comments`: published comments only) right in the same transaction, and
after commit purges the cached thread (`_discussion_purge`), sends the reply e-mail and writes
the audit log (Wagtail's `log`, for the moderators' and editors' actions). Each automatic
decision on a post or an edit is counted once, after commit, for the metrics
(`masthead_moderation_decisions_total`: `_decision_count`, core/metrics.py).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from masthead.core.metrics import moderation_decision_count
from masthead.core.origin import public_origin
from masthead.moderation.pipeline import Decision, submission_moderate
from masthead.moderation.reasons import Evidence, ReasonCode, RuleFailure, RuleHit, Verdict
from masthead.moderation.recent import recent_comment_record, submission_with_context
from masthead.readers.selectors import staff_powers_active

from . import app_settings, selectors, thread_cache
from .errors import CommentError, CommentErrorCode
from .formatting import comment_body_html, comment_text_clean, comment_text_is_blank
from .models import (
    SYSTEM_REASONS,
    Comment,
    CommentLike,
    CommentPreferences,
    CommentReport,
    CommentRevision,
    CommentStatus,
    MemberMute,
    ModeratorEditions,
)

if TYPE_CHECKING:
    from wagtail.models import Locale

    from masthead.news.models import ArticlePage
    from masthead.readers.models import User

logger = logging.getLogger(__name__)

STATUS_FOR_VERDICT = {
    Verdict.PASS: CommentStatus.PUBLISHED,
    Verdict.HOLD: CommentStatus.HELD,
    Verdict.REJECT: CommentStatus.REJECTED,
}
UNSUBSCRIBE_SALT = "masthead.comments.reply-emails"
# The mark a comment held by its readers' reports carries in its `moderation` record.
REPORTS_HOLD_KEY = "reports_hold"


@dataclass(frozen=True)
class PostOutcome:
    """What became of a post or an edit.

    `comment` is None when the author is asked to confirm a hold first (nothing stored);
    for a rejected edit it is the comment as it was (the edit was not applied).
    """

    comment: Comment | None
    decision: Decision
    needs_confirmation: bool = False
    is_repeat: bool = False
    edit_refused: bool = False

    @property
    def outcome(self) -> str:
        if self.needs_confirmation:
            return "confirm"
        if self.edit_refused:
            return "rejected"
        assert self.comment is not None
        return str(self.comment.status)


# --- Posting ------------------------------------------------------------------------------------


def comment_post(
    *,
    author: User,
    article: ArticlePage,
    body: str,
    parent: Comment | None = None,
    idempotency_key: str = "",
    confirm_hold: bool = False,
) -> PostOutcome:
    """Post a comment (or a reply to `parent`) through the moderation pipeline.

    A second request with the same `idempotency_key` from the same author (a double click)
    returns the first one's comment and stores nothing.
    """
    _member_may_take_part(author)
    if idempotency_key:
        earlier = Comment.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return PostOutcome(
                comment=earlier, decision=decision_restore(earlier.moderation), is_repeat=True
            )
    if not article.comments_open:
        raise CommentError(CommentErrorCode.CLOSED)
    body = _body_checked(body)
    root, reply_to = _thread_of(parent=parent, article=article)

    now = timezone.now()
    submission = submission_with_context(
        selectors.submission_build(author=author, article=article, body=body, now=now)
    )
    decision = submission_moderate(submission)
    if decision.verdict is Verdict.HOLD and not confirm_hold and decision_is_fixable(decision):
        return PostOutcome(comment=None, decision=decision, needs_confirmation=True)

    status = STATUS_FOR_VERDICT[decision.verdict]
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                article=article,
                author=author,
                parent=root,
                reply_to=reply_to,
                body=body,
                body_html=comment_body_html(body),
                status=status,
                moderation=decision_record(decision, at=now),
                created_at=now,
                idempotency_key=idempotency_key,
            )
            if status == CommentStatus.PUBLISHED:
                _published_count_change(comment, +1)
    except IntegrityError:
        earlier = Comment.objects.filter(author=author, idempotency_key=idempotency_key).first()
        if earlier is None:
            raise
        return PostOutcome(
            comment=earlier, decision=decision_restore(earlier.moderation), is_repeat=True
        )
    try:
        recent_comment_record(key=str(comment.pk), submission=submission)
    except Exception:  # the recent-comments store is a help for later checks, never a blocker
        logger.exception(
            "Could not record comment %s for the flood and flash-mob checks", comment.pk
        )
    if status == CommentStatus.PUBLISHED:
        transaction.on_commit(lambda: _reply_notify(comment))
    _decision_count(decision, submission="post")
    _discussion_purge(article, counters_changed=status == CommentStatus.PUBLISHED)
    return PostOutcome(comment=comment, decision=decision)


def _member_may_take_part(member: User) -> None:
    """Refuse, before any write, a member a moderator blocked from the community."""
    block = selectors.member_block_active(member=member)
    if block is not None:
        raise CommentError(
            CommentErrorCode.BLOCKED_FOR_GOOD if block.is_permanent else CommentErrorCode.BLOCKED
        )


def _body_checked(body: str) -> str:
    body = comment_text_clean(body)
    if comment_text_is_blank(body):
        raise CommentError(CommentErrorCode.EMPTY)
    if len(body) > app_settings.max_characters():
        raise CommentError(CommentErrorCode.TOO_LONG)
    return body


def _thread_of(
    *, parent: Comment | None, article: ArticlePage
) -> tuple[Comment | None, Comment | None]:
    """(the thread's first comment, the comment answered) for a reply to `parent`."""
    if parent is None:
        return None, None
    if parent.article_id != article.pk:
        raise CommentError(CommentErrorCode.WRONG_ARTICLE)
    if parent.status != CommentStatus.PUBLISHED:
        raise CommentError(CommentErrorCode.NOT_PUBLISHED)
    root = parent.parent if parent.parent_id else parent
    return root, parent


def _decision_count(decision: Decision, *, submission: str) -> None:
    """Count a final decision for the metrics, once it is committed (core/metrics.py).

    Once per submission: the question put to an author before a hold is not a decision, and a
    double click's repeat is not another. A comment that breaks two standards counts under the
    first (in the order of MASTHEAD_MODERATION_RULES), so the counts add up to the comments.
    """
    decision_name = str(STATUS_FOR_VERDICT[decision.verdict])
    reason = str(decision.reasons[0].value) if decision.reasons else "none"
    transaction.on_commit(
        lambda: moderation_decision_count(
            decision=decision_name, reason=reason, submission=submission
        )
    )


def decision_is_fixable(decision: Decision) -> bool:
    """True when a hold comes from a standard the author could meet by editing the text."""
    return any(
        hit.verdict is Verdict.HOLD and hit.code not in SYSTEM_REASONS for hit in decision.hits
    )


def decision_record(decision: Decision, *, at: datetime.datetime | None = None) -> dict[str, Any]:
    """The decision as stored with the comment, for moderators (and to answer a double click)."""
    return {
        "verdict": decision.verdict.label,
        "reasons": [str(code.value) for code in decision.reasons],
        "hits": [
            {
                "code": str(hit.code.value),
                "verdict": hit.verdict.label,
                "score": hit.score,
                "explanation": str(hit.explanation),
                "rule": hit.rule,
                "evidence": {
                    "words": list(hit.evidence.words),
                    "links": list(hit.evidence.links),
                    "spans": [[s.start, s.end, s.text] for s in hit.evidence.spans],
                    "related": list(hit.evidence.related),
                    "details": hit.evidence.details,
                },
            }
            for hit in decision.hits
        ],
        "failures": [{"rule": f.rule, "error": f.error} for f in decision.failures],
        "checked_at": at or timezone.now(),
    }


def decision_restore(record: dict[str, Any]) -> Decision:
    """A stored decision as the pipeline's `Decision` (explanations as they were stored)."""
    if not record:
        return Decision(verdict=Verdict.PASS)
    hits = tuple(
        RuleHit(
            code=ReasonCode(hit["code"]),
            verdict=Verdict.from_label(hit["verdict"]),
            score=float(hit.get("score", 0.0)),
            explanation=hit.get("explanation", ""),
            evidence=Evidence(
                words=tuple(hit.get("evidence", {}).get("words", ())),
                links=tuple(hit.get("evidence", {}).get("links", ())),
            ),
            rule=hit.get("rule", ""),
        )
        for hit in record.get("hits", [])
        if hit.get("code") in ReasonCode.values
    )
    failures = tuple(
        RuleFailure(rule=f.get("rule", ""), error=f.get("error", ""))
        for f in record.get("failures", [])
    )
    return Decision(
        verdict=Verdict.from_label(record.get("verdict", "pass")), hits=hits, failures=failures
    )


# --- Editing and deleting -----------------------------------------------------------------------


def comment_edit(
    *, comment: Comment, editor: User, body: str, confirm_hold: bool = False
) -> PostOutcome:
    """The author edits within the time limit; the new text is checked again.

    The old text is kept as a `CommentRevision`. A rejected edit is not applied (the comment
    stays as it was and the author keeps the new text to change); a held edit holds the comment.
    Flood and flash-mob context is not looked up again: an edit is not a new message.
    """
    if comment.author_id != editor.pk:
        raise CommentError(CommentErrorCode.NOT_AUTHOR)
    _member_may_take_part(editor)
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.HELD):
        raise CommentError(CommentErrorCode.NOT_EDITABLE)
    if not selectors.comment_is_editable(comment=comment, user=editor):
        raise CommentError(CommentErrorCode.EDIT_WINDOW_CLOSED)
    body = _body_checked(body)
    if body == comment.body:
        return PostOutcome(comment=comment, decision=decision_restore(comment.moderation))
    now = timezone.now()
    submission = selectors.submission_build(
        author=editor, article=comment.article, body=body, now=now
    )
    decision = submission_moderate(submission)
    if decision.verdict is Verdict.REJECT:
        _decision_count(decision, submission="edit")
        return PostOutcome(comment=comment, decision=decision, edit_refused=True)
    if decision.verdict is Verdict.HOLD and not confirm_hold and decision_is_fixable(decision):
        return PostOutcome(comment=None, decision=decision, needs_confirmation=True)
    new_status = STATUS_FOR_VERDICT[decision.verdict]
    with transaction.atomic():
        _text_replace(comment, body=body, at=now)
        was_published = comment.is_published
        comment.status = new_status
        comment.moderation = decision_record(decision, at=now)
        comment.save(update_fields=["body", "body_html", "edited_at", "status", "moderation"])
        if was_published != comment.is_published:
            _published_count_change(comment, +1 if comment.is_published else -1)
    _decision_count(decision, submission="edit")
    _discussion_purge(comment.article, counters_changed=was_published != comment.is_published)
    return PostOutcome(comment=comment, decision=decision)


def _text_replace(comment: Comment, *, body: str, at: datetime.datetime) -> None:
    CommentRevision.objects.create(
        comment=comment,
        body=comment.body,
        written_at=comment.edited_at or comment.created_at,
        replaced_at=at,
    )
    comment.body = body
    comment.body_html = comment_body_html(body)
    comment.edited_at = at


def comment_delete(*, comment: Comment, actor: User) -> Comment:
    """The author deletes their comment, or a moderator does.

    What an author deletes is gone: text, earlier versions and evidence are emptied. A
    moderator's deletion keeps them for the record (appeals), hidden from readers, and
    resolves the reports about it (the reports queue's "Remove"). Replies stay, under a
    "deleted" placeholder.
    """
    is_author = comment.author_id == actor.pk
    if not is_author:
        _moderator_checked(actor, comment)
    if comment.status == CommentStatus.DELETED:
        return comment
    with transaction.atomic():
        was_published = comment.is_published
        comment.status = CommentStatus.DELETED
        fields = ["status"]
        if is_author:
            _content_erase(comment)
            fields += ["body", "body_html", "moderation", "is_featured"]
        else:
            comment.moderated_at = timezone.now()
            comment.moderated_by = actor
            fields += ["moderated_at", "moderated_by"]
            comment.reports.filter(resolved_at__isnull=True).update(
                resolved_at=comment.moderated_at
            )
        comment.save(update_fields=fields)
        if was_published:
            _published_count_change(comment, -1)
    if not is_author:
        _audit(comment, "comments.delete", actor)
    _discussion_purge(comment.article, counters_changed=was_published)
    return comment


def _content_erase(comment: Comment) -> None:
    comment.body = ""
    comment.body_html = ""
    comment.moderation = {}
    comment.is_featured = False
    comment.revisions.all().delete()
    comment.reports.all().delete()


# --- Likes, reports, mutes, features --------------------------------------------------------------


def comment_like(*, comment: Comment, member: User) -> Comment:
    """Like a published comment of someone else (once; a second like changes nothing)."""
    if comment.author_id == member.pk:
        raise CommentError(CommentErrorCode.OWN_COMMENT)
    _member_may_take_part(member)
    if not comment.is_published:
        raise CommentError(CommentErrorCode.NOT_PUBLISHED)
    with transaction.atomic():
        _like, created = CommentLike.objects.get_or_create(comment=comment, member=member)
        if created:
            Comment.objects.filter(pk=comment.pk).update(like_count=F("like_count") + 1)
    comment.refresh_from_db(fields=["like_count"])
    if created:
        _discussion_purge(comment.article, counters_changed=False)
    return comment


def comment_unlike(*, comment: Comment, member: User) -> Comment:
    with transaction.atomic():
        deleted, _ = CommentLike.objects.filter(comment=comment, member=member).delete()
        if deleted:
            Comment.objects.filter(pk=comment.pk).update(
                like_count=Greatest(F("like_count") - 1, 0)
            )
    comment.refresh_from_db(fields=["like_count"])
    if deleted:
        _discussion_purge(comment.article, counters_changed=False)
    return comment


def comment_report(
    *, comment: Comment, reporter: User, reason: ReasonCode | str, note: str = ""
) -> CommentReport:
    """Report a comment as breaking a standard; one report per member.

    Reported again while the first report is open, it stays the same report: the standard is
    the one chosen now, the first note is kept unless another is written (a form opened before
    the first report was sent is empty), and its time is the first (the queue's waiting time).

    The `COMMENTS_REPORTS_TO_HOLD`-th open report (one per member) of a published comment holds
    it for a moderator: it leaves the thread, and the author sees it awaiting moderation.
    The comment row is locked meanwhile, so two reports at once count as two.
    """
    if comment.author_id == reporter.pk:
        raise CommentError(CommentErrorCode.OWN_COMMENT)
    _member_may_take_part(reporter)
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.HELD):
        raise CommentError(CommentErrorCode.NOT_PUBLISHED)
    now = timezone.now()
    reason_code = str(ReasonCode(reason).value)
    note = note.strip()[:500]
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        earlier = CommentReport.objects.filter(
            comment=locked, reporter=reporter, resolved_at__isnull=True
        ).first()
        if earlier is not None:
            earlier.reason = reason_code
            earlier.note = note or earlier.note
            earlier.save(update_fields=["reason", "note"])
            return earlier
        report, _created = CommentReport.objects.update_or_create(
            comment=locked,
            reporter=reporter,
            defaults={
                "reason": reason_code,
                "note": note,
                "created_at": now,
                "resolved_at": None,
            },
        )
        threshold = app_settings.reports_to_hold()
        if threshold and locked.status == CommentStatus.PUBLISHED:
            count = selectors.comment_open_report_count(comment=locked)
            if count >= threshold:
                _reports_hold(locked, count=count, at=now)
                comment.status = locked.status
                comment.moderation = locked.moderation
    return report


def _reports_hold(comment: Comment, *, count: int, at: datetime.datetime) -> None:
    """Take a published comment down for a moderator: enough members reported it."""
    comment.status = CommentStatus.HELD
    comment.moderation = {
        **comment.moderation,
        REPORTS_HOLD_KEY: {"reports": count, "at": at},
    }
    comment.save(update_fields=["status", "moderation"])
    _published_count_change(comment, -1)
    _audit_automatic(comment, "comments.reports_hold", data={"reports": count})
    _discussion_purge(comment.article, counters_changed=True)


def comment_reports_dismiss(*, comment: Comment, moderator: User) -> Comment:
    """The reports are unfounded: they are resolved and the comment stays (or is back).

    A comment the reports had held is published again; one held by the automatic checks
    stays in the held queue, for the moderators to judge on its own.
    """
    _moderator_checked(moderator, comment)
    now = timezone.now()
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        resolved = locked.reports.filter(resolved_at__isnull=True).update(resolved_at=now)
        republish = locked.status == CommentStatus.HELD and REPORTS_HOLD_KEY in locked.moderation
        if republish:
            locked.status = CommentStatus.PUBLISHED
            locked.moderation = {
                key: value for key, value in locked.moderation.items() if key != REPORTS_HOLD_KEY
            }
            locked.moderated_at = now
            locked.moderated_by = moderator
            locked.save(update_fields=["status", "moderation", "moderated_at", "moderated_by"])
            _published_count_change(locked, +1)
    if resolved or republish:
        transaction.on_commit(
            lambda: log(
                instance=locked,
                action="comments.reports_dismiss",
                user=moderator,
                data={"reports": resolved},
            )
        )
    if republish:
        _discussion_purge(locked.article, counters_changed=True)
    return locked


def member_mute(*, member: User, muted: User) -> MemberMute:
    """`member` stops seeing `muted`'s comments and getting e-mails about their replies."""
    if member.pk == muted.pk:
        raise CommentError(CommentErrorCode.OWN_COMMENT)
    mute, _created = MemberMute.objects.get_or_create(member=member, muted=muted)
    return mute


def member_unmute(*, member: User, muted: User) -> None:
    MemberMute.objects.filter(member=member, muted=muted).delete()


def comment_feature(*, comment: Comment, editor: User, is_featured: bool = True) -> Comment:
    """An editor picks a published comment (shown first, marked), or takes the pick back."""
    if not staff_powers_active(editor, permission="comments.feature_comment"):
        raise CommentError(CommentErrorCode.NOT_ALLOWED)
    if is_featured and not comment.is_published:
        raise CommentError(CommentErrorCode.NOT_PUBLISHED)
    comment.is_featured = is_featured
    comment.save(update_fields=["is_featured"])
    _audit(comment, "comments.feature" if is_featured else "comments.unfeature", editor)
    _discussion_purge(comment.article, counters_changed=False)
    return comment


def reply_emails_set(*, member: User, wanted: bool) -> CommentPreferences:
    preferences, _created = CommentPreferences.objects.update_or_create(
        member=member, defaults={"reply_emails": wanted}
    )
    return preferences


# --- Moderators -----------------------------------------------------------------------------------


def _moderator_checked(moderator: User, comment: Comment | None = None) -> None:
    """Refuse anyone but a moderator, and a moderator of another edition than `comment`'s."""
    if not selectors.user_is_moderator(moderator):
        raise CommentError(CommentErrorCode.NOT_ALLOWED)
    if comment is not None and not selectors.comment_is_moderated_by(
        comment=comment, moderator=moderator
    ):
        raise CommentError(CommentErrorCode.NOT_YOUR_EDITION)


def comment_approve(*, comment: Comment, moderator: User) -> Comment:
    """Publish a held (or rejected) comment; the member it answers gets the reply e-mail."""
    _moderator_checked(moderator, comment)
    if comment.status not in (CommentStatus.HELD, CommentStatus.REJECTED):
        raise CommentError(CommentErrorCode.NOT_HELD)
    with transaction.atomic():
        comment.status = CommentStatus.PUBLISHED
        comment.moderated_at = timezone.now()
        comment.moderated_by = moderator
        comment.save(update_fields=["status", "moderated_at", "moderated_by"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=comment.moderated_at)
        _published_count_change(comment, +1)
    transaction.on_commit(lambda: _reply_notify(comment))
    _audit(comment, "comments.approve", moderator)
    _discussion_purge(comment.article, counters_changed=True)
    return comment


def comment_reject(*, comment: Comment, moderator: User) -> Comment:
    """Refuse a held comment (or take down a published one): only its author still sees why."""
    _moderator_checked(moderator, comment)
    if comment.status not in (CommentStatus.HELD, CommentStatus.PUBLISHED):
        raise CommentError(CommentErrorCode.NOT_HELD)
    with transaction.atomic():
        was_published = comment.is_published
        comment.status = CommentStatus.REJECTED
        comment.moderated_at = timezone.now()
        comment.moderated_by = moderator
        comment.is_featured = False
        comment.save(update_fields=["status", "moderated_at", "moderated_by", "is_featured"])
        comment.reports.filter(resolved_at__isnull=True).update(resolved_at=comment.moderated_at)
        if was_published:
            _published_count_change(comment, -1)
    _audit(comment, "comments.reject", moderator)
    _discussion_purge(comment.article, counters_changed=was_published)
    return comment


def comment_moderator_edit(*, comment: Comment, moderator: User, body: str) -> Comment:
    """A moderator corrects the text (a phone number out, say); the old text stays in history."""
    _moderator_checked(moderator, comment)
    body = _body_checked(body)
    if body == comment.body:
        return comment
    with transaction.atomic():
        _text_replace(comment, body=body, at=timezone.now())
        comment.moderated_at = comment.edited_at
        comment.moderated_by = moderator
        comment.save(
            update_fields=["body", "body_html", "edited_at", "moderated_at", "moderated_by"]
        )
    _audit(comment, "comments.edit", moderator)
    _discussion_purge(comment.article, counters_changed=False)
    return comment


def moderator_editions_set(
    *, moderator: User, locales: Iterable[Locale], actor: User
) -> ModeratorEditions:
    """Limit `moderator` to these editions (a limit in force is replaced); logged.

    `actor` needs the permission to add a limit, or to change one in force (superusers have
    both; administrators hand them out in Settings › Groups). The moderator's next request
    reads the new limit; an empty `locales` limits them to no edition (the admin's form asks
    for one at least).
    """
    editions = ModeratorEditions.objects.filter(moderator_id=moderator.pk).first()
    verb = "add" if editions is None else "change"
    if not actor.has_perm(f"comments.{verb}_moderatoreditions"):
        raise CommentError(CommentErrorCode.NOT_ALLOWED)
    locales = list(locales)
    with transaction.atomic():
        editions, _created = ModeratorEditions.objects.update_or_create(moderator=moderator)
        editions.locales.set(locales)
    moderator.__dict__.pop("_masthead_moderator_languages", None)
    languages = sorted(locale.language_code for locale in locales)
    transaction.on_commit(
        lambda: log(
            instance=editions,
            action="comments.editions_limit",
            user=actor,
            data={"moderator": moderator.pk, "editions": languages},
        )
    )
    return editions


def moderator_editions_remove(*, editions: ModeratorEditions, actor: User) -> None:
    """Lift a moderator's limit: they moderate every edition again; logged."""
    if not actor.has_perm("comments.delete_moderatoreditions"):
        raise CommentError(CommentErrorCode.NOT_ALLOWED)
    removed = ModeratorEditions(pk=editions.pk, moderator_id=editions.moderator_id)
    editions.delete()
    transaction.on_commit(
        lambda: log(
            instance=removed,
            action="comments.editions_unlimit",
            user=actor,
            data={"moderator": removed.moderator_id},
        )
    )


# --- A purged account ---------------------------------------------------------------------------


def author_comments_erase(*, user: User) -> int:
    """Before an account is deleted: empty its comments and undo its likes; returns how many.

    The comments stay as "deleted" placeholders (replies of others keep their thread); their
    text, earlier versions, evidence and the reports about them go. The member's likes are
    taken off the counts (the like rows go with the account, by their foreign key).
    """
    comments = list(Comment.objects.filter(author=user).select_related("article"))
    articles = {}
    with transaction.atomic():
        for comment in comments:
            was_published = comment.is_published
            comment.status = CommentStatus.DELETED
            _content_erase(comment)
            comment.idempotency_key = ""
            comment.save(
                update_fields=[
                    "status",
                    "body",
                    "body_html",
                    "moderation",
                    "is_featured",
                    "idempotency_key",
                ]
            )
            if was_published:
                _published_count_change(comment, -1)
            articles[comment.article_id] = comment.article
        liked = CommentLike.objects.filter(member=user).select_related("comment__article")
        for like in liked:
            Comment.objects.filter(pk=like.comment_id).update(
                like_count=Greatest(F("like_count") - 1, 0)
            )
            articles[like.comment.article_id] = like.comment.article
        liked.delete()
    for article in articles.values():
        _discussion_purge(article, counters_changed=True)
    return len(comments)


# --- Shared steps ---------------------------------------------------------------------------------


def _published_count_change(comment: Comment, delta: int) -> None:
    """Keep the article's published-comment count and the thread's reply count right."""
    from masthead.news.models import ArticleStats

    changed = ArticleStats.objects.filter(article_id=comment.article_id).update(
        comments=Greatest(F("comments") + delta, 0)
    )
    if not changed and delta > 0:
        try:
            with transaction.atomic():
                ArticleStats.objects.create(article_id=comment.article_id, comments=delta)
        except IntegrityError:  # created by a concurrent request in between
            ArticleStats.objects.filter(article_id=comment.article_id).update(
                comments=F("comments") + delta
            )
    if comment.parent_id:
        Comment.objects.filter(pk=comment.parent_id).update(
            reply_count=Greatest(F("reply_count") + delta, 0)
        )


def _audit(comment: Comment, action: str, user: User) -> None:
    transaction.on_commit(lambda: log(instance=comment, action=action, user=user))


def _audit_automatic(instance: Any, action: str, *, data: dict[str, Any]) -> None:
    """After commit: an audit entry for what the site did by itself, with no one as its author.

    Wagtail's `log` would name the request's user (here the member whose report or sign-up
    set it off), so the entry is written directly, user left empty.
    """
    from wagtail.models import ModelLogEntry

    transaction.on_commit(
        lambda: ModelLogEntry.objects.log_action(instance, action, user=None, data=data)
    )


def discussion_urls(article: ArticlePage) -> list[str]:
    """Every address that shows the article's discussion to guests, in every edition's prefix."""
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name in ("comments_thread", "comments_updates", "comments_discussion"):
                urls.append(reverse(name, kwargs={"article_id": article.pk}))
    return urls


def discussion_ended(*, article: ArticlePage) -> None:
    """The story was unpublished: guests' cached copies of its discussion go with it (its
    page goes by Wagtail's own purge). Before, a cached discussion was served until it
    expired (15 s in the page cache and in an HTTP cache in front)."""
    _discussion_purge(article, counters_changed=False)


def _discussion_purge(article: ArticlePage, *, counters_changed: bool) -> None:
    """After commit: drop the guests' cached thread (and the article page if its count moved)."""

    def purge() -> None:
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        thread_cache.generation_bump(article.pk)
        parts = article.get_url_parts()
        root_url = parts[1] if parts else public_origin()
        urls = [root_url.rstrip("/") + path for path in discussion_urls(article)]
        if counters_changed and parts:
            urls.append(root_url.rstrip("/") + parts[2])
        try:
            purge_urls_from_cache(urls)
        except Exception:  # a cache in front that is down must not undo the comment
            logger.exception("Could not purge the discussion of article %s", article.pk)

    transaction.on_commit(purge)


def reply_emails_token(member: Any) -> str:
    return signing.dumps({"member": member.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def reply_emails_token_read(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    member = data.get("member") if isinstance(data, dict) else None
    return member if isinstance(member, int) else None


def _reply_notify(comment: Comment) -> None:
    """E-mail the member a published reply answers, unless they opted out or muted its author."""
    answered = comment.reply_to
    if answered is None or comment.author_id is None:
        return
    recipient = answered.author
    if recipient is None or not recipient.is_active or not recipient.email:
        return
    if recipient.pk == comment.author_id:
        return
    if not selectors.reply_emails_wanted(member=recipient):
        return
    if selectors.member_has_muted(member_id=recipient.pk, muted_id=comment.author_id):
        return
    article = comment.article
    root_url = public_origin()
    language = recipient.language or article.locale.language_code or settings.LANGUAGE_CODE
    with translation.override(language):
        permalink = root_url + reverse("comments_permalink", kwargs={"comment_id": comment.pk})
        unsubscribe = root_url + reverse(
            "comments_reply_emails_off", kwargs={"token": reply_emails_token(recipient)}
        )
        settings_url = root_url + reverse("comments_preferences")
        context = {
            "recipient": recipient,
            "reply": comment,
            "replier": comment.author.public_name if comment.author else "",
            "article": article,
            "permalink": permalink,
            "unsubscribe_url": unsubscribe,
            "settings_url": settings_url,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = " ".join(render_to_string("comments/email/reply_subject.txt", context).split())
        body = render_to_string("comments/email/reply_message.txt", context)
    EmailMessage(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {subject}",
        body=body,
        to=[recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    ).send()
