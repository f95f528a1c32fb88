"""The data sources in the editors' admin, their load on save, and the dashboard's warning.

Saving a source loads its uploaded file (or fetches its address) through the same validation
as the scheduled refresh; a refused file is shown to the editor and the old data stays.
The dashboard lists sources that are stale (no new day past their threshold) or failing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .error_codes import DataFileError
from .models import DataSource
from .selectors import data_sources_needing_attention
from .services import data_source_file_load, data_source_refresh


class DataSourceViewSet(SnippetViewSet):
    model = DataSource
    icon = "table"
    menu_label = gettext_lazy("Data sources")
    menu_order = 810
    add_to_admin_menu = True
    list_display = ["name", "last_reported", "last_fetched_at", "last_error"]


register_snippet(DataSourceViewSet)


def _load_on_save(request: HttpRequest, instance: Any) -> None:
    if not isinstance(instance, DataSource):
        return
    if instance.upload:
        instance.upload.open("rb")
        try:
            data = instance.upload.read()
        finally:
            instance.upload.close()
        try:
            data_source_file_load(source=instance, data=data)
        except DataFileError as error:
            previous = getattr(request, "_live_previous_upload", None)
            if previous is not None and previous != instance.upload.name:
                # The stored file stays the one the data came from.
                DataSource.objects.filter(pk=instance.pk).update(upload=previous)
            messages.error(
                request,
                _("The file was not loaded, the data stays as it was: %(reason)s")
                % {"reason": error.message},
            )
    elif instance.url:
        data_source_refresh(source=instance)
        if instance.last_error:
            messages.error(
                request,
                _("The file was not loaded, the data stays as it was: %(reason)s")
                % {"reason": instance.last_error},
            )


@hooks.register("after_create_snippet")
def data_source_load_after_create(request: HttpRequest, instance: Any) -> None:
    _load_on_save(request, instance)


@hooks.register("before_edit_snippet")
def data_source_remember_upload(request: HttpRequest, instance: Any) -> None:
    """Note the file the data came from, to keep it if a new upload is refused."""
    if isinstance(instance, DataSource):
        setattr(request, "_live_previous_upload", instance.upload.name)  # noqa: B010


@hooks.register("after_edit_snippet")
def data_source_load_after_edit(request: HttpRequest, instance: Any) -> None:
    _load_on_save(request, instance)


class DataSourcesAttentionPanel(Component):
    name = "live_data_sources"
    order = 160

    def render_html(self, parent_context: dict[str, Any] | None = None) -> SafeString:
        sources = data_sources_needing_attention(today=timezone.localdate())
        if not sources:
            return SafeString("")
        return SafeString(render_to_string("live/admin/attention_panel.html", {"sources": sources}))


@hooks.register("construct_homepage_panels")
def data_sources_attention_panel(request: HttpRequest, panels: list[Any]) -> None:
    panels.append(DataSourcesAttentionPanel())
