"""A second, separate Django project: an OpenID Connect provider (django-oauth-toolkit).

The social log-in browser test (../test_social_oidc_browser.py) starts it in a subprocess on
127.0.0.1, so Masthead's allauth talks real HTTP to a real provider: discovery, the
authorization page, the token endpoint, the signing keys and userinfo. Nothing is mocked.

`run.py` prepares it (migrations into its own SQLite file, a user, a registered client) and
serves it; `settings.py` reads everything test-specific from environment variables, including
the RSA signing key the test generates.
"""
