"""Editors' admin of the news app: authors (a snippet viewset with search) and Translations,
the dashboard of every story's state in every edition (`selectors.story_translations`).

The translation workflow itself is wagtail-localize's: its "Translate this page" action, its
segment editor (opened by the page editor of a translation it manages), PO files and "Sync
translated pages". The dashboard's cells lead there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import selectors
from .forms import TranslationFilterForm
from .models import Author

# wagtail-localize's own permission: those who may submit stories for translation.
TRANSLATION_PERMISSION = "wagtail_localize.submit_translation"


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = _("Authors")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "location"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


class TranslationsView(WagtailAdminTemplateMixin, TemplateView):
    """Translations: stories by edition, filtered by section and edition, a page at a time."""

    template_name = "news/admin/translations.html"
    page_title = _("Translations")
    header_icon = "globe"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(TRANSLATION_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = TranslationFilterForm(self.request.GET, sections=selectors.translation_sections())
        filters = form.cleaned_data if form.is_valid() else {}
        dashboard = selectors.story_translations(
            section_id=filters.get("section"),
            language=filters.get("edition") or None,
            page_number=self.request.GET.get("p", 1),
        )
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(form=form, dashboard=dashboard, query=query.urlencode())
        return context


@hooks.register("register_admin_urls")
def translations_admin_urls() -> list[Any]:
    return [path("translations/", TranslationsView.as_view(), name="news_translations")]


class TranslationsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(TRANSLATION_PERMISSION))


@hooks.register("register_admin_menu_item")
def translations_menu_item() -> MenuItem:
    return TranslationsMenuItem(
        _("Translations"), reverse("news_translations"), icon_name="globe", order=250
    )
