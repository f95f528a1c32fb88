"""The comments' part of the admin: the moderators' "Held comments" queue and the standards.

The queue (a first version the moderation desk will grow from) lists held comments, oldest
first, with the text, what each check found (reason, explanation, evidence) and any rule that
failed. Approve, Reject, Edit and Delete are each a service call (`services.comment_*`), which
checks the `comments.moderate_comment` permission (the "Moderators" group has it) and writes
Wagtail's audit log. The community standards are translatable snippets (one per standard).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import selectors, services
from .errors import CommentError
from .forms import ModeratorEditForm
from .models import Comment, CommunityStandard

QUEUE_PAGE_SIZE = 25


class CommunityStandardViewSet(SnippetViewSet):
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


def _moderator_required(request: HttpRequest) -> None:
    if not selectors.user_is_moderator(request.user):
        raise PermissionDenied


class HeldCommentsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/held_queue.html"
    page_title = gettext_lazy("Held comments")
    header_icon = "warning"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _moderator_required(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        paginator = Paginator(selectors.held_comments(), QUEUE_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update({"page_obj": page, "comments": page.object_list, "total": paginator.count})
        return context


class HeldCommentEditView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "comments/admin/held_edit.html"
    page_title = gettext_lazy("Edit a held comment")
    header_icon = "edit"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _moderator_required(request)
        self.comment = get_object_or_404(
            Comment.objects.select_related("author", "article"), pk=kwargs["comment_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("comments_held"), "label": _("Held comments")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["comment"] = self.comment
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
                return HttpResponseRedirect(reverse("comments_held"))
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
def held_comment_act(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Approve, reject or delete one comment from the queue."""
    _moderator_required(request)
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=comment_id)
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
            act(comment=comment, moderator=request.user)
        else:
            raise PermissionDenied
    except CommentError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, message % {"number": comment.pk})
    return HttpResponseRedirect(reverse("comments_held"))


@hooks.register("register_admin_urls")
def comments_admin_urls() -> list[Any]:
    return [
        path("comments/held/", HeldCommentsView.as_view(), name="comments_held"),
        path(
            "comments/held/<int:comment_id>/edit/",
            HeldCommentEditView.as_view(),
            name="comments_held_edit",
        ),
        path(
            "comments/held/<int:comment_id>/<slug:action>/",
            held_comment_act,
            name="comments_held_act",
        ),
    ]


class HeldCommentsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return selectors.user_is_moderator(request.user)


@hooks.register("register_admin_menu_item")
def held_comments_menu_item() -> MenuItem:
    return HeldCommentsMenuItem(
        gettext_lazy("Held comments"),
        reverse("comments_held"),
        icon_name="warning",
        order=150,
    )


@hooks.register("register_log_actions")
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
