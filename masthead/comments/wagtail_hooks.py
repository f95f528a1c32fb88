"""The comments' part of the admin: the moderators' queues, members' pages, and the standards.

Under one "Community" menu (with the count of what waits beside each queue):
- "Held comments": held comments, oldest first, with the text, what each check found (reason,
  explanation, evidence) and any rule that failed; Approve, Reject, Edit, Delete, Block author.
- "Reported comments": comments with open reports, grouped per comment (count, standards
  chosen, notes, reporters), most reported first; Dismiss, Remove, Edit, Block author.
- "Unlock requests": blocked members asking to take part again; Grant or Refuse with a message.
- "Blocked members": blocks in force; each member's page lists their recent comments and
  their blocks, and blocks or lifts.
Each action is a service call (`services`, `services_blocks`) that checks the
`comments.moderate_comment` permission (the "Moderators" group has it) and writes Wagtail's
audit log; every view here checks it too (403). Other apps add items to the "Community" menu
with the `register_community_menu_item` hook. The community standards are translatable
snippets (one per standard), editors' work, in their own menu item.

A moderator an administrator limited to some editions (Settings › Moderators' editions,
`ModeratorEditionsViewSet`; `selectors.moderator_languages`) sees only those editions' held and
reported comments, counts and filter choices, and any address naming a comment of another
edition answers 404. Blocks and unlock requests are the member's, in every edition: every
moderator sees them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import selectors, services, services_blocks
from .errors import CommentError
from .forms import (
    MemberBlockForm,
    MemberBlockLiftForm,
    ModeratorEditForm,
    ModeratorEditionsForm,
    UnlockDecisionForm,
)
from .models import Comment, CommunityStandard, ModeratorEditions, UnlockRequest

if TYPE_CHECKING:
    from .selectors import ReportedComment

QUEUE_PAGE_SIZE = 25


class CommunityStandardViewSet(SnippetViewSet):  # type: ignore[misc]  # Wagtail: untyped
    model = CommunityStandard
    icon = "list-ul"
    menu_label = gettext_lazy("Community standards")
    menu_order = 810
    add_to_admin_menu = True
    list_display = ["title", "code", "sort_order"]
    list_filter = ["code"]
    ordering = ["sort_order"]
    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("sort_order"),
    ]


register_snippet(CommunityStandardViewSet)


def _refusal(request: HttpRequest) -> HttpResponse | None:
    """403 for anyone but a moderator, or None.

    A response rather than `PermissionDenied`: Wagtail's admin turns that exception into a
    redirect to the dashboard, and these pages and actions must plainly answer 403.
    """
    if selectors.user_is_moderator(request.user):
        return None
    return permission_denied(request, PermissionDenied())


class ModeratorView(WagtailAdminTemplateMixin, TemplateView):  # type: ignore[misc]  # Wagtail: untyped
    """An admin page for moderators only (403 for anyone else, whatever their admin rights)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        refused = _refusal(request)
        if refused is not None:
            return refused
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs: Any) -> None:
        """Fetch what the address names, once the permission is checked."""

    @cached_property
    def moderated_editions(self) -> frozenset[str] | None:
        """The editions the moderator is limited to (None: every edition)."""
        return selectors.moderator_languages(self.request.user)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


def _moderated_comments(request: HttpRequest) -> QuerySet[Comment]:
    """The comments the request's moderator may act on: another edition's is a 404."""
    return selectors.comments_moderated_by(moderator=request.user).select_related(
        "author", "article__locale"
    )


# --- Held comments ------------------------------------------------------------------------------


class EditionFilterMixin:
    """A queue filtered by edition (`?edition=fr`): each edition is moderated in its language.

    A limited moderator is offered their editions only; another edition's code is ignored.
    """

    request: HttpRequest
    moderated_editions: frozenset[str] | None

    def editions_offered(self) -> list[tuple[str, str]]:
        return [
            (code, str(name))
            for code, name in settings.LANGUAGES
            if self.moderated_editions is None or code in self.moderated_editions
        ]

    def edition(self) -> str:
        wanted = self.request.GET.get("edition") or ""
        return wanted if wanted in dict(self.editions_offered()) else ""

    def edition_context(self) -> dict[str, Any]:
        return {
            "editions": self.editions_offered(),
            "edition": self.edition(),
            "edition_query": f"&edition={self.edition()}" if self.edition() else "",
            "is_limited": self.moderated_editions is not None,
        }


