"""Every write about blocking members from the community, and their requests to be unlocked.

Entry points:
- `member_block`: a moderator blocks a member, naming the standard broken and writing a
  message; the member is e-mailed why and how to ask to be unlocked. A member's second block
  is permanent: it is never lifted and outlives the account (`selectors.member_tombstone_reason`
  is listed in `READERS_TOMBSTONE_REASONS`).
- `member_block_lift`: a moderator lifts a (first) block; the member is e-mailed.
- `unlock_request_send`, `unlock_request_grant`, `unlock_request_refuse`: the member asks, one
  open request at a time and not more often than `COMMENTS_UNLOCK_REQUEST_WAIT_HOURS`; a
  moderator grants (the block is lifted) or refuses with a message; either way the member is
  e-mailed.
- `member_block_carry_over`: at sign-up (or when an address is confirmed), an address a purged
  account blocked for good had brings that block back (`signal_handlers`).

What a block stops is enforced where the comments are written (`services`); a member whose
block was lifted starts on pre-moderation (`selectors.account_facts`). Each action writes
Wagtail's audit log after commit; the mail goes through the queued backend (`core.mail`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.log_actions import log

from masthead.core.origin import public_origin
from masthead.moderation.reasons import ReasonCode

from . import selectors
from .errors import CommentError, CommentErrorCode
from .models import (
    Comment,
    CommentReport,
    CommentStatus,
    MemberBlock,
    UnlockRequest,
    UnlockRequestStatus,
)
from .services import _audit_automatic, _moderator_checked

if TYPE_CHECKING:
    from masthead.readers.models import User


# --- Blocking -----------------------------------------------------------------------------------


def member_block(
    *,
    member: User,
    moderator: User,
    reason: ReasonCode | str,
    message: str,
    comment: Comment | None = None,
    reject_held: bool = True,
) -> MemberBlock:
    """Block `member` from posting, replying, editing, liking and reporting.

    The block is permanent when the member was blocked before (a lifted block). With
    `reject_held`, the member's comments still awaiting a moderator are rejected, so nothing
    of theirs appears later from the held queue.

    A block is the member's, in every edition, so a moderator limited to some editions blocks
    too; but the comment they cite must be of their editions, and they reject only their
    editions' held comments (the others wait in their editions' queues, marked "blocked").
    """
    _moderator_checked(moderator, comment)
    if member.pk == moderator.pk or member.is_staff or selectors.user_holds_moderator_role(member):
        raise CommentError(CommentErrorCode.NOT_BLOCKABLE)
    now = timezone.now()
    try:
        with transaction.atomic():
            # The member's row is the lock: two moderators blocking at once make one block.
            type(member)._default_manager.select_for_update().filter(pk=member.pk).first()
            earlier = MemberBlock.objects.filter(member=member)
            if earlier.filter(lifted_at__isnull=True).exists():
                raise CommentError(CommentErrorCode.ALREADY_BLOCKED)
            block = MemberBlock.objects.create(
                member=member,
                reason=str(ReasonCode(reason).value),
                message=message.strip(),
                comment=comment,
                is_permanent=earlier.exists(),
                blocked_at=now,
                blocked_by=moderator,
            )
            rejected = (
                _held_comments_reject(
                    member,
                    moderator=moderator,
                    at=now,
                    editions=selectors.moderator_languages(moderator),
                )
                if reject_held
                else 0
            )
    except IntegrityError as error:  # another moderator's block won the race
        raise CommentError(CommentErrorCode.ALREADY_BLOCKED) from error
    transaction.on_commit(
        lambda: log(
            instance=block,
            action="comments.block_final" if block.is_permanent else "comments.block",
            user=moderator,
            data={"reason": block.reason, "held_rejected": rejected},
        )
    )
    transaction.on_commit(lambda: _member_notify(block.member, "blocked", {"block": block}))
    return block


def _held_comments_reject(
    member: User, *, moderator: User, at: Any, editions: frozenset[str] | None
) -> int:
    """Reject the member's held comments of `editions` (never published: no counter moves)."""
    held = selectors.comments_in_editions(
        Comment.objects.filter(author=member, status=CommentStatus.HELD), editions
    )
    CommentReport.objects.filter(comment__in=held, resolved_at__isnull=True).update(resolved_at=at)
    return held.update(status=CommentStatus.REJECTED, moderated_at=at, moderated_by=moderator)


def member_block_lift(*, block: MemberBlock, moderator: User, message: str = "") -> MemberBlock:
    """Lift a block: the member takes part again (on pre-moderation at first).

    An open unlock request is answered with it (granted). A permanent block is never lifted.
    """
    _moderator_checked(moderator)
    now = timezone.now()
    with transaction.atomic():
        block = MemberBlock.objects.select_for_update().select_related("member").get(pk=block.pk)
        if block.is_permanent:
            raise CommentError(CommentErrorCode.BLOCK_IS_FINAL)
        if not block.is_active:
            raise CommentError(CommentErrorCode.NOT_BLOCKED)
        block.lifted_at = now
        block.lifted_by = moderator
        block.save(update_fields=["lifted_at", "lifted_by"])
        UnlockRequest.objects.filter(block=block, status=UnlockRequestStatus.OPEN).update(
            status=UnlockRequestStatus.GRANTED,
            decided_at=now,
            decided_by=moderator,
            response=message.strip(),
        )
    transaction.on_commit(lambda: log(instance=block, action="comments.unblock", user=moderator))
    transaction.on_commit(
        lambda: _member_notify(
            block.member, "unblocked", {"block": block, "response": message.strip()}
        )
    )
    return block


