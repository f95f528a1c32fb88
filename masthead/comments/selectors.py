"""Reads: a thread page by cursor, a thread's replies, new comments since one, standings, standards.

What a reader sees depends on who they are (`Viewer`): everyone sees published comments (and
a placeholder for a deleted comment that has replies); a member also sees their own held
comments and never the members they muted; a moderator sees every held comment of the editions
they moderate (`moderator_languages`: all of them, unless an administrator limited them). A
member a moderator blocked (`MemberBlock`) still reads, and is offered no form or button to
take part.

Every page is a keyset ("cursor") page over an index of `Comment` (see its Meta): the top-level
comments of a page in one query, their first replies and reply totals in one more (a window
function per thread), the viewer's likes in one more. A 10,000-comment thread costs the same
few queries on page 1 and page 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from wagtail.coreutils import get_supported_content_language_variant

from masthead.moderation.submission import AccountFacts, ArticleContext, Submission
from masthead.readers.selectors import staff_powers_active

from . import app_settings
from .models import (
    STANDARD_CHOICES,
    Comment,
    CommentLike,
    CommentPreferences,
    CommentReport,
    CommentStatus,
    CommunityStandard,
    MemberBlock,
    MemberMute,
    ModeratorEditions,
    UnlockRequest,
    UnlockRequestStatus,
)

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    from masthead.news.models import ArticlePage
    from masthead.readers.models import User

    class _ReportedRow(TypedDict):
        open_report_count: int
        first_reported_at: datetime.datetime
        author_is_blocked: bool
        open_reports: list[CommentReport]

    ReportedComment = WithAnnotations[Comment, _ReportedRow]

SORTS = ("newest", "oldest", "liked")
DEFAULT_SORT = "newest"
ARTICLE_TEXT_MAX = 4000


class BadCursor(ValueError):
    """A cursor that Masthead did not issue: the reader gets a 404, never a 500."""


# --- Who is looking -----------------------------------------------------------------------------


@dataclass
class Viewer:
    """The reader a thread is rendered for; `Viewer.anonymous()` for a guest (cacheable)."""

    user: Any = None
    is_moderator: bool = False
    can_feature: bool = False
    muted_ids: frozenset[int] = field(default_factory=frozenset)
    block: MemberBlock | None = None

    @classmethod
    def anonymous(cls) -> Viewer:
        return cls()

    @property
    def user_id(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def is_member(self) -> bool:
        return self.user is not None

    @property
    def is_blocked(self) -> bool:
        return self.block is not None

    @property
    def may_take_part(self) -> bool:
        """A member who is not blocked: the forms and buttons to post, reply, like, report."""
        return self.is_member and not self.is_blocked


def comment_viewer(user: Any, *, article: ArticlePage | None = None) -> Viewer:
    """The viewer for a request's user: their role, whom they muted, any block (two queries,
    and one for a moderator's editions).

    They are a moderator of `article`'s discussion only if they moderate its edition; without
    an article, only if they moderate every edition (a limited moderator reads as a member).
    """
    if user is None or not user.is_authenticated:
        return Viewer.anonymous()
    muted = frozenset(MemberMute.objects.filter(member=user).values_list("muted_id", flat=True))
    is_moderator = user_is_moderator(user)
    if is_moderator:
        languages = moderator_languages(user)
        is_moderator = languages is None or (
            article is not None and article.locale.language_code in languages
        )
    return Viewer(
        user=user,
        is_moderator=is_moderator,
        can_feature=staff_powers_active(user, permission="comments.feature_comment"),
        muted_ids=muted,
        block=member_block_active(member=user),
    )


def user_is_moderator(user: Any) -> bool:
    """May moderate now: the moderators' permission and a second factor (staff_powers_active)."""
    return staff_powers_active(user, permission="comments.moderate_comment")


def user_holds_moderator_role(user: Any) -> bool:
    """Has the moderators' permission, second factor or not: a member no moderator may block."""
    return bool(user.is_authenticated and user.has_perm("comments.moderate_comment"))


