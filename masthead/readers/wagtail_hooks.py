"""The readers' part of the editors' admin: the privacy policy and the terms; social log-in.

Each document is a snippet with drafts, previews, history and scheduled publishing; each
publication becomes a version readers can read (signal_handlers.py, services/consent.py).
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms.consent import LegalDocumentAdminForm
from .forms.social import SocialAppForm
from .models import LegalDocument, LegalDocumentVersion


class LegalDocumentViewSet(SnippetViewSet):  # type: ignore[misc]  # Wagtail: untyped
    model = LegalDocument
    icon = "doc-full"
    menu_label = gettext_lazy("Privacy & terms")
    menu_order = 800
    add_to_admin_menu = True
    list_display = ["title", "kind"]
    list_filter = ["kind"]
    copy_view_enabled = False  # one document per kind and language: translate, do not copy
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("title"),
            FieldPanel("change_summary"),
            FieldPanel("requires_consent"),
            FieldPanel("body"),
        ],
        base_form_class=LegalDocumentAdminForm,
    )


register_snippet(LegalDocumentViewSet)


@hooks.register("before_delete_snippet")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def legal_document_keep_published(
    request: HttpRequest, instances: list[Any]
) -> HttpResponse | None:
    """A document readers have read stays: its versions prove what members accepted."""
    documents = [item for item in instances if isinstance(item, LegalDocument)]
    if not documents:
        return None
    if not LegalDocumentVersion.objects.filter(document__in=documents).exists():
        return None
    messages.error(
        request,
        _(
            "A published legal document cannot be deleted: members accepted its versions. "
            "Unpublish it instead."
        ),
    )
    return HttpResponseRedirect(reverse(LegalDocument.snippet_viewset.get_url_name("list")))


class SocialAppViewSet(ModelViewSet):  # type: ignore[misc]  # Wagtail: untyped
    """allauth's social log-in providers, set up by the operator (Settings › Social log-in)."""

    model = SocialApp
    icon = "key"
    menu_label = gettext_lazy("Social log-in")
    add_to_settings_menu = True
    list_display = ["name", "provider", "provider_id", "client_id"]
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> type[SocialAppForm]:
        return SocialAppForm


@hooks.register("register_admin_viewset")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def social_app_viewset() -> SocialAppViewSet:
    return SocialAppViewSet("social_apps")
