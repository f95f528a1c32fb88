"""Log-in through a real OpenID Connect provider in a real browser (acceptance 2, first half).

The provider is a second Django project (oidc_provider/: django-oauth-toolkit, OIDC on, an RSA
key generated here) started in a subprocess on 127.0.0.1 with its own SQLite file. Masthead's
live server knows it only as a SocialApp, as an operator would set it up in the admin. Every
hop is real HTTP: the browser between the two sites, and allauth to the provider (discovery,
token, userinfo). Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.contrib.auth import get_user_model

from masthead.news.tests.conftest import browser_page, screenshot  # noqa: F401  (fixtures)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PROVIDER_ID = "local-idp"
USER_EMAIL = "ana.ferreira@example.org"
USER_PASSWORD = "provider passphrase for ana"


@dataclass(frozen=True)
class Provider:
    url: str
    client_id: str
    client_secret: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def rsa_private_key_pem() -> str:
    """A fresh 2048-bit RSA key: the provider signs its ID tokens with it (RS256)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the OIDC provider stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the OIDC provider did not answer in time:\n{log.read_text()}")


@pytest.fixture
def oidc_provider(live_server, tmp_path) -> Iterator[Provider]:
    """The provider running in its own process, with one user and Masthead as its client."""
    port = free_port()
    provider = Provider(
        url=f"http://127.0.0.1:{port}",
        client_id="masthead-test",
        client_secret=secrets.token_urlsafe(32),
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="masthead.readers.tests.oidc_provider.settings",
        OIDC_PROVIDER_DIR=str(tmp_path),
        OIDC_RSA_PRIVATE_KEY=rsa_private_key_pem(),
        OIDC_PORT=str(port),
        OIDC_CLIENT_ID=provider.client_id,
        OIDC_CLIENT_SECRET=provider.client_secret,
        OIDC_REDIRECT_URI=f"{live_server.url}/account/oidc/{PROVIDER_ID}/login/callback/",
        OIDC_USER_EMAIL=USER_EMAIL,
        OIDC_USER_PASSWORD=USER_PASSWORD,
        OIDC_USER_FIRST_NAME="Ana",
        OIDC_USER_LAST_NAME="Ferreira",
    )
    log = tmp_path / "provider.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "masthead.readers.tests.oidc_provider.run"],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(f"{provider.url}/o/.well-known/openid-configuration", process, log)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def provider_app(oidc_provider) -> SocialApp:
    """Masthead's side: the provider as the operator enters it in the admin."""
    return SocialApp.objects.create(
        provider="openid_connect",
        provider_id=PROVIDER_ID,
        name="Local ID",
        client_id=oidc_provider.client_id,
        secret=oidc_provider.client_secret,
        settings={"server_url": f"{oidc_provider.url}/o"},
    )


def log_in_through_the_provider(page, screenshot, *, step: str, first_time: bool) -> None:  # noqa: F811
    page.goto("/account/login/")
    page.get_by_role("link", name="Local ID").click()
    page.wait_for_url(f"**/account/oidc/{PROVIDER_ID}/login/**")
    screenshot(f"social-{step}-1-continue")
    page.get_by_role("button", name="Continue").click()
    if first_time:
        page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/accounts/login/"))
        page.get_by_label("Username").fill("ana.provider")
        page.get_by_label("Password").fill(USER_PASSWORD)
        screenshot(f"social-{step}-2-provider-log-in")
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/o/authorize/"))
    assert page.get_by_text("Your e-mail address").count() == 1
    screenshot(f"social-{step}-3-provider-consent")
    page.get_by_role("button", name="Authorize").click()


def test_a_reader_logs_in_through_an_openid_connect_provider(
    browser_page,  # noqa: F811
    screenshot,  # noqa: F811
    provider_app,
    home,
):
    """Provider button → provider log-in → consent → sign-up completion → greeted by name."""
    page = browser_page

    log_in_through_the_provider(page, screenshot, step="first", first_time=True)

    page.wait_for_url("**/account/3rdparty/signup/**")
    assert page.get_by_label("Display name").input_value() == "Ana Ferreira"
    page.get_by_label("Display name").fill("Ana from the harbour")
    for box in page.locator("form input[type=checkbox][required]").all():
        box.check()
    screenshot("social-first-4-sign-up-completion")
    page.locator("form").get_by_role("button", name=re.compile("Sign Up", re.I)).click()
    page.get_by_text("Hello, Ana from the harbour!").wait_for()
    assert page.get_by_text("Successfully signed in as Ana from the harbour.").count() == 1
    screenshot("social-first-5-logged-in")

    user = get_user_model().objects.get(email=USER_EMAIL)
    assert user.display_name == "Ana from the harbour"
    assert SocialAccount.objects.get(user=user).provider == PROVIDER_ID
    assert EmailAddress.objects.get(user=user).verified

    page.get_by_text("Hello, Ana from the harbour!").click()
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.wait_for()

    log_in_through_the_provider(page, screenshot, step="again", first_time=False)
    page.get_by_text("Hello, Ana from the harbour!").wait_for()
    screenshot("social-again-4-logged-in")
    assert get_user_model().objects.count() == 1