def moderator_languages(user: Any) -> frozenset[str] | None:
    """The languages of the editions a moderator is limited to; None: every edition.

    An administrator limits a moderator to the editions they read (`ModeratorEditions`, Settings
    › Moderators' editions). Without a row a moderator works every edition, so the limit is
    opt-in; a superuser is never limited; someone logged out moderates none. One query per user
    object: the menu's badges, the queue and each action ask. It says nothing of the role
    itself: ask `user_is_moderator` too.
    """
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    key = "_masthead_moderator_languages"
    if key not in user.__dict__:
        codes = list(
            ModeratorEditions.objects.filter(moderator_id=user.pk).values_list(
                "locales__language_code", flat=True
            )
        )
        # No row: no codes. A row whose editions were all deleted: [None], a limit to none.
        user.__dict__[key] = frozenset(code for code in codes if code) if codes else None
    languages: frozenset[str] | None = user.__dict__[key]
    return languages


def comment_is_moderated_by(*, comment: Comment, moderator: Any) -> bool:
    """May `moderator` act on `comment` now: a moderator, of the comment's edition."""
    if not user_is_moderator(moderator):
        return False
    languages = moderator_languages(moderator)
    return languages is None or comment.article.locale.language_code in languages


def comments_moderated_by(*, moderator: Any) -> QuerySet[Comment]:
    """Every comment of the editions `moderator` moderates (the admin's actions look up here)."""
    return comments_in_editions(Comment.objects.all(), moderator_languages(moderator))


def moderator_editions_all() -> QuerySet[ModeratorEditions]:
    """Every moderator's limit, with its moderator and editions (the administrators' list)."""
    return ModeratorEditions.objects.select_related("moderator").prefetch_related("locales")


def moderators_limitable() -> QuerySet[User]:
    """Who may be limited to editions: active holders of the moderators' role, superusers aside.

    The role comes from a group (the "Moderators" group) or from the user's own permissions.
    """
    users: QuerySet[User] = get_user_model()._default_manager.all()
    in_group = Q(
        groups__permissions__content_type__app_label="comments",
        groups__permissions__codename="moderate_comment",
    )
    of_their_own = Q(
        user_permissions__content_type__app_label="comments",
        user_permissions__codename="moderate_comment",
    )
    return (
        users.filter(in_group | of_their_own)
        .filter(is_active=True, is_superuser=False)
        .distinct()
        .order_by("display_name", "email")
    )


def _visible(viewer: Viewer) -> Q:
    visible = Q(status=CommentStatus.PUBLISHED) | Q(
        status=CommentStatus.DELETED, parent__isnull=True, reply_count__gt=0
    )
    if viewer.is_moderator:
        visible |= Q(status=CommentStatus.HELD)
    elif viewer.user_id is not None:
        visible |= Q(status=CommentStatus.HELD, author_id=viewer.user_id)
    return visible


def comments_visible(*, viewer: Viewer) -> QuerySet[Comment]:
    comments = (
        Comment.objects.filter(_visible(viewer))
        .select_related("author")
        .defer("body", "moderation")  # a thread shows the stored HTML, never the evidence
    )
    if viewer.muted_ids:
        comments = comments.exclude(author_id__in=viewer.muted_ids)
    return comments


def comment_visible_to(*, comment: Comment, viewer: Viewer) -> bool:
    if comment.status == CommentStatus.PUBLISHED:
        return True
    if comment.status == CommentStatus.HELD:
        return viewer.is_moderator or (
            viewer.user_id is not None and comment.author_id == viewer.user_id
        )
    return comment.status == CommentStatus.DELETED and comment.reply_count > 0


# --- Cursors ------------------------------------------------------------------------------------


