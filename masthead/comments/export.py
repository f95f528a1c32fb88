"""The comments' section of a reader's personal-data archive (see masthead/readers/export.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from masthead.readers.export import personal_data_section

from .models import Comment, CommentLike, CommentPreferences, CommentReport, MemberMute

if TYPE_CHECKING:
    from masthead.readers.models import User


@personal_data_section("comments", title=_("Your comments, likes, reports and mutes"), order=80)
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
    }
