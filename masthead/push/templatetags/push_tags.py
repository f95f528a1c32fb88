"""`{% push_prompt %}`: the soft prompt in the page shell (hidden until static/js/push.js shows it).

The markup is the same for every reader of an edition, so the page cache keeps working: what
a reader refused, and when, lives in their browser's localStorage, never in a cookie.
"""

from __future__ import annotations

from typing import Any

from django import template

from masthead.push import app_settings

register = template.Library()


@register.inclusion_tag("push/_prompt.html", takes_context=True)
def push_prompt(context: template.Context) -> dict[str, Any]:
    return {
        "site_name": context.get("site_name", ""),
        "delay_seconds": app_settings.prompt_delay_seconds(),
        "refuse_days": app_settings.refuse_days(),
    }