class HeldCommentsView(EditionFilterMixin, ModeratorView):
    template_name = "comments/admin/held_queue.html"
    page_title = gettext_lazy("Held comments")
    header_icon = "warning"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.edition_context())
        paginator = Paginator(
            selectors.held_comments(
                language=self.edition() or None, editions=self.moderated_editions
            ),
            QUEUE_PAGE_SIZE,
        )
        page = paginator.get_page(self.request.GET.get("p"))
        context.update({"page_obj": page, "comments": page.object_list, "total": paginator.count})
        return context


QUEUES = {"held": "comments_held", "reports": "comments_reports"}


def _queue_of(request: HttpRequest) -> str:
    """The queue an edit or an action came from (and goes back to): held, unless it says."""
    return QUEUES.get(request.GET.get("from") or request.POST.get("from") or "", "comments_held")


class HeldCommentEditView(ModeratorView):
    template_name = "comments/admin/held_edit.html"
    page_title = gettext_lazy("Edit a comment")
    header_icon = "edit"

    def load(self, **kwargs: Any) -> None:
        self.comment = get_object_or_404(_moderated_comments(self.request), pk=kwargs["comment_id"])

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        queue = _queue_of(self.request)
        label = _("Reported comments") if queue == "comments_reports" else _("Held comments")
        return [
            *self.breadcrumbs_items,
            {"url": reverse(queue), "label": label},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["comment"] = self.comment
        context["back_url"] = reverse(_queue_of(self.request))
        context["from_queue"] = "reports" if _queue_of(self.request) == "comments_reports" else ""
        context.setdefault("form", ModeratorEditForm(initial={"body": self.comment.body}))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ModeratorEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_moderator_edit(
                    comment=self.comment,
                    moderator=request.user,  # type: ignore[arg-type]
                    body=form.cleaned_data["body"],
                )
            except CommentError as error:
                form.add_error("body", str(error.message))
            else:
                messages.success(request, _("The comment's text is changed."))
                return HttpResponseRedirect(reverse(_queue_of(request)))
        return self.render_to_response(self.get_context_data(form=form), status=400)


@require_POST
def held_comment_act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Approve, reject or delete one comment from the queue."""
    refused = _refusal(request)
    if refused is not None:
        return refused
    comment = get_object_or_404(_moderated_comments(request), pk=comment_id)
    acts = {
        "approve": (services.comment_approve, _("Comment %(number)s is published.")),
        "reject": (services.comment_reject, _("Comment %(number)s is rejected.")),
    }
    try:
        if action == "delete":
            services.comment_delete(comment=comment, actor=request.user)  # type: ignore[arg-type]
            message = _("Comment %(number)s is deleted.")
        elif action in acts:
            act, message = acts[action]
            act(comment=comment, moderator=request.user)  # type: ignore[arg-type]  # see _refusal
        else:
            raise Http404
    except CommentError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, message % {"number": comment.pk})
    return HttpResponseRedirect(reverse("comments_held"))


# --- Reported comments --------------------------------------------------------------------------


class ReportedCommentsView(EditionFilterMixin, ModeratorView):
    template_name = "comments/admin/reports_queue.html"
    page_title = gettext_lazy("Reported comments")
    header_icon = "error"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(self.edition_context())
        paginator = Paginator(
            selectors.reported_comments(
                language=self.edition() or None, editions=self.moderated_editions
            ),
            QUEUE_PAGE_SIZE,
        )
        page = paginator.get_page(self.request.GET.get("p"))
        entries = []
        # Declared: the plugin loses the annotated fields through Paginator's generic.
        comment: ReportedComment
        for comment in page.object_list:
            standards = selectors.report_standards(comment.open_reports)
            entries.append({"comment": comment, "standards": standards})
        context.update({"page_obj": page, "entries": entries, "total": paginator.count})
        return context


@require_POST
def reported_comment_act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Dismiss the reports (the comment stays) or remove the comment (the reports resolved)."""
    refused = _refusal(request)
    if refused is not None:
        return refused
    comment = get_object_or_404(_moderated_comments(request), pk=comment_id)
    try:
        if action == "dismiss":
            services.comment_reports_dismiss(
                comment=comment,
                moderator=request.user,  # type: ignore[arg-type]
            )
            message = _("The reports on comment %(number)s are dismissed.")
        elif action == "remove":
            services.comment_delete(comment=comment, actor=request.user)  # type: ignore[arg-type]
            message = _("Comment %(number)s is removed.")
        else:
            raise Http404
    except CommentError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, message % {"number": comment.pk})
    return HttpResponseRedirect(reverse("comments_reports"))