def cursor_encode(comment: Comment, sort: str) -> str:
    value = str(comment.like_count) if sort == "liked" else comment.created_at.isoformat()
    raw = f"{value}|{comment.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_decode(cursor: str, sort: str) -> tuple[Any, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, _bar, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        key: Any = int(value) if sort == "liked" else parse_datetime(value)
        if key is None or (sort != "liked" and key.tzinfo is None):
            raise ValueError("not an aware time")
        return key, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise BadCursor("malformed cursor") from error


def _keyset(comments: QuerySet[Comment], *, sort: str, cursor: str | None) -> QuerySet[Comment]:
    column = "like_count" if sort == "liked" else "created_at"
    descending = sort != "oldest"
    if cursor:
        value, pk = cursor_decode(cursor, sort)
        after = "lt" if descending else "gt"
        comments = comments.filter(
            Q(**{f"{column}__{after}": value}) | Q(**{column: value, f"pk__{after}": pk})
        )
    order = [F(column).desc(), F("pk").desc()] if descending else [F(column).asc(), F("pk").asc()]
    return comments.order_by(*order)


# --- Threads ------------------------------------------------------------------------------------


@dataclass
class ThreadEntry:
    comment: Comment
    replies: list[Comment]
    more_replies: int  # visible replies not shown under it
    next_replies_cursor: str | None = None


@dataclass
class ThreadPage:
    entries: list[ThreadEntry]
    sort: str
    next_cursor: str | None
    is_first: bool
    featured: list[Comment]
    liked_ids: set[int]

    @cached_property
    def comment_ids(self) -> list[int]:
        ids = []
        for entry in self.entries:
            ids.append(entry.comment.pk)
            ids += [reply.pk for reply in entry.replies]
        return ids


def comment_thread_page(
    *,
    article: ArticlePage,
    viewer: Viewer,
    sort: str = DEFAULT_SORT,
    cursor: str | None = None,
    size: int | None = None,
) -> ThreadPage:
    """One page of an article's top-level comments, each with its first replies."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    size = size or app_settings.page_size()
    roots_query = comments_visible(viewer=viewer).filter(article=article, parent__isnull=True)
    roots = list(_keyset(roots_query, sort=sort, cursor=cursor)[: size + 1])
    has_more = len(roots) > size
    roots = roots[:size]
    replies, totals = _first_replies(article=article, root_ids=[c.pk for c in roots], viewer=viewer)
    shown = app_settings.replies_shown()
    entries = []
    for root in roots:
        first = replies.get(root.pk, [])
        entries.append(
            ThreadEntry(
                comment=root,
                replies=first,
                more_replies=max(0, totals.get(root.pk, 0) - len(first)),
                next_replies_cursor=cursor_encode(first[-1], "oldest")
                if first and totals.get(root.pk, 0) > shown
                else None,
            )
        )
    featured: list[Comment] = []
    if not cursor:
        featured = list(
            comments_visible(viewer=viewer)
            .filter(article=article, is_featured=True, status=CommentStatus.PUBLISHED)
            .order_by("-created_at")[:3]
        )
    page = ThreadPage(
        entries=entries,
        sort=sort,
        next_cursor=cursor_encode(roots[-1], sort) if has_more and roots else None,
        is_first=not cursor,
        featured=featured,
        liked_ids=set(),
    )
    page.liked_ids = viewer_liked_ids(
        viewer=viewer, comment_ids=page.comment_ids + [c.pk for c in featured]
    )
    return page


def _first_replies(
    *, article: ArticlePage, root_ids: list[int], viewer: Viewer
) -> tuple[dict[int, list[Comment]], dict[int, int]]:
    """The first replies of each thread and each thread's visible total, in one query."""
    if not root_ids:
        return {}, {}
    order = [F("created_at").asc(), F("pk").asc()]
    rows = (
        comments_visible(viewer=viewer)
        .filter(article=article, parent_id__in=root_ids)
        .select_related("reply_to__author")
        .annotate(
            position=Window(RowNumber(), partition_by=[F("parent_id")], order_by=order),
            thread_total=Window(Count("pk"), partition_by=[F("parent_id")]),
        )
        .filter(position__lte=app_settings.replies_shown())
        .order_by("parent_id", *order)
    )
    replies: dict[int, list[Comment]] = {}
    totals: dict[int, int] = {}
    for reply in rows:
        thread = cast(int, reply.parent_id)  # only replies are read (parent_id__in above)
        replies.setdefault(thread, []).append(reply)
        totals[thread] = reply.thread_total
    return replies, totals


