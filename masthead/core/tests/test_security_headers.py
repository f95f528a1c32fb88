"""Every response carries the Content-Security-Policy and the browser policies, hit or miss."""

from __future__ import annotations

from typing import cast

import pytest
from django.http import HttpResponse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def test_site_pages_get_the_strict_policy_on_a_miss_a_hit_and_a_404(client, article_factory):
    """No unsafe source for scripts, nothing by default, no plugins, framing or base change."""
    story = article_factory(title="Harbour reopens")
    for response in (client.get(story.url), client.get(story.url), client.get("/no-such-page/")):
        policy = directives(response)
        assert policy["default-src"] == ["'none'"]
        assert policy["script-src"][0] == "'self'"
        assert not {"'unsafe-inline'", "'unsafe-eval'", "data:", "https:", "*"} & set(
            policy["script-src"] + policy["style-src"]
        )
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_the_admin_has_its_own_documented_policy(admin_client):
    """Wagtail's admin needs inline scripts: allowed there, and there only, with no nonce."""
    policy = directives(admin_client.get("/admin/"))
    assert "'unsafe-inline'" in policy["script-src"]
    assert not any(source.startswith("'nonce-") for source in policy["script-src"])
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_account_pages_let_a_social_log_in_leave_for_its_provider(client):
    """The log-in form's redirect to the provider is a form-action: HTTPS allowed there."""
    policy = directives(client.get("/account/login/"))
    assert policy["form-action"] == ["'self'", "https:"]
    assert policy["default-src"] == ["'none'"]


def test_a_nonce_used_by_a_page_is_fresh_on_every_answer(rf):
    """The nonce a template reads goes into the header, and differs from one request to the next."""
    from masthead.core.security_headers import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = ContentSecurityPolicyMiddleware(view)
    first, second = (cast(HttpResponse, middleware(rf.get("/"))) for _ in range(2))
    nonces = [directives(r)["script-src"][-1] for r in (first, second)]
    assert nonces[0] != nonces[1] and all(n.startswith("'nonce-") for n in nonces)
    assert nonces[0].strip("'").removeprefix("nonce-") in first.content.decode()


def test_an_identity_server_on_plain_http_is_named_in_the_account_pages_form_action(client):
    """A local OpenID Connect server (http://) set up in the admin is allowed by its origin."""
    from allauth.socialaccount.models import SocialApp

    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="local",
        name="Local ID",
        client_id="masthead",
        settings={"server_url": "http://127.0.0.1:8999/o"},
    )
    policy = directives(client.get("/account/login/"))
    assert policy["form-action"] == ["'self'", "https:", "http://127.0.0.1:8999"]
    assert "http:" not in policy["form-action"]


def test_the_policy_is_built_once_per_process_not_on_every_answer(
    client, article_factory, monkeypatch
):
    """django-csp built both headers from the settings on every response: a quarter of a
    page-cache hit's time. Built once, the header is the same."""
    from masthead.core import security_headers

    built = []
    real_build_policy = security_headers.build_policy

    def counting_build_policy(**kwargs):
        built.append(kwargs)
        return real_build_policy(**kwargs)

    monkeypatch.setattr(security_headers, "build_policy", counting_build_policy)
    security_headers._policy_texts.clear()
    story = article_factory(title="Harbour reopens")

    first = client.get(story.url)
    built_for_the_first = len(built)
    second = client.get(story.url)

    assert built_for_the_first == 2  # the policy and the (empty) report-only one
    assert len(built) == built_for_the_first
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


@pytest.mark.parametrize(
    "parts",
    [
        {},
        {"nonce": "bm9uY2Ugb25l"},
        {"update": {"media-src": ["https://radio.example"]}, "nonce": "bm9uY2UgdHdv"},
        {"replace": {"form-action": ["'self'", "https:"]}},
        {"config": {"default-src": ["'self'"], "script-src": {"'self'", "https://a.example"}}},
    ],
)
def test_a_policy_built_once_is_the_one_django_csp_builds(parts):
    """Nonce, update, replace and config: the text matches django-csp's for the same parts."""
    from csp.middleware import PolicyParts
    from csp.utils import build_policy

    from masthead.core.security_headers import policy_text

    for report_only in (False, True):
        for _ in range(2):  # built, then from the process's copy
            assert policy_text(PolicyParts(**parts), report_only=report_only) == build_policy(
                **parts, report_only=report_only
            )


def test_a_changed_setting_changes_the_policy(client, home, settings):
    """Texts built once are dropped when the site's policy setting changes."""
    client.get("/")
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"]}}

    response = client.get("/search/?q=harbour")

    assert directives(response)["default-src"] == ["'self'"]
