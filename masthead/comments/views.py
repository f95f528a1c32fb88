"""Reader-facing views: the thread fragment, the discussion page, permalinks, the actions.

The article page renders only the discussion's shell (count, form or log-in prompt); the thread
comes from `thread` (an HTML fragment, cacheable for guests with a short `s-maxage` and purged
when a comment changes) loaded by `static/js/comments.js`, with `discussion` as the no-JS page
that renders the same thread. Anything personal (a member's held comments, likes, the forms'
CSRF tokens) is rendered only for a request with a session, and marked private.

Every action answers JSON to the script (`Accept: application/json`) and, without it, redirects
back (or shows the form again with what the reader typed and why it was refused).

A member a moderator blocked reads as before; posting, replying, editing, liking and reporting
answer 403 with the notice (and, for a comment, the text they typed, so nothing is lost).
`unlock_request` is the form a blocked member asks to be unlocked with.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from masthead.core.http_cache import (
    request_is_anonymous,
    response_mark_private,
    response_mark_public,
)
from masthead.moderation.reasons import ReasonCode, Verdict
from masthead.news.models import ArticlePage

from . import app_settings, selectors, services, services_blocks, thread_cache
from .errors import BLOCK_CODES, CommentError, CommentErrorCode
from .forms import (
    CommentEditForm,
    CommentForm,
    CommentReportForm,
    UnlockRequestForm,
    post_key_new,
)
from .models import SYSTEM_REASONS, Comment

# --- Helpers ------------------------------------------------------------------------------------


def _article(request: HttpRequest, article_id: int) -> ArticlePage:
    article = thread_cache.discussion_article(article_id=article_id, request=request)
    if article is None:
        raise Http404
    return article


def _comment(comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("author", "article__locale", "parent", "reply_to__author"),
        pk=comment_id,
        article__live=True,
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _cacheable(request: HttpRequest, response: HttpResponse, *, seconds: int) -> HttpResponse:
    """Guests share one copy for a few seconds (purged on change); members get their own."""
    if request_is_anonymous(request) and response.status_code == 200:
        return response_mark_public(response, max_age=seconds)
    return response_mark_private(response)


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _blocked_refusal(
    request: HttpRequest, error: CommentError, *, text: str = "", back: str = ""
) -> HttpResponse:
    """403 for a blocked member: the notice, the way to ask to be unlocked, what they typed."""
    context = {
        "message": str(error.message),
        "is_final": error.code == CommentErrorCode.BLOCKED_FOR_GOOD,
        "text": text,
        "back": back,
    }
    if _wants_json(request):
        html = render_to_string("comments/_blocked_notice.html", context, request=request)
        return response_mark_private(
            JsonResponse(
                {
                    "outcome": "blocked",
                    "code": error.code,
                    "message": context["message"],
                    "feedback_html": html,
                },
                status=403,
            )
        )
    return response_mark_private(render(request, "comments/blocked.html", context, status=403))


def _blocked_check(request: HttpRequest, *, text: str = "", back: str = "") -> HttpResponse | None:
    """The refusal for a blocked member before a form is even shown, or None."""
    block = selectors.member_block_active(member=request.user)
    if block is None:
        return None
    code = CommentErrorCode.BLOCKED_FOR_GOOD if block.is_permanent else CommentErrorCode.BLOCKED
    return _blocked_refusal(request, CommentError(code), text=text, back=back)


def _findings(decision: Any, *, article: ArticlePage) -> list[dict[str, Any]]:
    """What the checks found, for the author: the standard, its explanation, where to read it.

    The standard is named as the article's edition states it (its title on the standards
    page, or the reason's label where it has none), and the explanation and the link are in
    that edition's language too: a comment belongs to its article's edition (one query).
    """
    hits = [hit for hit in decision.hits if hit.verdict is not Verdict.PASS]
    if not hits:
        return []
    language = article.locale.language_code
    titles = {
        standard.code: standard.title
        for standard in selectors.community_standards(
            language=language, codes={hit.code for hit in hits}
        )
    }
    with translation.override(language):
        standards = reverse("community_standards")
        return [
            {
                "code": hit.code,
                "label": titles.get(hit.code) or str(ReasonCode(hit.code).label),
                "explanation": str(hit.explanation),
                "is_standard": hit.code not in SYSTEM_REASONS,
                "url": f"{standards}#standard-{hit.code}",
                "verdict": hit.verdict.label,
            }
            for hit in hits
        ]


def _thread_html(request: HttpRequest, article: ArticlePage) -> SafeString:
    """One page of the article's thread as this request sees it (for guests, rendered once
    per change of the discussion: `thread_cache`)."""

    def render_thread() -> str:
        viewer = selectors.comment_viewer(request.user, article=article)
        sort = request.GET.get("sort", selectors.DEFAULT_SORT)
        try:
            page = selectors.comment_thread_page(
                article=article, viewer=viewer, sort=sort, cursor=request.GET.get("after") or None
            )
        except selectors.BadCursor as error:
            raise Http404 from error
        context = {
            "article": article,
            "thread": page,
            "viewer": viewer,
            "sorts": [
                ("newest", _("Newest")),
                ("oldest", _("Oldest")),
                ("liked", _("Most liked")),
            ],
            "latest_id": selectors.comment_latest_id(article=article),
            "edit_seconds": app_settings.edit_seconds(),
        }
        return render_to_string("comments/_thread.html", context, request=request)

    return thread_cache.thread_html(request=request, article=article, render=render_thread)


def _thread_context(request: HttpRequest, article: ArticlePage, **extra: Any) -> dict[str, Any]:
    """The discussion page's context: the article and its thread, rendered."""
    return {"article": article, "thread_html": _thread_html(request, article), **extra}


