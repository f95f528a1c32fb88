"""The readers' part of the editors' admin: the privacy policy and the terms.

Each document is a snippet with drafts, previews, history and scheduled publishing; each
publication becomes a version readers can read (signal_handlers.py, services/consent.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .forms.consent import LegalDocumentAdminForm
from .models import LegalDocument, LegalDocumentVersion


class LegalDocumentViewSet(SnippetViewSet):
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


@hooks.register("before_delete_snippet")
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