@dataclass
class RepliesPage:
    root: Comment
    replies: list[Comment]
    next_cursor: str | None
    liked_ids: set[int]


def comment_replies_page(
    *, root: Comment, viewer: Viewer, cursor: str | None = None, size: int | None = None
) -> RepliesPage:
    """A thread's replies, oldest first, after `cursor`."""
    size = size or app_settings.replies_page_size()
    query = (
        comments_visible(viewer=viewer)
        .filter(article_id=root.article_id, parent=root)
        .select_related("reply_to__author")
    )
    replies = list(_keyset(query, sort="oldest", cursor=cursor)[: size + 1])
    has_more = len(replies) > size
    replies = replies[:size]
    return RepliesPage(
        root=root,
        replies=replies,
        next_cursor=cursor_encode(replies[-1], "oldest") if has_more and replies else None,
        liked_ids=viewer_liked_ids(viewer=viewer, comment_ids=[root.pk, *(r.pk for r in replies)]),
    )


def comments_since(
    *, article: ArticlePage, viewer: Viewer, after_id: int, limit: int = 50
) -> list[Comment]:
    """Comments of the article newer than `after_id`, oldest first (live updates)."""
    return list(
        comments_visible(viewer=viewer)
        .filter(article=article, pk__gt=after_id)
        .exclude(status=CommentStatus.DELETED)
        .select_related("reply_to__author")
        .order_by("pk")[:limit]
    )


def comment_latest_id(*, article: ArticlePage) -> int:
    latest = Comment.objects.filter(article=article).order_by("-pk").values_list("pk", flat=True)
    return latest.first() or 0


def viewer_liked_ids(*, viewer: Viewer, comment_ids: list[int]) -> set[int]:
    if viewer.user_id is None or not comment_ids:
        return set()
    return set(
        CommentLike.objects.filter(
            member_id=viewer.user_id, comment_id__in=comment_ids
        ).values_list("comment_id", flat=True)
    )


def comment_is_editable(
    *, comment: Comment, user: Any, now: datetime.datetime | None = None
) -> bool:
    """The author may edit a published or held comment within the edit window."""
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        return False
    if comment.status not in (CommentStatus.PUBLISHED, CommentStatus.HELD):
        return False
    deadline = comment.created_at + datetime.timedelta(seconds=app_settings.edit_seconds())
    return (now or timezone.now()) <= deadline


def article_comment_count(*, article: ArticlePage) -> int:
    """The published comments of an article, as `news.ArticleStats` keeps them."""
    from masthead.news.models import ArticleStats

    stats = ArticleStats.objects.filter(article=article).values_list("comments", flat=True)
    return stats.first() or 0


def article_comment_count_recount(*, article_id: int) -> int:
    """The published comments of an article counted from the rows (tests, repairs)."""
    return Comment.objects.filter(article_id=article_id, status=CommentStatus.PUBLISHED).count()


# --- Moderation inputs ----------------------------------------------------------------------------