# --- Members: their page, blocks ------------------------------------------------------------------


class MemberModerationView(ModeratorView):
    """One member: their recent comments, blocks and requests; block them, or lift a block."""

    template_name = "comments/admin/member.html"
    header_icon = "user"

    def load(self, **kwargs: Any) -> None:
        self.member = get_object_or_404(get_user_model(), pk=kwargs["user_id"])

    def get_page_title(self) -> str:
        return _("Member %(name)s") % {"name": self.member.public_name}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("comments_blocks"), "label": _("Blocked members")},
            {"url": "", "label": self.get_page_title()},
        ]

    def _comment_from(self, value: Any) -> Comment | None:
        """The comment a block cites: only one of the member's own, and of the moderator's
        editions (another edition's is a 404: its own moderators judge it)."""
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        comment = Comment.objects.filter(pk=number, author=self.member).first()
        if comment is None:
            return None
        return get_object_or_404(_moderated_comments(self.request), pk=comment.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        block = selectors.member_block_active(member=self.member)
        cited = self._comment_from(self.request.GET.get("comment"))
        context.setdefault(
            "block_form",
            MemberBlockForm(
                initial={
                    "reason": self.request.GET.get("reason", ""),
                    "comment": cited.pk if cited else None,
                    "reject_held": True,
                }
            ),
        )
        context.setdefault("lift_form", MemberBlockLiftForm())
        context.update(
            {
                "member": self.member,
                "active_block": block,
                "cited": cited,
                "is_blockable": not (
                    self.member.is_staff or selectors.user_holds_moderator_role(self.member)
                ),
                "blocks": list(selectors.member_blocks(member=self.member)),
                "unlock_requests": list(selectors.member_unlock_requests(member=self.member)),
                "comments": selectors.member_recent_comments(
                    member=self.member, editions=self.moderated_editions
                ),
            }
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        moderator = request.user
        here = reverse("comments_member", kwargs={"user_id": self.member.pk})
        if request.POST.get("action") == "lift":
            lift_form = MemberBlockLiftForm(request.POST)
            block = selectors.member_block_active(member=self.member)
            if lift_form.is_valid() and block is not None:
                try:
                    services_blocks.member_block_lift(
                        block=block,
                        moderator=moderator,  # type: ignore[arg-type]
                        message=lift_form.cleaned_data["message"],
                    )
                except CommentError as error:
                    lift_form.add_error(None, str(error.message))
                else:
                    messages.success(request, _("The block is lifted; the member is told."))
                    return HttpResponseRedirect(here)
            elif block is None:
                lift_form.add_error(None, _("This member is not blocked."))
            context = self.get_context_data(lift_form=lift_form)
            return self.render_to_response(context, status=400)
        form = MemberBlockForm(request.POST)
        if form.is_valid():
            try:
                services_blocks.member_block(
                    member=self.member,
                    moderator=moderator,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                    message=form.cleaned_data["message"],
                    comment=self._comment_from(form.cleaned_data["comment"]),
                    reject_held=form.cleaned_data["reject_held"],
                )
            except CommentError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("The member is blocked and told by e-mail."))
                return HttpResponseRedirect(here)
        return self.render_to_response(self.get_context_data(block_form=form), status=400)


class BlockedMembersView(ModeratorView):
    template_name = "comments/admin/blocks.html"
    page_title = gettext_lazy("Blocked members")
    header_icon = "lock"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        paginator = Paginator(selectors.blocks_active(), QUEUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update({"page_obj": page, "blocks": page.object_list, "total": paginator.count})
        return context


# --- Unlock requests ------------------------------------------------------------------------------


class UnlockRequestsView(ModeratorView):
    """Open unlock requests, oldest first; each answered with Grant or Refuse and a message."""

    template_name = "comments/admin/unlock_queue.html"
    page_title = gettext_lazy("Unlock requests")
    header_icon = "lock-open"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        paginator = Paginator(selectors.unlock_requests_open(), QUEUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        bound = kwargs.get("bound")  # (request id, form) shown again after a mistake
        entries = [
            {
                "request": unlock,
                "form": bound[1]
                if bound and bound[0] == unlock.pk
                else UnlockDecisionForm(prefix=f"r{unlock.pk}"),
            }
            for unlock in page.object_list
        ]
        context.update({"page_obj": page, "entries": entries, "total": paginator.count})
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        unlock = get_object_or_404(UnlockRequest, pk=kwargs.get("request_id"))
        form = UnlockDecisionForm(request.POST, prefix=f"r{unlock.pk}")
        if form.is_valid():
            decide = (
                services_blocks.unlock_request_grant
                if form.cleaned_data["decision"] == "grant"
                else services_blocks.unlock_request_refuse
            )
            try:
                decide(
                    request=unlock,
                    moderator=request.user,  # type: ignore[arg-type]
                    response=form.cleaned_data["response"],
                )
            except CommentError as error:
                messages.error(request, str(error.message))
            else:
                message = (
                    _("Request %(number)s is granted: the block is lifted.")
                    if form.cleaned_data["decision"] == "grant"
                    else _("Request %(number)s is refused.")
                )
                messages.success(request, message % {"number": unlock.pk})
            return HttpResponseRedirect(reverse("comments_unlock_requests"))
        context = self.get_context_data(bound=(unlock.pk, form))
        return self.render_to_response(context, status=400)


# --- Moderators' editions (administrators) -------------------------------------------------------


class ModeratorEditionsIndexView(generic.IndexView):  # type: ignore[misc]  # Wagtail: untyped
    def get_base_queryset(self) -> QuerySet[ModeratorEditions]:
        return selectors.moderator_editions_all()


class ModeratorEditionsCreateView(generic.CreateView):  # type: ignore[misc]  # Wagtail: untyped
    success_message = gettext_lazy("The moderator now works the chosen editions only.")

    def save_instance(self) -> ModeratorEditions:
        return services.moderator_editions_set(
            moderator=self.form.cleaned_data["moderator"],
            locales=self.form.cleaned_data["locales"],
            actor=self.request.user,
        )


class ModeratorEditionsEditView(generic.EditView):  # type: ignore[misc]  # Wagtail: untyped
    success_message = gettext_lazy("The moderator now works the chosen editions only.")

    def get_page_subtitle(self) -> str:
        return str(self.object.moderator.staff_name)

    def save_instance(self) -> ModeratorEditions:
        return services.moderator_editions_set(
            moderator=self.object.moderator,
            locales=self.form.cleaned_data["locales"],
            actor=self.request.user,
        )


class ModeratorEditionsDeleteView(generic.DeleteView):  # type: ignore[misc]  # Wagtail: untyped
    success_message = gettext_lazy("The limit is lifted: the moderator works every edition again.")

    def delete_action(self) -> None:
        services.moderator_editions_remove(editions=self.object, actor=self.request.user)


def _editions_shown(row: ModeratorEditions) -> str:
    return ", ".join(str(locale) for locale in row.locales.all()) or _("None")


class ModeratorEditionsViewSet(ModelViewSet):  # type: ignore[misc]  # Wagtail: untyped
    """Settings › Moderators' editions: which moderators are limited to which editions.

    For administrators: the screen needs the `comments.*_moderatoreditions` permissions
    (superusers have them; Settings › Groups hands them out). A moderator without a row here
    works every edition. Each change is a service call, logged (`services.moderator_editions_set`).
    """

    model = ModeratorEditions
    icon = "globe"
    menu_label = gettext_lazy("Moderators' editions")
    add_to_settings_menu = True
    copy_view_enabled = False
    index_view_class = ModeratorEditionsIndexView
    add_view_class = ModeratorEditionsCreateView
    edit_view_class = ModeratorEditionsEditView
    delete_view_class = ModeratorEditionsDeleteView
    list_display = [
        "moderator",
        Column("editions", label=gettext_lazy("Editions"), accessor=_editions_shown),
        UpdatedAtColumn(),
    ]

    def get_form_class(self, for_update: bool = False) -> type[ModeratorEditionsForm]:
        return ModeratorEditionsForm


@hooks.register("register_admin_viewset")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def moderator_editions_viewset() -> ModeratorEditionsViewSet:
    return ModeratorEditionsViewSet("moderator_editions")


# --- Addresses, menu, audit log -------------------------------------------------------------------


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def comments_admin_urls() -> list[Any]:
    return [
        path("comments/held/", HeldCommentsView.as_view(), name="comments_held"),
        path(
            "comments/held/<int64:comment_id>/edit/",
            HeldCommentEditView.as_view(),
            name="comments_held_edit",
        ),
        path(
            "comments/held/<int64:comment_id>/<slug:action>/",
            held_comment_act,
            name="comments_held_act",
        ),
        path("comments/reports/", ReportedCommentsView.as_view(), name="comments_reports"),
        path(
            "comments/reports/<int64:comment_id>/<slug:action>/",
            reported_comment_act,
            name="comments_reports_act",
        ),
        path("comments/blocks/", BlockedMembersView.as_view(), name="comments_blocks"),
        path(
            "comments/members/<int64:user_id>/",
            MemberModerationView.as_view(),
            name="comments_member",
        ),
        path(
            "comments/unlock-requests/",
            UnlockRequestsView.as_view(),
            name="comments_unlock_requests",
        ),
        path(
            "comments/unlock-requests/<int64:request_id>/",
            UnlockRequestsView.as_view(),
            name="comments_unlock_decide",
        ),
    ]


def _queue_counts(request: HttpRequest) -> selectors.QueueCounts:
    """The counts, read once per request however many menu items show them."""
    counts = getattr(request, "_comments_queue_counts", None)
    if counts is None:
        counts = selectors.moderation_queue_counts(
            editions=selectors.moderator_languages(request.user)
        )
        request._comments_queue_counts = counts  # type: ignore[attr-defined]
    return counts


class CommunityMenuItem(MenuItem):  # type: ignore[misc]  # Wagtail: untyped
    """A moderators' menu item, with the number waiting in its queue (when it has one)."""

    def __init__(self, *args: Any, counted: str = "", **kwargs: Any) -> None:
        self.counted = counted
        super().__init__(*args, **kwargs)

    def is_shown(self, request: HttpRequest) -> bool:
        return selectors.user_is_moderator(request.user)

    def render_component(self, request: HttpRequest) -> LinkMenuItemComponent:
        label = str(self.label)
        count = getattr(_queue_counts(request), self.counted) if self.counted else 0
        if count:
            label = f"{label} ({count})"
        return LinkMenuItemComponent(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


community_menu = Menu(
    register_hook_name="register_community_menu_item",
    construct_hook_name="construct_community_menu",
)


@hooks.register("register_admin_menu_item")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def community_menu_item() -> MenuItem:
    return SubmenuMenuItem(
        gettext_lazy("Community"), community_menu, name="community", icon_name="comment", order=150
    )


@hooks.register("register_community_menu_item")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def held_comments_menu_item() -> MenuItem:
    return CommunityMenuItem(
        gettext_lazy("Held comments"),
        reverse("comments_held"),
        name="held-comments",
        icon_name="warning",
        order=100,
        counted="held",
    )


@hooks.register("register_community_menu_item")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def reported_comments_menu_item() -> MenuItem:
    return CommunityMenuItem(
        gettext_lazy("Reported comments"),
        reverse("comments_reports"),
        name="reported-comments",
        icon_name="error",
        order=200,
        counted="reported",
    )


@hooks.register("register_community_menu_item")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def unlock_requests_menu_item() -> MenuItem:
    return CommunityMenuItem(
        gettext_lazy("Unlock requests"),
        reverse("comments_unlock_requests"),
        name="unlock-requests",
        icon_name="lock-open",
        order=300,
        counted="unlock_requests",
    )


@hooks.register("register_community_menu_item")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def blocked_members_menu_item() -> MenuItem:
    return CommunityMenuItem(
        gettext_lazy("Blocked members"),
        reverse("comments_blocks"),
        name="blocked-members",
        icon_name="lock",
        order=400,
    )


@hooks.register("register_log_actions")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def comments_log_actions(actions: Any) -> None:
    actions.register_action(
        "comments.approve", gettext_lazy("Approve comment"), gettext_lazy("Comment approved")
    )
    actions.register_action(
        "comments.reject", gettext_lazy("Reject comment"), gettext_lazy("Comment rejected")
    )
    actions.register_action(
        "comments.edit", gettext_lazy("Edit comment"), gettext_lazy("Comment edited by a moderator")
    )
    actions.register_action(
        "comments.delete", gettext_lazy("Delete comment"), gettext_lazy("Comment deleted")
    )
    actions.register_action(
        "comments.feature", gettext_lazy("Feature comment"), gettext_lazy("Comment featured")
    )
    actions.register_action(
        "comments.unfeature",
        gettext_lazy("Unfeature comment"),
        gettext_lazy("Comment no longer featured"),
    )
    actions.register_action(
        "comments.reports_hold",
        gettext_lazy("Hold reported comment"),
        gettext_lazy("Comment held for a moderator after reports"),
    )
    actions.register_action(
        "comments.reports_dismiss",
        gettext_lazy("Dismiss reports"),
        gettext_lazy("Reports on the comment dismissed"),
    )
    actions.register_action(
        "comments.block", gettext_lazy("Block member"), gettext_lazy("Member blocked")
    )
    actions.register_action(
        "comments.block_final",
        gettext_lazy("Block member for good"),
        gettext_lazy("Member blocked for good (second block)"),
    )
    actions.register_action(
        "comments.block_carry_over",
        gettext_lazy("Carry a block over"),
        gettext_lazy("New account blocked for good: an address of a purged, blocked account"),
    )
    actions.register_action(
        "comments.unblock", gettext_lazy("Lift block"), gettext_lazy("Block lifted")
    )
    actions.register_action(
        "comments.unlock_grant",
        gettext_lazy("Grant unlock request"),
        gettext_lazy("Unlock request granted, block lifted"),
    )

    @actions.register_action("comments.editions_limit")
    class EditionsLimited(LogFormatter):  # type: ignore[misc]  # Wagtail: untyped
        label = gettext_lazy("Limit a moderator to editions")

        def format_message(self, log_entry: Any) -> str:
            return _("Moderator limited to the editions: %(editions)s") % {
                "editions": ", ".join(log_entry.data.get("editions", [])) or _("None")
            }

    actions.register_action(
        "comments.editions_unlimit",
        gettext_lazy("Lift a moderator's edition limit"),
        gettext_lazy("Moderator free to work every edition again"),
    )
    actions.register_action(
        "comments.unlock_refuse",
        gettext_lazy("Refuse unlock request"),
        gettext_lazy("Unlock request refused"),
    )
