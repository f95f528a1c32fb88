"""Template helpers for the discussion: a fresh post key, the edit window, a member's block."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone

from .. import app_settings
from ..forms import post_key_new
from ..models import Comment

register = template.Library()


@register.simple_tag
def comment_post_key() -> str:
    """A new idempotency key, rendered on every request (inside `{% uncached %}`)."""
    return post_key_new()


@register.filter
def is_editable_by(comment: Any, user: Any) -> bool:
    from ..selectors import comment_is_editable

    return comment_is_editable(comment=comment, user=user)


@register.filter
def edit_deadline(comment: Comment) -> datetime.datetime:
    return comment.created_at + datetime.timedelta(seconds=app_settings.edit_seconds())


@register.simple_tag
def comments_poll_seconds() -> int:
    return app_settings.poll_seconds()


@register.filter
def within_edit_window(comment: Any) -> bool:
    return timezone.now() <= edit_deadline(comment)


@register.simple_tag
def comments_block_of(user: Any) -> Any:
    """The member's block in force, or None (no query for a guest): the form or the notice."""
    from ..selectors import member_block_active

    if user is None or not user.is_authenticated:
        return None
    return member_block_active(member=user)