def account_facts(*, user: User, now: datetime.datetime | None = None) -> AccountFacts:
    """The author's standing for the pre-moderation rule: their blocks, then their comments.

    Trust grows with approved (published) comments. Against it count the rejections of the
    last `COMMENTS_RECENT_REJECTION_DAYS`, and the comments a moderator removed in that time
    (a moderator's deletion keeps the text, an author's own empties it). A member whose block
    was lifted earns trust again from the comments approved since the lift.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(days=app_settings.recent_rejection_days())
    last_lift = MemberBlock.objects.filter(member=user).aggregate(at=Max("lifted_at"))["at"]
    removed = Q(status=CommentStatus.DELETED, moderated_at__gte=since) & ~Q(body="")
    counts = Comment.objects.filter(author=user).aggregate(
        approved=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
        rejected=Count(
            "pk", filter=Q(status=CommentStatus.REJECTED, created_at__gte=since) | removed
        ),
        approved_since_block=Count(
            "pk", filter=Q(status=CommentStatus.PUBLISHED, created_at__gte=last_lift or now)
        ),
    )
    return AccountFacts(
        age=max(now - user.date_joined, datetime.timedelta(0)),
        approved_count=counts["approved"] or 0,
        recent_rejections=counts["rejected"] or 0,
        is_staff=staff_powers_active(user),
        was_blocked=last_lift is not None,
        approved_since_block=counts["approved_since_block"] or 0,
    )


def article_context(*, article: ArticlePage) -> ArticleContext:
    """What the off-topic and language rules know of the article: its words, its language."""
    paragraphs = []
    for block in article.body:
        if block.block_type == "paragraph":  # the rich text's source: no link look-ups
            paragraphs.append(strip_tags(getattr(block.value, "source", str(block.value))))
    language = article.locale.language_code if article.locale_id else ""
    return ArticleContext(
        title=article.title,
        lede=article.lede,
        text=" ".join(paragraphs)[:ARTICLE_TEXT_MAX],
        language=language,
    )


def submission_build(
    *, author: User, article: ArticlePage, body: str, now: datetime.datetime | None = None
) -> Submission:
    """The plain-data submission the moderation pipeline reads (its recent context comes later)."""
    now = now or timezone.now()
    context = article_context(article=article)
    return Submission(
        text=body,
        author_id=author.pk,
        account=account_facts(user=author, now=now),
        article=context,
        edition_language=context.language or settings.LANGUAGE_CODE,
        submitted_at=now,
    )


# --- Preferences, standards, the moderators' queue ----------------------------------------------


def reply_emails_wanted(*, member: Any) -> bool:
    preferences = CommentPreferences.objects.filter(member=member).first()
    return preferences.reply_emails if preferences is not None else True


def member_has_muted(*, member_id: int, muted_id: int) -> bool:
    return MemberMute.objects.filter(member_id=member_id, muted_id=muted_id).exists()


def community_standards(
    *, language: str | None, codes: Collection[str] | None = None
) -> list[CommunityStandard]:
    """The standards in `language`, each missing translation filled from the default language.

    One query, whatever the number of standards. `codes` keeps only those (the standards a
    refused comment broke, named as the edition names them). Each standard's `locale` is
    loaded, so a page can mark one shown in another language with its own `lang`.
    """
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    standards = CommunityStandard.objects.filter(
        locale__language_code__in={default, language or default}
    ).select_related("locale")
    if codes is not None:
        standards = standards.filter(code__in=codes)
    chosen: dict[str, CommunityStandard] = {}
    for standard in standards:
        if standard.code not in chosen or standard.locale.language_code == language:
            chosen[standard.code] = standard
    return sorted(chosen.values(), key=lambda s: (s.sort_order, s.code))


def held_comments(
    *, language: str | None = None, editions: Collection[str] | None = None
) -> QuerySet[Comment]:
    """The moderators' queue: held comments, oldest first (the partial index serves it).

    Each says whether its author is blocked (`author_is_blocked`), so the queue can say so.
    `language` keeps one edition's comments (those under its articles): a moderator works the
    queue of the language they read. `editions` keeps the editions a moderator is limited to
    (`moderator_languages`; None: all).
    """
    held = comments_in_editions(Comment.objects.filter(status=CommentStatus.HELD), editions)
    return (
        _of_edition(held, language)
        .select_related("author", "article")
        .annotate(author_is_blocked=_author_is_blocked())
        .order_by("created_at", "pk")
    )


def _of_edition(comments: QuerySet[Comment], language: str | None) -> QuerySet[Comment]:
    if not language:
        return comments
    return comments.filter(article__locale__language_code=language)


def comments_in_editions(
    comments: QuerySet[Comment], editions: Collection[str] | None
) -> QuerySet[Comment]:
    """Those of `comments` under the articles of these editions' languages; None: all of them."""
    if editions is None:
        return comments
    return comments.filter(article__locale__language_code__in=list(editions))


