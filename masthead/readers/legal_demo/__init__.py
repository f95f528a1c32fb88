"""The demo site's first privacy policy and terms of use, in every edition's language.

Called by `manage.py seed` (masthead/news/management/commands/seed.py). Published through
Wagtail's own APIs, as an editor would, so each document gets its version 1 and each edition
its translation (the texts: `texts.py`). Idempotent: a site that has legal documents is left
alone, since a translation must say what the operator's own text of record says. A site
operator replaces these texts with their own in the admin (Privacy & terms).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale

from ..models import LegalDocument
from .texts import DOCUMENTS


@transaction.atomic
def legal_documents_demo_load(*, log: Callable[[str], Any] = print) -> int:
    """Publish version 1 of the privacy policy and the terms, then their translations.

    One translation per edition whose language has texts (`texts.DOCUMENTS`), published like
    the original (its own version 1). Each goes through Wagtail's revisions and `published`
    signal, so the versions are frozen as the admin freezes them: a bulk insert would skip
    that (sixteen publications take about half a second; only the seed and one test run it).
    """
    if LegalDocument.objects.exists():
        log("Legal documents exist already: the demo's are not loaded again.")
        return 0
    default = Locale.get_default()
    originals = DOCUMENTS.get(default.language_code, DOCUMENTS["en"])
    languages = [
        code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code in DOCUMENTS and code != default.language_code
    ]
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in languages}
    published = 0
    for kind, (title, body) in originals.items():
        source = LegalDocument(
            kind=kind,
            locale=default,
            title=title,
            body=_compact(body),
            requires_consent=True,
            live=False,
        )
        source.save()
        source.save_revision().publish()
        published += 1
        for language in languages:
            text = DOCUMENTS[language][kind]
            translation = source.copy_for_translation(locales[language])
            translation.title, translation.body = text.title, _compact(text.body)
            translation.live, translation.live_revision = False, None
            translation.save()
            translation.save_revision().publish()
            published += 1
    log(
        f"Legal documents: {published} published (privacy policy and terms in "
        f"{', '.join([default.language_code, *languages])})."
    )
    return published


def _compact(html: str) -> str:
    """The texts wrap for reading in `texts.py`; the stored rich text keeps one line per block.

    A line break becomes a space, except between two wide (Chinese) characters: Chinese writes
    no space between words.
    """
    text = ""
    for line in html.splitlines():
        line = line.strip()
        if not line:
            continue
        if text and not (_is_wide(text[-1]) and _is_wide(line[0])):
            text += " "
        text += line
    return text.replace("> <", "><")


def _is_wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in ("W", "F")
