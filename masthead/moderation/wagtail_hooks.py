"""The moderation part of the admin: Community standards › Rules, › Watched words and
› Link domains (trusted and blocked, `domains.py`; permission `moderation.change_linkdomain`).

Rules: each configured rule, in the order it runs, with its standard, explanation, on/off,
action and options (`forms.RuleSettingForm`), what the settings file says, the history of
changes, and "reset to the settings file". Watched words: each shipped list with the entries
moderators added, re-actioned or switched off, one entry or many at once (the files' syntax).
Every change is a service call (`services.py`): permission, change, audit log, and every
process's rules rebuilt within seconds. Only users with `moderation.change_rulesetting`
(rules) or `moderation.change_watchedword` (words) get in: the "Moderators" group has both;
anyone else in the admin gets a 403. Both are items of the comments app's "Community" menu
(`masthead/comments/wagtail_hooks.py`, hook `register_community_menu_item`), beside the
moderators' queues.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter

from . import selectors, services
from .errors import ModerationError
from .forms import LinkDomainForm, RuleSettingForm, WatchedWordForm, WatchedWordsImportForm
from .models import LinkDomainKind, WatchedAction

# The comments app's "Community" menu, where the moderators' screens are gathered.
COMMUNITY_MENU_HOOK = "register_community_menu_item"
Allowed = Callable[[Any], bool]


class ForbiddenView(WagtailAdminTemplateMixin, TemplateView):  # type: ignore[misc]  # Wagtail: untyped
    template_name = "moderation/admin/forbidden.html"
    page_title = gettext_lazy("Not allowed")
    header_icon = "warning"


class GuardedView(WagtailAdminTemplateMixin, TemplateView):  # type: ignore[misc]  # Wagtail: untyped
    """An admin page for users who pass `allowed`; anyone else in the admin gets a 403."""

    allowed: Allowed = staticmethod(selectors.user_may_change_rules)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not type(self).allowed(request.user):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)


def _forbidden(request: HttpRequest) -> HttpResponse:
    """A 403 page in the admin's frame (Wagtail would redirect to its dashboard instead)."""
    view = ForbiddenView()
    view.setup(request)
    response = view.render_to_response(view.get_context_data())
    response.status_code = 403
    return response


# --- Rules ---------------------------------------------------------------------------------------


class RulesView(GuardedView):
    template_name = "moderation/admin/rules.html"
    page_title = gettext_lazy("Rules")
    header_icon = "cogs"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rules"] = selectors.rule_views()
        return context


class RuleEditView(GuardedView):
    template_name = "moderation/admin/rule_edit.html"
    header_icon = "cogs"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.user_may_change_rules(request.user):
            return _forbidden(request)
        view = selectors.rule_view(kwargs["rule"])
        if view is None:
            raise Http404
        self.rule = view
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Rule: %(name)s") % {"name": self.rule.name}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_rules"), "label": _("Rules")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RuleSettingForm(view=self.rule))
        context.update(rule=self.rule, history=selectors.rule_history(self.rule))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = RuleSettingForm(request.POST, view=self.rule)
        if form.is_valid():
            try:
                services.rule_setting_save(
                    user=request.user,
                    rule=self.rule.path,
                    is_enabled=form.cleaned_data["is_enabled"],
                    action=form.cleaned_data["action"],
                    options=form.options(),
                )
            except ModerationError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("%(name)s is saved; every process applies it within seconds.")
                    % {"name": self.rule.name},
                )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
def rule_reset(request: HttpRequest, rule: str) -> HttpResponse:
    """Back to the settings file's values (or the rule's defaults)."""
    if not selectors.user_may_change_rules(request.user):
        return _forbidden(request)
    try:
        services.rule_setting_reset(user=request.user, rule=rule)
    except ModerationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The rule is back to the settings file's values."))
    return HttpResponseRedirect(reverse("moderation_rule_edit", kwargs={"rule": rule}))


# --- Watched words -------------------------------------------------------------------------------


class WordListsView(GuardedView):
    template_name = "moderation/admin/word_lists.html"
    page_title = gettext_lazy("Watched words")
    header_icon = "tag"
    allowed = staticmethod(selectors.user_may_change_watched_words)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lists"] = selectors.watched_list_views()
        return context


