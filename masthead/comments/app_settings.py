"""Comment settings with their defaults, read lazily (never at import).

Each is optional: `COMMENTS_EDIT_SECONDS` (how long an author may edit, default 15 minutes),
`COMMENTS_MAX_CHARACTERS` (5,000), `COMMENTS_PAGE_SIZE` (top-level comments per page, 20),
`COMMENTS_REPLIES_SHOWN` (replies shown under each comment before "more", 3),
`COMMENTS_POLL_SECONDS` (how often an open discussion asks for new comments, 20) and
`COMMENTS_THREAD_CACHE_SECONDS` (how long shared caches keep a guest's thread, 15),
`COMMENTS_RECENT_REJECTION_DAYS` (30), `COMMENTS_REPORTS_TO_HOLD` (open reports from distinct
members that hold a published comment for a moderator, 3; 0 never) and
`COMMENTS_UNLOCK_REQUEST_WAIT_HOURS` (the pause between two unlock requests of a member, 24).
"""

from __future__ import annotations

from django.conf import settings


def edit_seconds() -> int:
    return int(getattr(settings, "COMMENTS_EDIT_SECONDS", 15 * 60))


def max_characters() -> int:
    return int(getattr(settings, "COMMENTS_MAX_CHARACTERS", 5000))


def page_size() -> int:
    return int(getattr(settings, "COMMENTS_PAGE_SIZE", 20))


def replies_shown() -> int:
    return int(getattr(settings, "COMMENTS_REPLIES_SHOWN", 3))


def replies_page_size() -> int:
    return int(getattr(settings, "COMMENTS_REPLIES_PAGE_SIZE", 50))


def poll_seconds() -> int:
    return int(getattr(settings, "COMMENTS_POLL_SECONDS", 20))


def thread_cache_seconds() -> int:
    return int(getattr(settings, "COMMENTS_THREAD_CACHE_SECONDS", 15))


def recent_rejection_days() -> int:
    """How far back rejections count against an author's standing (pre-moderation)."""
    return int(getattr(settings, "COMMENTS_RECENT_REJECTION_DAYS", 30))


def reports_to_hold() -> int:
    """Open reports (one per member) that take a published comment down until a moderator looks."""
    return int(getattr(settings, "COMMENTS_REPORTS_TO_HOLD", 3))


def unlock_request_wait_hours() -> float:
    """The least time between two unlock requests of one member (a refused one included)."""
    return float(getattr(settings, "COMMENTS_UNLOCK_REQUEST_WAIT_HOURS", 24))
