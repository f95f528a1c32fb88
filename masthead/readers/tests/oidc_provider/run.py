"""Prepare and serve the test OpenID Connect provider: `python -m ...oidc_provider.run`.

Environment: DJANGO_SETTINGS_MODULE=masthead.readers.tests.oidc_provider.settings,
OIDC_PROVIDER_DIR, OIDC_RSA_PRIVATE_KEY, and what to register: OIDC_PORT, OIDC_CLIENT_ID,
OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI, OIDC_USER_EMAIL, OIDC_USER_PASSWORD,
OIDC_USER_FIRST_NAME, OIDC_USER_LAST_NAME. Migrates its own SQLite file, creates the user and
the client (confidential, authorization code, RS256, consent asked), then runs Django's
development server on 127.0.0.1 until the test ends it.
"""

from __future__ import annotations

import os

import django
from django.core.management import call_command


def provider_prepare() -> None:
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    call_command("migrate", verbosity=0, interactive=False)
    user = get_user_model().objects.create_user(
        username="ana.provider",
        email=os.environ["OIDC_USER_EMAIL"],
        password=os.environ["OIDC_USER_PASSWORD"],
        first_name=os.environ.get("OIDC_USER_FIRST_NAME", ""),
        last_name=os.environ.get("OIDC_USER_LAST_NAME", ""),
    )
    application_model = get_application_model()
    application_model.objects.create(
        name="Masthead",
        user=user,
        client_id=os.environ["OIDC_CLIENT_ID"],
        client_secret=os.environ["OIDC_CLIENT_SECRET"],
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_REDIRECT_URI"],
        algorithm=application_model.RS256_ALGORITHM,
        skip_authorization=False,
    )


def main() -> None:
    django.setup()
    provider_prepare()
    call_command(
        "runserver", f"127.0.0.1:{os.environ['OIDC_PORT']}", use_reloader=False, verbosity=0
    )


if __name__ == "__main__":
    main()
