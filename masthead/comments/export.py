"""The comments' section of a reader's personal-data archive (see masthead/readers/export.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from masthead.readers.export import personal_data_section

from .models import (
    Comment,
    CommentLike,
    CommentPreferences,
    CommentReport,
    MemberBlock,
    MemberMute,
    UnlockRequest,
)

if TYPE_CHECKING:
    from masthead.readers.models import User


@personal_data_section(
    "comments",
    title=_("Your comments, likes, reports, mutes, blocks and unlock requests"),
    order=80,
)
def comments_section(user: User) -> dict[str, Any]:
    comments = (
        Comment.objects.filter(author=user)
        .exclude(body="")
        .select_related("article")
        .prefetch_related("revisions")
        .order_by("created_at", "pk")
    )
    preferences = CommentPreferences.objects.filter(member=user).first()
    return {
        "comments": [
            {
                "id": comment.pk,
                "article": comment.article.title,
                "article_url": comment.article.full_url,
                "in_reply_to": comment.reply_to_id,
                "posted_at": comment.created_at,
                "edited_at": comment.edited_at,
                "status": comment.status,
                "text": comment.body,
                "earlier_versions": [
                    {"text": revision.body, "written_at": revision.written_at}
                    for revision in comment.revisions.all()
                ],
                "reasons": comment.moderation.get("reasons", []),
                "likes": comment.like_count,
                "featured": comment.is_featured,
            }
            for comment in comments
        ],
        "likes": [
            {"comment": like.comment_id, "at": like.created_at}
            for like in CommentLike.objects.filter(member=user).order_by("created_at")
        ],
        "reports": [
            {"comment": r.comment_id, "standard": r.reason, "note": r.note, "at": r.created_at}
            for r in CommentReport.objects.filter(reporter=user).order_by("created_at")
        ],
        "muted_members": [
            {"member": m.muted_id, "since": m.created_at}
            for m in MemberMute.objects.filter(member=user).order_by("created_at")
        ],
        "reply_emails": preferences.reply_emails if preferences else True,
        # Who blocked or answered is the site's business, not personal data of the member:
        # the export says when and why, not which moderator.
        "blocks": [
            {
                "blocked_at": block.blocked_at,
                "standard": block.reason,
                "message": block.message,
                "comment": block.comment_id,
                "permanent": block.is_permanent,
                "carried_over_from_a_deleted_account": block.is_carried_over,
                "lifted_at": block.lifted_at,
            }
            for block in MemberBlock.objects.filter(member=user).order_by("blocked_at", "pk")
        ],
        "unlock_requests": [
            {
                "sent_at": request.created_at,
                "subject": request.subject,
                "explanation": request.explanation,
                "status": request.status,
                "answered_at": request.decided_at,
                "answer": request.response,
            }
            for request in UnlockRequest.objects.filter(member=user).order_by("created_at", "pk")
        ],
    }
