"""The French edition's account pages and mails are French, and name the site, not its host.

From /fr/ the "Register" link led to /account/signup/ in English (/fr/account/signup/ was a
404), and allauth's mails began "Hello from 127.0.0.1:8000!" in English whatever the reader's
language.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from wagtail.models import Locale

from .captcha_solver import captcha_solution
from .personas import reader_create

pytestmark = pytest.mark.django_db

PASSWORD = "a long harbour passphrase"


@pytest.fixture
def french_home(home):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    copy = home.copy_for_translation(french)
    copy.save_revision().publish()
    return copy


def test_the_french_edition_links_to_french_account_pages(client, french_home):
    """/fr/ offers /fr/account/…, and those pages answer in French."""
    html = client.get("/fr/").content.decode()
    assert "/fr/account/signup/?next=/fr/" in html
    assert "/fr/account/login/?next=/fr/" in html

    for path in ("/fr/account/signup/", "/fr/account/login/", "/fr/account/password/reset/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="fr"' in response.content.decode(), path


def test_a_reader_registering_in_french_gets_the_confirmation_in_french_from_the_site(
    client, french_home, settings
):
    """Signing up from /fr/ sends a French mail that greets from the site's name."""
    settings.WAGTAIL_SITE_NAME = "Masthead"
    response = client.post(
        "/fr/account/signup/",
        {
            "email": "lea@example.org",
            "display_name": "Léa M",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "captcha": captcha_solution(client),
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="lea@example.org").exists()

    message = mail.outbox[-1]
    assert message.body.startswith("Bonjour, c'est Masthead !"), message.body
    assert "testserver !" not in message.body
    assert "/fr/account/confirm-email/" in message.body


def test_a_member_gets_account_mail_in_the_language_of_their_profile(client, home, settings):
    """A member who chose French gets the password-reset mail in French, even from /."""
    reader_create(email="lea@example.org", display_name="Léa M", language="fr")

    client.post(
        "/account/password/reset/",
        {"email": "lea@example.org", "captcha": captcha_solution(client)},
    )

    message = mail.outbox[-1]
    assert message.body.startswith("Bonjour, c'est Masthead !"), message.body
