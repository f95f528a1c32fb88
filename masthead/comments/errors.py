"""The comment services' domain errors, each with a stable code and a message for the reader.

Views catch `CommentError` and show `message`; tests and API clients match on `code`.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class CommentErrorCode(enum.StrEnum):
    CLOSED = "closed"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_AUTHOR = "not_author"
    NOT_ALLOWED = "not_allowed"
    NOT_YOUR_EDITION = "not_your_edition"
    EDIT_WINDOW_CLOSED = "edit_window_closed"
    NOT_EDITABLE = "not_editable"
    NOT_PUBLISHED = "not_published"
    OWN_COMMENT = "own_comment"
    NOT_HELD = "not_held"
    WRONG_ARTICLE = "wrong_article"
    BLOCKED = "blocked"
    BLOCKED_FOR_GOOD = "blocked_for_good"
    NOT_BLOCKED = "not_blocked"
    ALREADY_BLOCKED = "already_blocked"
    NOT_BLOCKABLE = "not_blockable"
    BLOCK_IS_FINAL = "block_is_final"
    UNLOCK_PENDING = "unlock_pending"
    UNLOCK_TOO_SOON = "unlock_too_soon"
    UNLOCK_ANSWERED = "unlock_answered"


# The member may not take part (post, reply, edit, like, report): views answer 403.
BLOCK_CODES = frozenset({CommentErrorCode.BLOCKED, CommentErrorCode.BLOCKED_FOR_GOOD})


MESSAGES: dict[CommentErrorCode, StrOrPromise] = {
    CommentErrorCode.CLOSED: _("Comments are closed for this article."),
    CommentErrorCode.EMPTY: _("Write something before posting."),
    CommentErrorCode.TOO_LONG: _("This comment is too long."),
    CommentErrorCode.NOT_AUTHOR: _("Only the author can change this comment."),
    CommentErrorCode.NOT_ALLOWED: _("You are not allowed to do this."),
    CommentErrorCode.NOT_YOUR_EDITION: _(
        "This comment is in an edition you do not moderate: its own moderators will see to it."
    ),
    CommentErrorCode.EDIT_WINDOW_CLOSED: _("The time for editing this comment is over."),
    CommentErrorCode.NOT_EDITABLE: _("This comment can no longer be edited."),
    CommentErrorCode.NOT_PUBLISHED: _("This comment is not published."),
    CommentErrorCode.OWN_COMMENT: _("You cannot do this with your own comment."),
    CommentErrorCode.NOT_HELD: _("This comment is not waiting for a moderator."),
    CommentErrorCode.WRONG_ARTICLE: _("You can only reply to a comment on the same article."),
    CommentErrorCode.BLOCKED: _(
        "A moderator has blocked your account from taking part in the discussions. You can "
        "still read them, and you can ask to be unlocked."
    ),
    CommentErrorCode.BLOCKED_FOR_GOOD: _(
        "Your account is blocked from taking part in the discussions for good. "
        "This decision is final."
    ),
    CommentErrorCode.NOT_BLOCKED: _("This account is not blocked."),
    CommentErrorCode.ALREADY_BLOCKED: _("This member is blocked already."),
    CommentErrorCode.NOT_BLOCKABLE: _("Moderators and staff cannot be blocked from here."),
    CommentErrorCode.BLOCK_IS_FINAL: _("This block is permanent: it cannot be lifted."),
    CommentErrorCode.UNLOCK_PENDING: _(
        "You have already asked to be unlocked. A moderator will answer that request first."
    ),
    CommentErrorCode.UNLOCK_TOO_SOON: _("You cannot send another request yet."),
    CommentErrorCode.UNLOCK_ANSWERED: _("This request has been answered already."),
}


class CommentError(Exception):
    def __init__(self, code: CommentErrorCode, message: StrOrPromise | None = None) -> None:
        self.code = code
        self.message = message if message is not None else MESSAGES[code]
        super().__init__(f"{code}: {self.message}")