# --- Reading --------------------------------------------------------------------------------------


@require_GET
def thread(request: HttpRequest, article_id: int) -> HttpResponse:
    """The thread as an HTML fragment for the article page's script (one page of it)."""
    article = _article(request, article_id)
    response = HttpResponse(_thread_html(request, article))
    return _cacheable(request, response, seconds=app_settings.thread_cache_seconds())


@require_GET
def discussion(request: HttpRequest, article_id: int) -> HttpResponse:
    """The whole discussion as a page of its own: the thread without JavaScript."""
    article = _article(request, article_id)
    context = _thread_context(request, article, form=_new_form())
    response = render(request, "comments/discussion.html", context)
    return _cacheable(request, response, seconds=app_settings.thread_cache_seconds())


@require_GET
def permalink(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One comment in its thread: the first comment and its replies, the target highlighted."""
    comment = _comment(comment_id)
    viewer = selectors.comment_viewer(request.user, article=comment.article)
    if not selectors.comment_visible_to(comment=comment, viewer=viewer):
        raise Http404
    root = comment.parent if comment.parent_id else comment
    assert root is not None
    try:
        replies = selectors.comment_replies_page(
            root=root, viewer=viewer, cursor=request.GET.get("after") or None
        )
    except selectors.BadCursor as error:
        raise Http404 from error
    reply_form = None
    if request.user.is_authenticated and comment.is_published and comment.article.comments_open:
        reply_form = _new_form(parent=comment.pk)
    response = render(
        request,
        "comments/permalink.html",
        {
            "article": comment.article,
            "target": comment,
            "root": root,
            "replies": replies,
            "viewer": viewer,
            "form": reply_form,
        },
    )
    return _cacheable(request, response, seconds=app_settings.thread_cache_seconds())


@require_GET
def replies(request: HttpRequest, comment_id: int) -> HttpResponse:
    """More replies of a thread, as a fragment (the script's "Show more replies")."""
    root = _comment(comment_id)
    viewer = selectors.comment_viewer(request.user, article=root.article)
    if root.parent_id or not selectors.comment_visible_to(comment=root, viewer=viewer):
        raise Http404
    try:
        page = selectors.comment_replies_page(
            root=root, viewer=viewer, cursor=request.GET.get("after") or None
        )
    except selectors.BadCursor as error:
        raise Http404 from error
    response = render(request, "comments/_replies.html", {"replies": page, "viewer": viewer})
    return _cacheable(request, response, seconds=app_settings.thread_cache_seconds())


@require_GET
def updates(request: HttpRequest, article_id: int) -> HttpResponse:
    """New comments since `after` (an id) and the current count: what the page polls for."""
    article = _article(request, article_id)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        return HttpResponseBadRequest("after must be a comment number")
    viewer = selectors.comment_viewer(request.user, article=article)
    new = selectors.comments_since(article=article, viewer=viewer, after_id=after)
    liked = selectors.viewer_liked_ids(viewer=viewer, comment_ids=[c.pk for c in new])
    payload = {
        "count": selectors.article_comment_count(article=article),
        "latest_id": max([after, *(c.pk for c in new)]),
        "comments": [
            {
                "id": c.pk,
                "parent_id": c.parent_id,
                "html": render_to_string(
                    "comments/_comment.html",
                    {
                        "comment": c,
                        "viewer": viewer,
                        "liked_ids": liked,
                        "is_reply": bool(c.parent_id),
                    },
                    request=request,
                ),
            }
            for c in new
        ],
    }
    response = JsonResponse(payload)
    return _cacheable(request, response, seconds=min(10, app_settings.thread_cache_seconds()))


@require_GET
def community_standards(request: HttpRequest) -> HttpResponse:
    standards = selectors.community_standards(language=get_language())
    response = render(request, "comments/standards.html", {"standards": standards})
    return _cacheable(request, response, seconds=300)


# --- Posting and editing --------------------------------------------------------------------------


def _new_form(*, parent: int | None = None) -> CommentForm:
    return CommentForm(initial={"key": post_key_new(), "parent": parent})


@require_POST
@login_required
def post(request: HttpRequest, article_id: int) -> HttpResponse:
    """Post a comment or a reply; the pipeline decides, the author is told what happened."""
    article = _article(request, article_id)
    refusal = _blocked_check(request, text=request.POST.get("body", ""), back=article.url or "")
    if refusal is not None:
        return refusal
    form = CommentForm(request.POST)
    parent = None
    error = None
    outcome = None
    if form.is_valid():
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                error = _("The comment you replied to is no longer there.")
        if error is None:
            try:
                outcome = services.comment_post(
                    author=request.user,  # type: ignore[arg-type]
                    article=article,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    idempotency_key=form.cleaned_data["key"],
                    confirm_hold=form.cleaned_data["confirm"],
                )
            except CommentError as refused:
                if refused.code in BLOCK_CODES:
                    return _blocked_refusal(
                        request, refused, text=form.cleaned_data["body"], back=article.url or ""
                    )
                error = str(refused.message)
    return _post_answer(request, article=article, form=form, outcome=outcome, error=error)


def _post_answer(
    request: HttpRequest,
    *,
    article: ArticlePage,
    form: CommentForm,
    outcome: services.PostOutcome | None,
    error: str | None,
) -> HttpResponse:
    status_code = 200
    if outcome is None:
        kind = "invalid"
        message = (
            error
            or " ".join(str(e) for e in form.errors.get("body", []))
            or _("Please check your comment.")
        )
        status_code = 400
    else:
        kind = outcome.outcome
        message = _outcome_message(kind)
    findings = _findings(outcome.decision, article=article) if outcome is not None else []
    comment = outcome.comment if outcome is not None else None
    next_key = post_key_new()
    if _wants_json(request):
        viewer = selectors.comment_viewer(request.user, article=article)
        payload: dict[str, Any] = {
            "outcome": kind,
            "message": message,
            "next_key": next_key,
            "count": selectors.article_comment_count(article=article),
        }
        if kind in ("confirm", "rejected", "invalid"):
            payload["feedback_html"] = render_to_string(
                "comments/_feedback.html",
                {"kind": kind, "message": message, "findings": findings},
                request=request,
            )
        if comment is not None and kind in ("published", "held"):
            payload["comment_id"] = comment.pk
            payload["parent_id"] = comment.parent_id
            payload["comment_html"] = render_to_string(
                "comments/_comment.html",
                {
                    "comment": comment,
                    "viewer": viewer,
                    "liked_ids": set(),
                    "is_reply": bool(comment.parent_id),
                    "just_posted": True,
                },
                request=request,
            )
        return response_mark_private(JsonResponse(payload, status=status_code))
    if comment is not None and kind in ("published", "held"):
        messages.success(request, message)
        target = reverse("comments_permalink", kwargs={"comment_id": comment.pk})
        return HttpResponseRedirect(f"{target}#comment-{comment.pk}")
    # Shown again with the text as typed and a fresh key.
    data = request.POST.copy()
    data["key"] = next_key
    data["confirm"] = ""  # only the "Post anyway" button confirms
    bound = CommentForm(data)
    bound.is_valid()
    context = _thread_context(
        request,
        article,
        form=bound,
        feedback={"kind": kind, "message": message, "findings": findings},
    )
    return response_mark_private(
        render(request, "comments/discussion.html", context, status=status_code)
    )


def _outcome_message(kind: str) -> str:
    return {
        "published": _("Your comment is published."),
        "held": _(
            "Your comment is awaiting moderation. Only you can see it until a moderator "
            "approves it."
        ),
        "rejected": _(
            "Your comment was not published: it breaks our community standards. "
            "You can change it and post it again."
        ),
        "confirm": _(
            "Our checks found something in your comment. You can edit it, or post it anyway: "
            "it will then wait for a moderator before it appears."
        ),
        "deleted": _("Your comment is deleted."),
    }.get(kind, "")


@login_required
def edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    """The author changes their comment within the time limit; the text is checked again."""
    comment = _comment(comment_id)
    if comment.author_id == request.user.pk:
        refusal = _blocked_check(
            request, text=request.POST.get("body", ""), back=_permalink(comment)
        )
        if refusal is not None:
            return refusal
    if not selectors.comment_is_editable(comment=comment, user=request.user):
        if comment.author_id != request.user.pk:
            raise Http404
        message = _("The time for editing this comment is over.")
        if _wants_json(request):
            return JsonResponse({"outcome": "invalid", "message": message}, status=400)
        messages.error(request, message)
        return HttpResponseRedirect(_permalink(comment))
    if request.method == "GET":
        form = CommentEditForm(initial={"body": comment.body})
        return _edit_page(request, comment, form)
    form = CommentEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, comment, form, status=400)
    try:
        outcome = services.comment_edit(
            comment=comment,
            editor=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            confirm_hold=form.cleaned_data["confirm"],
        )
    except CommentError as refused:
        form.add_error("body", str(refused.message))
        return _edit_page(request, comment, form, status=400)
    kind = outcome.outcome
    if kind in ("published", "held"):
        message = (
            _("Your change is saved.")
            if kind == "published"
            else _("Your change is saved and awaits a moderator.")
        )
        if _wants_json(request):
            html = render_to_string(
                "comments/_comment.html",
                {
                    "comment": outcome.comment,
                    "viewer": selectors.comment_viewer(request.user, article=comment.article),
                    "liked_ids": set(),
                    "is_reply": bool(comment.parent_id),
                },
                request=request,
            )
            return response_mark_private(
                JsonResponse({"outcome": kind, "message": message, "comment_html": html})
            )
        messages.success(request, message)
        return HttpResponseRedirect(_permalink(comment))
    data = request.POST.copy()
    data["confirm"] = ""
    form = CommentEditForm(data)
    form.is_valid()
    feedback = {
        "kind": kind,
        "message": _outcome_message(kind)
        if kind == "confirm"
        else _("Your change was not saved: it breaks our community standards."),
        "findings": _findings(outcome.decision, article=comment.article),
    }
    return _edit_page(request, comment, form, feedback=feedback)


def _edit_page(
    request: HttpRequest,
    comment: Comment,
    form: CommentEditForm,
    *,
    feedback: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {"comment": comment, "article": comment.article, "form": form, "feedback": feedback}
    if _wants_json(request):
        context["partial"] = True
        html = render_to_string("comments/_edit_form.html", context, request=request)
        kind = feedback["kind"] if feedback else "invalid"
        return response_mark_private(
            JsonResponse({"outcome": kind, "form_html": html}, status=status)
        )
    template = "comments/_edit_form.html" if request.GET.get("partial") else "comments/edit.html"
    return response_mark_private(render(request, template, context, status=status))


def _permalink(comment: Comment) -> str:
    return (
        reverse("comments_permalink", kwargs={"comment_id": comment.pk}) + f"#comment-{comment.pk}"
    )


# --- Other actions ------------------------------------------------------------------------------


def _action_answer(
    request: HttpRequest, comment: Comment, *, message: str, extra: dict[str, Any] | None = None
) -> HttpResponse:
    if _wants_json(request):
        return response_mark_private(
            JsonResponse({"outcome": "ok", "message": message, **(extra or {})})
        )
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(_back(request, _permalink(comment)))


def _action_refused(request: HttpRequest, comment: Comment, error: CommentError) -> HttpResponse:
    if error.code in BLOCK_CODES:
        return _blocked_refusal(request, error, back=_permalink(comment))
    if _wants_json(request):
        return response_mark_private(
            JsonResponse(
                {"outcome": "error", "code": error.code, "message": str(error.message)}, status=400
            )
        )
    messages.error(request, str(error.message))
    return HttpResponseRedirect(_back(request, _permalink(comment)))


@require_POST
@login_required
def delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(comment_id)
    try:
        services.comment_delete(comment=comment, actor=request.user)  # type: ignore[arg-type]
    except CommentError as error:
        return _action_refused(request, comment, error)
    fallback = reverse("comments_discussion", kwargs={"article_id": comment.article_id})
    if _wants_json(request):
        return _action_answer(request, comment, message=_("The comment is deleted."))
    messages.success(request, _("The comment is deleted."))
    return HttpResponseRedirect(_back(request, fallback))


@require_POST
@login_required
def like(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Like, or take the like back (`undo`)."""
    comment = _comment(comment_id)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            services.comment_unlike(comment=comment, member=request.user)  # type: ignore[arg-type]
        else:
            services.comment_like(comment=comment, member=request.user)  # type: ignore[arg-type]
    except CommentError as error:
        return _action_refused(request, comment, error)
    return _action_answer(
        request,
        comment,
        message="",
        extra={"liked": not undo, "like_count": comment.like_count},
    )


@login_required
def report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Report a comment, choosing the standard it breaks."""
    comment = _comment(comment_id)
    viewer = selectors.comment_viewer(request.user, article=comment.article)
    if not selectors.comment_visible_to(comment=comment, viewer=viewer):
        raise Http404
    if viewer.block is not None:
        code = (
            CommentErrorCode.BLOCKED_FOR_GOOD
            if viewer.block.is_permanent
            else CommentErrorCode.BLOCKED
        )
        return _blocked_refusal(request, CommentError(code), back=_permalink(comment))
    # Reported already: the form shows that report, to keep or to change.
    earlier = selectors.comment_report_open_of(comment=comment, reporter=request.user)
    initial = {"reason": earlier.reason, "note": earlier.note} if earlier else None
    form = CommentReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.comment_report(
                comment=comment,
                reporter=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except CommentError as error:
            return _action_refused(request, comment, error)
        if earlier is None:
            message = _("Thank you. A moderator will look at this comment.")
        elif (report.reason, report.note) == (earlier.reason, earlier.note):
            message = _("You already reported this comment: your report was received.")
        else:
            message = _("Your report of this comment is updated. A moderator will look at it.")
        return _action_answer(request, comment, message=message)
    status = 400 if request.method == "POST" else 200
    context = {
        "comment": comment,
        "article": comment.article,
        "form": form,
        "earlier": earlier,
        "standards_url": reverse("community_standards"),
    }
    if _wants_json(request):
        html = render_to_string("comments/_report_form.html", context, request=request)
        return response_mark_private(
            JsonResponse({"outcome": "invalid", "form_html": html}, status=status)
        )
    template = (
        "comments/_report_form.html" if request.GET.get("partial") else "comments/report.html"
    )
    return response_mark_private(render(request, template, context, status=status))


@require_POST
@login_required
def mute(request: HttpRequest, user_id: int) -> HttpResponse:
    """Mute a member (their comments disappear for you), or unmute them (`undo`)."""
    muted = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    undo = request.POST.get("undo") == "1"
    fallback = reverse("comments_preferences")
    try:
        if undo:
            services.member_unmute(member=request.user, muted=muted)  # type: ignore[arg-type]
            message = _("You see %(name)s's comments again.") % {"name": muted.public_name}
        else:
            services.member_mute(member=request.user, muted=muted)  # type: ignore[arg-type]
            message = _("You will no longer see comments by %(name)s.") % {
                "name": muted.public_name
            }
    except CommentError as error:
        if _wants_json(request):
            return JsonResponse({"outcome": "error", "message": str(error.message)}, status=400)
        messages.error(request, str(error.message))
        return HttpResponseRedirect(_back(request, fallback))
    if _wants_json(request):
        return response_mark_private(
            JsonResponse({"outcome": "ok", "message": message, "muted_id": muted.pk, "undo": undo})
        )
    messages.success(request, message)
    return HttpResponseRedirect(_back(request, fallback))


@require_POST
@login_required
def feature(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = _comment(comment_id)
    featured = request.POST.get("undo") != "1"
    try:
        services.comment_feature(
            comment=comment,
            editor=request.user,  # type: ignore[arg-type]
            is_featured=featured,
        )
    except CommentError as error:
        return _action_refused(request, comment, error)
    message = _("The comment is featured.") if featured else _("The comment is no longer featured.")
    return _action_answer(request, comment, message=message)


# --- Preferences --------------------------------------------------------------------------------


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Reply e-mails on or off, and the members you muted."""
    user = request.user
    if request.method == "POST":
        wanted = request.POST.get("reply_emails") == "on"
        services.reply_emails_set(member=user, wanted=wanted)  # type: ignore[arg-type]
        messages.success(
            request,
            _("You will get an e-mail when someone replies to you.")
            if wanted
            else _("You will no longer get e-mails about replies."),
        )
        return HttpResponseRedirect(reverse("comments_preferences"))
    muted = get_user_model().objects.filter(
        pk__in=user.mutes.values_list("muted_id", flat=True)  # type: ignore[union-attr]
    )
    return response_mark_private(
        render(
            request,
            "comments/preferences.html",
            {
                "reply_emails": selectors.reply_emails_wanted(member=user),
                "muted_members": muted,
            },
        )
    )


@csrf_exempt  # RFC 8058 one-click unsubscribe: the mail client posts without a session
def reply_emails_off(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every reply e-mail: a button (a GET changes nothing), or a one-click POST."""
    member_id = services.reply_emails_token_read(token)
    member = (
        get_user_model().objects.filter(pk=member_id, is_active=True).first()
        if member_id is not None
        else None
    )
    if member is None:
        return render(request, "comments/reply_emails_off.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        services.reply_emails_set(member=member, wanted=False)
        done = True
    return response_mark_private(
        render(request, "comments/reply_emails_off.html", {"done": done, "member": member})
    )


# --- Asking to be unlocked ------------------------------------------------------------------------


@login_required
def unlock_request(request: HttpRequest) -> HttpResponse:
    """A blocked member asks a moderator to lift the block (one open request at a time).

    No form for a member who is not blocked, who has a request waiting, who asked too
    recently, or whose block is permanent (the page says the decision is final; a POST
    answers 403). A refused POST shows the form again with what the member wrote.
    """
    standing = selectors.member_unlock_standing(member=request.user)
    form = None
    status = 200
    if standing.may_request:
        form = UnlockRequestForm(
            request.POST if request.method == "POST" else None,
            initial={"member_id": request.user.pk},
        )
        if request.method == "POST":
            if form.is_valid():
                try:
                    services_blocks.unlock_request_send(
                        member=request.user,  # type: ignore[arg-type]
                        subject=form.cleaned_data["subject"],
                        explanation=form.cleaned_data["explanation"],
                    )
                except CommentError as error:
                    form.add_error(None, str(error.message))
                else:
                    messages.success(
                        request,
                        _("Your request is sent. A moderator will answer you by e-mail."),
                    )
                    return HttpResponseRedirect(reverse("comments_unlock_request"))
            status = 400
    elif request.method == "POST":
        status = 403 if standing.is_final or standing.block is None else 409
    context = {
        "standing": standing,
        "form": form,
        "unsent": request.POST.get("explanation", "") if form is None else "",
    }
    return response_mark_private(
        render(request, "comments/unlock_request.html", context, status=status)
    )
