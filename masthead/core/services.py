"""Writes of the core app: the Wagtail Site follows the public origin.

`site_follow_origin` runs after every `migrate` (apps.py) and when `bin/serve` starts
(`manage.py site_follow_origin`), so the Site's hostname and port, from which Wagtail builds
pages' full URLs (canonical, og:url, hreflang, sitemaps), are the ones BASE_URL names.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

from .origin import origin_parse, public_origin


def site_follow_origin(*, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Give the default Site the origin's hostname and port; True when it changed.

    Saved through the model, so Wagtail's cached site root paths and ours are dropped.
    """
    from wagtail.models import Site

    origin = origin_parse(public_origin())
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (origin.hostname, origin.port):
        return False
    site.hostname, site.port = origin.hostname, origin.port
    site.save(using=using, update_fields=["hostname", "port"])
    return True
