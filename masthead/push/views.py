"""Reader-facing push routes: subscribe, unsubscribe, topics, click, the settings page, the
service worker, the manifest.

The page shell's script (static/js/push.js) first GETs /push/subscribe/ for the VAPID public
key and a CSRF token (the pages themselves may come from the page cache, which holds no
token), asks the browser for permission and a subscription only after the reader chose
Accept, then POSTs it as JSON with the token. The service worker (`/sw.js`, from the site
root so that its scope is the whole site) shows each push and reports its click.

`topics` reads and changes what one browser follows (the "Follow this story" button and the
settings page, `/notifications/` in each edition); the endpoint in the body is the
credential, as for unsubscribing. Members also see and remove their subscriptions in their
profile (`member_subscription_delete`).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .errors import PushError
from .vapid import vapid_key_current

BODY_MAX_BYTES = 8192


def _json_body(request: HttpRequest) -> dict[str, Any] | None:
    if len(request.body) > BODY_MAX_BYTES:
        return None
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _error(message: str, status: int = 400, code: str = "invalid") -> JsonResponse:
    return JsonResponse({"error": code, "message": message}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> JsonResponse:
    """GET: the VAPID public key and a CSRF token. POST: store the browser's subscription."""
    if request.method == "GET":
        return JsonResponse(
            {"publicKey": vapid_key_current().public_key, "csrfToken": get_token(request)}
        )
    data = _json_body(request)
    if data is None:
        return _error(_("The subscription must be a JSON object of at most 8 KB."))
    keys = data.get("keys")
    if not isinstance(keys, dict):
        keys = {}
    topics = data.get("topics", ["breaking"])
    merge = data.get("merge") is True
    language = str(data.get("language") or settings.LANGUAGE_CODE)
    if language not in {code for code, _name in settings.LANGUAGES}:
        return _error(_("Unknown edition."), code="language")
    if not isinstance(topics, list) or not all(isinstance(topic, str) for topic in topics):
        return _error(_("Topics must be a list of names."), code="topic_invalid")
    try:
        subscription = services.push_subscription_save(
            endpoint=str(data.get("endpoint") or ""),
            p256dh=str(keys.get("p256dh") or ""),
            auth=str(keys.get("auth") or ""),
            language=language,
            topics=topics,
            member=request.user if request.user.is_authenticated else None,
            merge_topics=merge,
        )
    except PushError as error:
        return _error(error.message, code=error.code)
    return JsonResponse(
        {"subscribed": True, "topics": sorted(subscription.topics.values_list("name", flat=True))},
        status=201,
    )


def _names(value: Any) -> list[str] | None:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return value
    return None


@never_cache
@require_POST
def topics(request: HttpRequest) -> JsonResponse:
    """What this browser follows, after following and unfollowing the topics sent.

    Body: {"endpoint": ..., "follow": [...], "unfollow": [...]} (both lists optional: without
    them it only reads). Answers {"topics": [...], "stories": [{topic, title, url}]}, or 404
    with code `subscription_unknown` when the endpoint is not stored here.
    """
    data = _json_body(request)
    if data is None or not isinstance(data.get("endpoint"), str):
        return _error(_("Send the subscription's endpoint as JSON."))
    follow, unfollow = _names(data.get("follow")), _names(data.get("unfollow"))
    if follow is None or unfollow is None:
        return _error(_("Topics must be a list of names."), code="topic_invalid")
    try:
        if follow or unfollow:
            services.push_subscription_topics_change(
                endpoint=data["endpoint"], follow=follow, unfollow=unfollow
            )
        names = selectors.push_subscription_topics(data["endpoint"])
        if names is None:
            raise PushError("subscription_unknown")
    except PushError as error:
        status = 404 if error.code == "subscription_unknown" else 400
        return _error(error.message, status=status, code=error.code)
    stories = [
        {"topic": story.topic, "title": story.title, "url": story.url}
        for story in selectors.push_followed_stories(names)
    ]
    return JsonResponse({"topics": names, "stories": stories})


@require_GET
def settings_page(request: HttpRequest) -> HttpResponse:
    """The notification settings of this browser, in the edition's language.

    The page is the same for everyone (it may be cached): the script reads this browser's
    subscription and fills in what it follows. Linked from every notification and the prompt.
    """
    language = get_language() or settings.LANGUAGE_CODE
    return render(
        request,
        "push/settings.html",
        {"sections": selectors.push_sections_of_edition(language), "language": language},
    )


@login_required
@require_POST
def member_subscription_delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    """A member removes one of their browsers' subscriptions from the profile page."""
    if services.push_subscription_delete_of_member(
        member=request.user,  # type: ignore[arg-type]
        subscription_id=subscription_id,
    ):
        messages.success(request, _("That browser will get no more notifications from us."))
    else:
        messages.warning(request, _("That subscription was already removed."))
    return HttpResponseRedirect(reverse("readers_profile") + "#notifications")


@never_cache
@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    """Forget the subscription whose endpoint the browser sends (one click)."""
    data = _json_body(request)
    if data is None or not isinstance(data.get("endpoint"), str):
        return _error(_("Send the subscription's endpoint as JSON."))
    return JsonResponse(
        {"unsubscribed": services.push_subscription_delete(endpoint=data["endpoint"])}
    )


@csrf_exempt  # the service worker has no page and no token; the signed URL is the credential
@require_POST
def click(request: HttpRequest, delivery_id: int, token: str) -> HttpResponse:
    """The service worker reports that the reader opened the notification."""
    if not services.push_delivery_click(delivery_id=delivery_id, token=token):
        return HttpResponse(status=404)
    return HttpResponse(status=204)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the site root so that it may control every page."""
    path = finders.find("js/push-sw.js")
    assert isinstance(path, str), "static/js/push-sw.js is part of the push app"
    with open(path, encoding="utf-8") as source:
        response = HttpResponse(source.read(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: Safari on iOS subscribes only from a home-screen app."""
    name = str(getattr(settings, "WAGTAIL_SITE_NAME", "Masthead"))
    body = {
        "name": name,
        "short_name": name[:12],
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#bb1919",
        "icons": [{"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = HttpResponse(json.dumps(body), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response