class WordListView(GuardedView):
    template_name = "moderation/admin/word_list.html"
    header_icon = "tag"
    allowed = staticmethod(selectors.user_may_change_watched_words)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.user_may_change_watched_words(request.user):
            return _forbidden(request)
        view = selectors.watched_list_view(kwargs["name"])
        if view is None:
            raise Http404
        self.word_list = view
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Watched words: %(name)s") % {"name": self.word_list.name}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("moderation_words"), "label": _("Watched words")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("add_form", WatchedWordForm(prefix="add"))
        context.setdefault("import_form", WatchedWordsImportForm(prefix="import"))
        context.update(
            word_list=self.word_list,
            history=selectors.watched_list_history(self.word_list),
            actions=dict(WatchedAction.choices),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "import-text" in request.POST:
            import_form = WatchedWordsImportForm(request.POST, prefix="import")
            form: WatchedWordForm | WatchedWordsImportForm = import_form
            entries = import_form.cleaned_data["entries"] if import_form.is_valid() else None
            context: dict[str, WatchedWordForm | WatchedWordsImportForm] = {
                "import_form": import_form
            }
        else:
            add_form = WatchedWordForm(request.POST, prefix="add")
            form = add_form
            entries = (
                [(add_form.cleaned_data["entry"], add_form.cleaned_data["action"])]
                if add_form.is_valid()
                else None
            )
            context = {"add_form": add_form}
        if entries is not None:
            try:
                change = services.watched_words_add(
                    user=request.user, list_name=self.word_list.name, entries=entries
                )
            except ModerationError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _change_message(change))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(**context))


def _change_message(change: services.WatchedWordsChange) -> str:
    parts = []
    if change.added:
        parts.append(
            ngettext("%(count)s entry added", "%(count)s entries added", len(change.added))
            % {"count": len(change.added)}
        )
    if change.changed:
        parts.append(
            ngettext("%(count)s entry changed", "%(count)s entries changed", len(change.changed))
            % {"count": len(change.changed)}
        )
    if change.unchanged:
        parts.append(
            ngettext(
                "%(count)s already listed as asked",
                "%(count)s already listed as asked",
                len(change.unchanged),
            )
            % {"count": len(change.unchanged)}
        )
    return "; ".join(parts) + "."


@require_POST
def word_act(request: HttpRequest, name: str, act: str) -> HttpResponse:
    """Switch a shipped entry off, or undo the moderators' change to an entry."""
    if not selectors.user_may_change_watched_words(request.user):
        return _forbidden(request)
    acts = {
        "switch-off": (services.watched_word_switch_off, _("“%(entry)s” no longer matches.")),
        "revert": (services.watched_word_revert, _("“%(entry)s” is as the shipped list has it.")),
    }
    if act not in acts:
        raise Http404
    service, message = acts[act]
    key = request.POST.get("key", "")
    try:
        service(user=request.user, list_name=name, key=key)
    except ModerationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, message % {"entry": key})
    return HttpResponseRedirect(reverse("moderation_word_list", kwargs={"name": name}))


# --- Link domains --------------------------------------------------------------------------------