def _author_is_blocked() -> Exists:
    return Exists(
        MemberBlock.objects.filter(member_id=OuterRef("author_id"), lifted_at__isnull=True)
    )


# --- Reports --------------------------------------------------------------------------------------


def comment_open_report_count(*, comment: Comment) -> int:
    """Open reports of a comment; one per member (a constraint), so distinct reporters."""
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count()


def comment_report_open_of(*, comment: Comment, reporter: Any) -> CommentReport | None:
    """The member's open report of the comment, if they reported it already."""
    if not getattr(reporter, "is_authenticated", False):
        return None
    return CommentReport.objects.filter(
        comment=comment, reporter_id=reporter.pk, resolved_at__isnull=True
    ).first()


def reported_comments(
    *, language: str | None = None, editions: Collection[str] | None = None
) -> QuerySet[ReportedComment]:
    """The reports queue: comments with open reports, most reported first, then longest waiting.

    `language` keeps one edition's comments and `editions` a moderator's, as in `held_comments`.

    Each row carries `open_report_count`, `first_reported_at`, `author_is_blocked` and its open
    reports (`open_reports`, oldest first, with their reporters): three queries a page.
    """
    is_open = Q(reports__resolved_at__isnull=True)
    return (
        _of_edition(
            comments_in_editions(Comment.objects.exclude(status=CommentStatus.DELETED), editions),
            language,
        )
        .annotate(
            open_report_count=Count("reports", filter=is_open),
            first_reported_at=Min("reports__created_at", filter=is_open),
            author_is_blocked=_author_is_blocked(),
        )
        .filter(open_report_count__gt=0)
        .select_related("author", "article")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=CommentReport.objects.filter(resolved_at__isnull=True)
                .select_related("reporter")
                .order_by("created_at", "pk"),
                to_attr="open_reports",
            )
        )
        .order_by("-open_report_count", "first_reported_at", "pk")
    )


@dataclass(frozen=True)
class StandardCount:
    code: str
    label: str
    count: int


def report_standards(reports: list[CommentReport]) -> list[StandardCount]:
    """The standards the reporters chose, most chosen first (ties: as the standards are listed)."""
    order = {code: index for index, (code, _label) in enumerate(STANDARD_CHOICES)}
    labels = dict(STANDARD_CHOICES)
    counts: dict[str, int] = {}
    for report in reports:
        counts[report.reason] = counts.get(report.reason, 0) + 1
    ranked = sorted(counts, key=lambda code: (-counts[code], order.get(code, len(order))))
    return [StandardCount(code, str(labels.get(code, code)), counts[code]) for code in ranked]


# --- Blocks and unlock requests -------------------------------------------------------------------

# What the comments app asks the readers app to remember of a purged address (a keyed hash):
# a member blocked for good, so that registering again brings the block back.
TOMBSTONE_REASON = "blocked"


def member_block_active(*, member: Any) -> MemberBlock | None:
    """The member's block in force, if any (the partial unique constraint: at most one)."""
    if member is None or member.pk is None:
        return None
    return MemberBlock.objects.filter(member_id=member.pk, lifted_at__isnull=True).first()


def member_blocks(*, member: Any) -> QuerySet[MemberBlock]:
    """Every block of the member, newest first, with who blocked and who lifted."""
    return MemberBlock.objects.filter(member_id=member.pk).select_related(
        "blocked_by", "lifted_by", "comment"
    )


def member_tombstone_reason(user: Any) -> str | None:
    """`READERS_TOMBSTONE_REASONS` hook: a member blocked for good leaves a tombstone at purge."""
    is_final = MemberBlock.objects.filter(
        member_id=user.pk, lifted_at__isnull=True, is_permanent=True
    ).exists()
    return TOMBSTONE_REASON if is_final else None


