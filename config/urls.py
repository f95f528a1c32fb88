"""URL wiring: admin, reader-facing views, then Wagtail's page tree (per language edition)."""

from allauth.urls import build_provider_urlpatterns
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.views import serve as wagtaildocs_serve

from masthead.core.media import media_serve
from masthead.news import views as news_views
from masthead.push import views as push_views
from masthead.readers import views as reader_views
from masthead.readers.views import consent as consent_views
from masthead.search import views as search_views

urlpatterns = [
    path("admin/login/", reader_views.admin_login_redirect, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    # The social networks' log-in and callback routes stay unprefixed: a provider knows one
    # callback address, whichever edition the reader started from.
    path("account/", include(build_provider_urlpatterns())),
    # Wagtail's public routes that take ids, declared again with the bounded converter in
    # front of Wagtail's own (same names): an id past 64 bits is a 404, not a 500.
    path(
        "documents/<int64:document_id>/<path:document_filename>",
        wagtaildocs_serve.serve,
        name="wagtaildocs_serve",
    ),
    path(
        "documents/<int64:document_id>/",
        wagtaildocs_serve.serve,
        {"document_filename": ""},
    ),
    path(
        "documents/authenticate_with_password/<int64:restriction_id>/",
        wagtaildocs_serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("s/<str:code>", news_views.short_link, name="short_link"),
    path("sitemap.xml", news_views.sitemap_index, name="sitemap_index"),
    path(
        "sitemap-articles-<int64:chunk>.xml", news_views.sitemap_articles, name="sitemap_articles"
    ),
    path("news-sitemap.xml", news_views.news_sitemap, name="news_sitemap"),
    path("robots.txt", news_views.robots_txt, name="robots_txt"),
    # Push: the service worker must come from the root to control every page.
    path("push/", include("masthead.push.urls")),
    path("sw.js", push_views.service_worker, name="push_service_worker"),
    path("manifest.webmanifest", push_views.manifest, name="push_manifest"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", media_serve),
    ]

# The account pages in each edition's language: /account/… for English, /fr/account/… in French.
account_pages: list[URLPattern | URLResolver] = [
    path("", include("masthead.readers.urls")),
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    path("sessions/", include("allauth.usersessions.urls")),
]

urlpatterns += i18n_patterns(
    path("account/", include(account_pages)),
    path("search/", search_views.search, name="search"),
    path("radio/", include("masthead.live.urls")),
    path("notifications/", push_views.settings_page, name="push_settings"),
    path("comments/", include("masthead.comments.urls")),
    # In each edition's language: a member reading /fr/ meets the gate in French.
    path("account/consent/", consent_views.consent, name="readers_consent"),
    path("legal/<slug:kind>/", consent_views.legal_document, name="legal_document"),
    path(
        "legal/<slug:kind>/<int64:number>/",
        consent_views.legal_document_version,
        name="legal_document_version",
    ),
    path(
        "_util/authenticate_with_password/<int64:page_view_restriction_id>/<int64:page_id>/",
        wagtail_views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "masthead.core.views.page_not_found"
handler500 = "masthead.core.views.server_error"
handler400 = "masthead.core.views.bad_request"
