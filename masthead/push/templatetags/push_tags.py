"""`{% push_prompt %}`: the soft prompt in the page shell (hidden until static/js/push.js shows it).
`{% push_member_subscriptions %}`: a member's subscriptions on the profile page, each with a
button that removes it.

The markup is the same for every reader of an edition, so the page cache keeps working: what
a reader refused, and when, lives in their browser's localStorage, never in a cookie.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from masthead.push import app_settings
from masthead.push.selectors import push_sections_of_edition, push_subscriptions_of_member

register = template.Library()


@register.inclusion_tag("push/_prompt.html", takes_context=True)
def push_prompt(context: template.Context) -> dict[str, Any]:
    return {
        "site_name": context.get("site_name", ""),
        "delay_seconds": app_settings.prompt_delay_seconds(),
        "refuse_days": app_settings.refuse_days(),
    }


@register.inclusion_tag("push/_member_subscriptions.html", takes_context=True)
def push_member_subscriptions(context: template.Context) -> dict[str, Any]:
    """The member's browsers that get notifications, with what each follows, by name."""
    request = context["request"]
    subscriptions = list(push_subscriptions_of_member(request.user))
    titles: dict[str, str] = {"breaking": str(_("Breaking news"))}
    for language in {subscription.language for subscription in subscriptions}:
        titles.update(dict(push_sections_of_edition(language)))
    rows = []
    for subscription in subscriptions:
        names = [topic.name for topic in subscription.topics.all()]
        stories = sum(1 for name in names if name.startswith("story:"))
        labels = [titles[name] for name in names if name in titles]
        if stories:
            labels.append(
                ngettext("%(count)d story", "%(count)d stories", stories) % {"count": stories}
            )
        rows.append({"subscription": subscription, "topics": labels})
    return {"rows": rows, "csrf_token": context.get("csrf_token")}