def email_is_blocked_for_good(email: str) -> bool:
    """Whether a purged account blocked for good had this address (the readers' tombstone)."""
    from masthead.readers.selectors.lifecycle import email_tombstone_reason

    return bool(email) and email_tombstone_reason(email) == TOMBSTONE_REASON


@dataclass(frozen=True)
class UnlockStanding:
    """Where a member stands with the unlock form: may they ask, and if not, why not."""

    block: MemberBlock | None
    open_request: UnlockRequest | None = None
    last_request: UnlockRequest | None = None
    next_request_at: datetime.datetime | None = None

    @property
    def is_final(self) -> bool:
        return self.block is not None and self.block.is_permanent

    @property
    def may_request(self) -> bool:
        return (
            self.block is not None
            and not self.block.is_permanent
            and self.open_request is None
            and self.next_request_at is None
        )


def member_unlock_standing(*, member: Any, now: datetime.datetime | None = None) -> UnlockStanding:
    """The block in force, the member's open or last request, and when they may ask again."""
    block = member_block_active(member=member)
    if block is None or block.is_permanent:
        return UnlockStanding(block=block)
    last = UnlockRequest.objects.filter(member_id=member.pk).order_by("-created_at", "-pk").first()
    if last is not None and last.is_open:
        return UnlockStanding(block=block, open_request=last, last_request=last)
    next_at = None
    if last is not None:
        wait = datetime.timedelta(hours=app_settings.unlock_request_wait_hours())
        if last.created_at + wait > (now or timezone.now()):
            next_at = last.created_at + wait
    return UnlockStanding(block=block, last_request=last, next_request_at=next_at)


def unlock_requests_open() -> QuerySet[UnlockRequest]:
    """The moderators' unlock queue: open requests, oldest first, with the block they undo."""
    return (
        UnlockRequest.objects.filter(status=UnlockRequestStatus.OPEN)
        .select_related("member", "block__blocked_by", "block__comment")
        .order_by("created_at", "pk")
    )


def member_unlock_requests(*, member: Any) -> QuerySet[UnlockRequest]:
    return UnlockRequest.objects.filter(member_id=member.pk).select_related("decided_by")


def blocks_active() -> QuerySet[MemberBlock]:
    """Members blocked now, most recent first."""
    return MemberBlock.objects.filter(lifted_at__isnull=True).select_related("member", "blocked_by")


def member_recent_comments(
    *, member: Any, limit: int = 50, editions: Collection[str] | None = None
) -> list[Comment]:
    """A member's latest comments in any state, for their moderation page.

    `editions`: only those of a limited moderator's editions (None: every edition's).
    """
    return list(
        comments_in_editions(Comment.objects.filter(author_id=member.pk), editions)
        .select_related("article")
        .annotate(open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("-created_at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class QueueCounts:
    held: int
    reported: int
    unlock_requests: int


def moderation_queue_counts(*, editions: Collection[str] | None = None) -> QueueCounts:
    """What waits for the moderators, for the admin menu: the rows each queue lists.

    `editions`: what waits in a limited moderator's editions (None: in every edition). Unlock
    requests are the members', not an edition's: every moderator answers them.

    Reported: comments (not deleted) with an open report, tested with EXISTS. A join on
    `reports__resolved_at__isnull=True` is a LEFT JOIN, so a comment without any report matched
    too: the badge counted every published comment.
    """
    has_open_report = Exists(
        CommentReport.objects.filter(comment_id=OuterRef("pk"), resolved_at__isnull=True)
    )
    return QueueCounts(
        held=held_comments(editions=editions).count(),
        reported=comments_in_editions(
            Comment.objects.exclude(status=CommentStatus.DELETED), editions
        )
        .filter(has_open_report)
        .count(),
        unlock_requests=unlock_requests_open().count(),
    )
