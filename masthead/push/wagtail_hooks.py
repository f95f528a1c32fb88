"""The editors' push screens in the admin: send an alert (from an article), the alerts' reports.

An alert is sent through `services.push_alert_create`, which enqueues the fan-out after
commit; the report's numbers are the ones the fan-out computes from the delivery rows. A
section's automatic alert (`services.push_alert_on_first_publication`, on the publish signal)
is announced to the editor who published, and one the hourly cap held can be sent from the
alerts' list. The admin's dashboard shows the last alerts with their numbers.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from . import services
from .forms import PushAlertForm
from .models import PushAlert
from .selectors import push_alert_automatic_of, push_alerts_recent

RECENT_ALERTS = 50
DASHBOARD_ALERTS = 5


class PushAdminView(WagtailAdminTemplateMixin, TemplateView):  # type: ignore[misc]  # Wagtail: untyped
    """A push screen for those who may send alerts (push.add_pushalert)."""

    header_icon = "mail"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm("push.add_pushalert"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class PushAlertsView(PushAdminView):
    template_name = "push/admin/alerts.html"
    page_title = gettext_lazy("Push alerts")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["alerts"] = push_alerts_recent(RECENT_ALERTS)
        return context


class PushAlertSendView(PushAdminView):
    template_name = "push/admin/alert_form.html"
    page_title = gettext_lazy("Send a push alert")

    def initial(self) -> dict[str, Any]:
        page_id = self.request.GET.get("page", "")
        page = Page.objects.filter(pk=int(page_id)).first() if page_id.isdigit() else None
        if page is None:
            return {}
        specific = page.specific
        return {
            "title": page.title,
            "text": str(getattr(specific, "summary", "") or page.search_description or "")[:300],
            "url": page.full_url,
            "language": page.locale.language_code,
            # Those who pressed Follow this story on it get it too.
            "story_ids": str(page.pk),
            "replace_topic": f"story-{page.pk}",
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", PushAlertForm(initial=self.initial()))
        context["page_id"] = self.request.GET.get("page", "")
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = PushAlertForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        page_id = request.GET.get("page", "")
        data = form.cleaned_data
        alert = services.push_alert_create(
            title=data["title"],
            text=data["text"],
            url=data["url"],
            image_url=data["image_url"],
            language=data["language"],
            topics=data["topics"],
            urgency=data["urgency"],
            ttl_seconds=data["ttl_seconds"],
            replace_topic=data["replace_topic"],
            page_id=int(page_id) if page_id.isdigit() else None,
            created_by=request.user,  # type: ignore[arg-type]
        )
        messages.success(request, _("Alert “%(title)s” is being sent.") % {"title": alert.title})
        return HttpResponseRedirect(reverse("push_alerts"))


@require_POST
def push_alert_held_send_view(request: HttpRequest, alert_id: int) -> HttpResponse:
    """Send an automatic alert the edition's hourly cap held."""
    if not request.user.has_perm("push.add_pushalert"):
        raise PermissionDenied
    if services.push_alert_held_send(alert_id=alert_id):
        messages.success(request, _("The held alert is being sent."))
    else:
        messages.warning(request, _("That alert is no longer held."))
    return HttpResponseRedirect(reverse("push_alerts"))


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def push_admin_urls() -> list[Any]:
    return [
        path("push/alerts/", PushAlertsView.as_view(), name="push_alerts"),
        path("push/alerts/send/", PushAlertSendView.as_view(), name="push_alert_send"),
        path(
            "push/alerts/<int64:alert_id>/send-held/",
            push_alert_held_send_view,
            name="push_alert_held_send",
        ),
    ]


class PushAlertPageButton(PageMenuItem):  # type: ignore[misc]  # Wagtail: untyped
    """ "Send a push alert" in a live article's header and listing menus (the form prefilled)."""

    label = gettext_lazy("Send a push alert")
    icon_name = "mail"
    priority = 55

    def is_shown(self, user: Any) -> bool:
        from masthead.news.models import ArticlePage

        return bool(
            self.page.live
            and issubclass(self.page.specific_class or Page, ArticlePage)
            and user.has_perm("push.add_pushalert")
        )

    @property
    def url(self) -> str:
        return f"{reverse('push_alert_send')}?page={self.page.pk}"


@hooks.register("register_page_header_buttons")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def push_page_header_button(
    page: Page, user: Any, view_name: str, next_url: str | None = None
) -> list[PageMenuItem]:
    return [PushAlertPageButton(page=page)]


@hooks.register("register_page_listing_more_buttons")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def push_page_listing_button(
    page: Page, user: Any, next_url: str | None = None
) -> list[PageMenuItem]:
    return [PushAlertPageButton(page=page)]


@hooks.register("after_publish_page")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def push_announce_automatic_alert(request: HttpRequest, page: Page) -> None:
    """Tell the editor who published what the section's automatic alert did."""
    alert = push_alert_automatic_of(page.pk)
    if alert is None or (timezone.now() - alert.created_at).total_seconds() > 60:
        return
    if alert.state == PushAlert.State.HELD:
        messages.warning(
            request,
            _(
                "The push alert for “%(title)s” was held: its edition has had the most "
                "alerts an hour allows. Send it from Push alerts if it should go out."
            )
            % {"title": alert.title},
        )
    else:
        messages.info(
            request,
            _("A push alert for “%(title)s” is being sent to the section's followers.")
            % {"title": alert.title},
        )


class PushAlertsPanel(Component):  # type: ignore[misc]  # Wagtail: untyped
    """The dashboard's panel: the last alerts and their numbers, for those who send them."""

    name = "push_alerts"
    order = 150
    template_name = "push/admin/dashboard_panel.html"

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"alerts": push_alerts_recent(DASHBOARD_ALERTS)}


@hooks.register("construct_homepage_panels")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def push_dashboard_panel(request: HttpRequest, panels: list[Any]) -> None:
    if request.user.has_perm("push.add_pushalert"):
        panels.append(PushAlertsPanel())


class PushMenuItem(MenuItem):  # type: ignore[misc]  # Wagtail: untyped
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("push.add_pushalert"))


@hooks.register("register_admin_menu_item")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def push_menu_item() -> MenuItem:
    return PushMenuItem(_("Push alerts"), reverse("push_alerts"), icon_name="mail", order=900)