def member_block_carry_over(*, member: User, emails: list[str]) -> MemberBlock | None:
    """A new account (or a newly confirmed address) of a person once blocked for good.

    When one of `emails` belonged to a purged account blocked for good (the readers'
    tombstone), the account is blocked for good again, with no moderator and no reason code:
    the purge kept nothing else. Returns the block, or None.
    """
    if not any(selectors.email_is_blocked_for_good(email) for email in emails):
        return None
    with transaction.atomic():
        type(member)._default_manager.select_for_update().filter(pk=member.pk).first()
        active = MemberBlock.objects.filter(member=member, lifted_at__isnull=True).first()
        if active is not None:  # a first block in force: the earlier account's decision wins
            if not active.is_permanent:
                active.is_permanent = True
                active.save(update_fields=["is_permanent"])
                UnlockRequest.objects.filter(member=member, status=UnlockRequestStatus.OPEN).update(
                    status=UnlockRequestStatus.REFUSED, decided_at=timezone.now()
                )
            return active
        block = MemberBlock.objects.create(member=member, is_permanent=True, is_carried_over=True)
    _audit_automatic(block, "comments.block_carry_over", data={})
    return block


# --- Unlock requests ------------------------------------------------------------------------------


def unlock_request_send(*, member: User, subject: str, explanation: str) -> UnlockRequest:
    """A blocked member asks to take part again (one open request; a pause between two)."""
    standing = selectors.member_unlock_standing(member=member)
    if standing.block is None:
        raise CommentError(CommentErrorCode.NOT_BLOCKED)
    if standing.is_final:
        raise CommentError(CommentErrorCode.BLOCKED_FOR_GOOD)
    if standing.open_request is not None:
        raise CommentError(CommentErrorCode.UNLOCK_PENDING)
    if standing.next_request_at is not None:
        raise CommentError(CommentErrorCode.UNLOCK_TOO_SOON)
    try:
        with transaction.atomic():
            request = UnlockRequest.objects.create(
                block=standing.block,
                member=member,
                subject=subject.strip(),
                explanation=explanation.strip(),
            )
    except IntegrityError as error:  # a double click: the first one is the open request
        raise CommentError(CommentErrorCode.UNLOCK_PENDING) from error
    return request


def _request_decide(
    request: UnlockRequest, *, moderator: User, status: UnlockRequestStatus, response: str
) -> UnlockRequest:
    locked = UnlockRequest.objects.select_for_update().select_related("block", "member")
    request = locked.get(pk=request.pk)
    if not request.is_open:
        raise CommentError(CommentErrorCode.UNLOCK_ANSWERED)
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = moderator
    request.response = response.strip()
    request.save(update_fields=["status", "decided_at", "decided_by", "response"])
    return request


def unlock_request_grant(
    *, request: UnlockRequest, moderator: User, response: str = ""
) -> UnlockRequest:
    """Grant the request: the block is lifted and the member told (with `response`, if any)."""
    _moderator_checked(moderator)
    with transaction.atomic():
        request = _request_decide(
            request, moderator=moderator, status=UnlockRequestStatus.GRANTED, response=response
        )
        block = request.block
        if block.is_permanent:  # never the case for a request sent through the form
            raise CommentError(CommentErrorCode.BLOCK_IS_FINAL)
        if block.is_active:
            block.lifted_at = request.decided_at
            block.lifted_by = moderator
            block.save(update_fields=["lifted_at", "lifted_by"])
    transaction.on_commit(
        lambda: log(instance=request, action="comments.unlock_grant", user=moderator)
    )
    transaction.on_commit(
        lambda: _member_notify(
            request.member, "unblocked", {"block": block, "response": request.response}
        )
    )
    return request


def unlock_request_refuse(
    *, request: UnlockRequest, moderator: User, response: str
) -> UnlockRequest:
    """Refuse the request with a message to the member; the block stays."""
    _moderator_checked(moderator)
    with transaction.atomic():
        request = _request_decide(
            request, moderator=moderator, status=UnlockRequestStatus.REFUSED, response=response
        )
    transaction.on_commit(
        lambda: log(instance=request, action="comments.unlock_refuse", user=moderator)
    )
    transaction.on_commit(
        lambda: _member_notify(request.member, "unlock_refused", {"request": request})
    )
    return request


# --- Mail ---------------------------------------------------------------------------------------


def _member_notify(member: User, kind: str, context: dict[str, Any]) -> None:
    """E-mail the member about their block, in their language, with the links they need."""
    if not member.email or not member.is_active:
        return
    language = member.language or settings.LANGUAGE_CODE
    root_url = public_origin()
    with translation.override(language):
        block = context.get("block") or context["request"].block
        context = {
            **context,
            "member": member,
            "reason_label": ReasonCode(block.reason).label if block.reason else "",
            "unlock_url": root_url + reverse("comments_unlock_request"),
            "standards_url": root_url + reverse("community_standards"),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = " ".join(render_to_string(f"comments/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"comments/email/{kind}_message.txt", context)
    EmailMessage(
        subject=f"[{settings.WAGTAIL_SITE_NAME}] {subject}", body=body, to=[member.email]
    ).send()