class LinkDomainsView(GuardedView):
    template_name = "moderation/admin/link_domains.html"
    page_title = gettext_lazy("Link domains")
    header_icon = "link"
    allowed = staticmethod(selectors.user_may_change_link_domains)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", LinkDomainForm())
        context.update(
            domains=selectors.link_domains_all(),
            kinds=dict(LinkDomainKind.choices),
            history=selectors.link_domains_history(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = LinkDomainForm(request.POST)
        if form.is_valid():
            try:
                row = services.link_domain_save(
                    user=request.user,
                    domain=form.cleaned_data["domain"],
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ModerationError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(
                    request,
                    _("%(domain)s: %(list)s. Every process applies it within seconds.")
                    % {"domain": row.domain, "list": row.get_kind_display()},
                )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
def link_domain_remove(request: HttpRequest) -> HttpResponse:
    if not selectors.user_may_change_link_domains(request.user):
        return _forbidden(request)
    domain = request.POST.get("domain", "")
    try:
        services.link_domain_remove(user=request.user, domain=domain)
    except ModerationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("%(domain)s is off the lists.") % {"domain": domain})
    return HttpResponseRedirect(reverse("moderation_domains"))


# --- Wiring --------------------------------------------------------------------------------------


@hooks.register("register_admin_urls")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def moderation_admin_urls() -> list[Any]:
    return [
        path("moderation/rules/", RulesView.as_view(), name="moderation_rules"),
        path("moderation/rules/<str:rule>/", RuleEditView.as_view(), name="moderation_rule_edit"),
        path("moderation/rules/<str:rule>/reset/", rule_reset, name="moderation_rule_reset"),
        path("moderation/words/", WordListsView.as_view(), name="moderation_words"),
        path("moderation/domains/", LinkDomainsView.as_view(), name="moderation_domains"),
        path("moderation/domains/remove/", link_domain_remove, name="moderation_domain_remove"),
        # str, not slug: an edition's own list is named with a dot ("profanity.fr").
        path("moderation/words/<str:name>/", WordListView.as_view(), name="moderation_word_list"),
        path("moderation/words/<str:name>/<slug:act>/", word_act, name="moderation_word_act"),
    ]


class GuardedMenuItem(MenuItem):  # type: ignore[misc]  # Wagtail: untyped
    def __init__(self, *args: Any, allowed: Allowed, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request: HttpRequest) -> bool:
        return self.allowed(request.user)


@hooks.register(COMMUNITY_MENU_HOOK)  # type: ignore[untyped-decorator]  # Wagtail: untyped
def rules_menu_item() -> MenuItem:
    return GuardedMenuItem(
        gettext_lazy("Standards: rules"),
        reverse("moderation_rules"),
        name="moderation-rules",
        icon_name="cogs",
        order=500,
        allowed=selectors.user_may_change_rules,
    )


@hooks.register(COMMUNITY_MENU_HOOK)  # type: ignore[untyped-decorator]  # Wagtail: untyped
def watched_words_menu_item() -> MenuItem:
    return GuardedMenuItem(
        gettext_lazy("Standards: watched words"),
        reverse("moderation_words"),
        name="moderation-words",
        icon_name="tag",
        order=600,
        allowed=selectors.user_may_change_watched_words,
    )


@hooks.register(COMMUNITY_MENU_HOOK)  # type: ignore[untyped-decorator]  # Wagtail: untyped
def link_domains_menu_item() -> MenuItem:
    return GuardedMenuItem(
        gettext_lazy("Standards: link domains"),
        reverse("moderation_domains"),
        name="moderation-domains",
        icon_name="link",
        order=700,
        allowed=selectors.user_may_change_link_domains,
    )


@hooks.register("register_permissions")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def moderation_permissions() -> Any:
    """Offered in the admin's group editor, so administrators can hand them out."""
    return Permission.objects.filter(
        content_type__app_label="moderation",
        codename__in=["change_rulesetting", "change_watchedword", "change_linkdomain"],
    )


def _values(changes: dict[str, Any]) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, bool):
            return _("on") if value else _("off")
        return _("empty") if value is None else str(value)

    parts = []
    if "enabled" in changes:
        before, after = changes["enabled"]
        parts.append(
            _("enabled: %(before)s → %(after)s") % {"before": shown(before), "after": shown(after)}
        )
    if "action" in changes:
        before, after = changes["action"]
        parts.append(_("action: %(before)s → %(after)s") % {"before": before, "after": after})
    for name, (before, after) in changes.get("options", {}).items():
        parts.append(f"{name}: {shown(before)} → {shown(after)}")
    return "; ".join(parts)


def _entries(items: list[list[str]]) -> str:
    return ", ".join(f"“{item[0]}” ({' → '.join(item[1:])})" for item in items)


@hooks.register("register_log_actions")  # type: ignore[untyped-decorator]  # Wagtail: untyped
def moderation_log_actions(actions: Any) -> None:
    @actions.register_action("moderation.rule_change")
    class RuleChanged(LogFormatter):  # type: ignore[misc]  # Wagtail: untyped
        label = gettext_lazy("Change a moderation rule")

        def format_message(self, log_entry: Any) -> str:
            return _("Rule %(rule)s changed: %(changes)s") % {
                "rule": log_entry.label,
                "changes": _values(log_entry.data.get("changes", {})),
            }

    @actions.register_action("moderation.rule_reset")
    class RuleReset(LogFormatter):  # type: ignore[misc]  # Wagtail: untyped
        label = gettext_lazy("Reset a moderation rule")

        def format_message(self, log_entry: Any) -> str:
            return _("Rule %(rule)s reset to the settings file: %(changes)s") % {
                "rule": log_entry.label,
                "changes": _values(log_entry.data.get("changes", {})),
            }

    @actions.register_action("moderation.domain_change")
    class DomainChanged(LogFormatter):  # type: ignore[misc]  # Wagtail: untyped
        label = gettext_lazy("Change the link domains")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            kinds = dict(LinkDomainKind.choices)
            return _("Link domain %(domain)s: %(before)s → %(after)s") % {
                "domain": data.get("domain", log_entry.label),
                "before": kinds.get(data.get("before", ""), _("not listed")),
                "after": kinds.get(data.get("after", ""), _("not listed")),
            }

    @actions.register_action("moderation.words_change")
    class WordsChanged(LogFormatter):  # type: ignore[misc]  # Wagtail: untyped
        label = gettext_lazy("Change watched words")

        def format_message(self, log_entry: Any) -> str:
            data = log_entry.data
            kinds = [
                ("added", _("added %(entries)s")),
                ("changed", _("changed %(entries)s")),
                ("switched_off", _("switched off %(entries)s")),
                ("removed", _("removed %(entries)s")),
                ("restored", _("restored %(entries)s")),
            ]
            parts = [
                text % {"entries": _entries(data[kind])} for kind, text in kinds if data.get(kind)
            ]
            return _("Watched words (%(list)s): %(changes)s") % {
                "list": data.get("list", log_entry.label),
                "changes": "; ".join(parts),
            }
