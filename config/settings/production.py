"""Production settings: everything from the environment, refusing to start when misconfigured."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
SECRET_KEY = os.environ["SECRET_KEY"]
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
# Every absolute URL (links in pages, feeds, e-mails) is built on it: no guessing in production.
if not os.environ.get("BASE_URL"):
    raise ImproperlyConfigured("BASE_URL must be set in production (https://news.example.org).")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Cookies (OWASP ASVS 5.0, V3): the `__Host-` prefix makes the browser refuse any cookie of
# that name unless it is Secure, has Path=/ and no Domain, so neither a sibling sub-domain nor
# plain HTTP can plant or overwrite it. HttpOnly keeps scripts away; SameSite=Lax keeps the
# cookie off cross-site POSTs while links from elsewhere still arrive logged in.
SESSION_COOKIE_NAME = "__Host-sessionid"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_DOMAIN = None
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_DOMAIN = None
CSRF_COOKIE_PATH = "/"
LANGUAGE_COOKIE_NAME = "__Host-language"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_DOMAIN = None
LANGUAGE_COOKIE_PATH = "/"
# Messages ("You have signed out."): Django's storage sets its cookie with the session
# cookie's attributes (Secure, HttpOnly, SameSite, no Domain); only the name needs saying.
MASTHEAD_MESSAGES_COOKIE_NAME = "__Host-messages"
# allauth's "trust this browser" cookie after a second factor, should it be switched on.
MFA_TRUST_COOKIE_NAME = "__Host-mfa_trusted"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
