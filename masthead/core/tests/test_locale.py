"""The French edition's catalogue is complete: every string translated, none fuzzy, compiled.

`make messages` gathers the strings of our apps and templates only (it runs inside masthead/,
so Django's, Wagtail's and allauth's own catalogues are not in it) into
masthead/locale/fr/LC_MESSAGES/django.po. A string left untranslated shows in English on the
French edition; a fuzzy one (a guess gettext made from a similar string) is not used at all.
"""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "masthead" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)


def catalogue_entries(text: str) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` ones left out), header included."""
    entries: list[Entry] = []
    entry = Entry()
    key: tuple[str, int] | None = None
    started = False

    def finish() -> None:
        nonlocal entry, started
        if started:
            entries.append(entry)
        entry, started = Entry(), False

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            entry.references += line[2:].split()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key is None:
                raise AssertionError(f"continuation line without a keyword: {raw!r}")
            name, index = key
            if name == "msgstr":
                entry.msgstr[index] += value
            else:
                setattr(entry, name, (getattr(entry, name) or "") + value)
        else:
            keyword, _, quoted = line.partition(" ")
            value = ast.literal_eval(quoted)
            started = True
            if keyword.startswith("msgstr"):
                index = int(keyword[7:-1]) if "[" in keyword else 0
                entry.msgstr[index] = value
                key = ("msgstr", index)
            else:
                setattr(entry, keyword, value)
                key = (keyword, 0)
    finish()
    return entries


def messages() -> list[Entry]:
    return [e for e in catalogue_entries(CATALOGUE.read_text(encoding="utf-8")) if e.msgid]


def label(entry: Entry) -> str:
    where = entry.references[0] if entry.references else "?"
    return f"{entry.msgid!r} ({where})"


def test_the_catalogue_holds_our_strings_only():
    """Every entry comes from our tree (paths relative to masthead/): no third-party strings."""
    foreign = [
        label(e)
        for e in messages()
        if not e.references
        or any(
            ref.startswith(("/", "..")) or "site-packages" in ref or ".venv" in ref
            for ref in e.references
        )
    ]
    assert foreign == []


def test_every_string_has_a_french_translation_and_none_is_fuzzy():
    """No English left on the French edition, no guess that gettext would ignore."""
    entries = messages()

    untranslated = [label(e) for e in entries if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [label(e) for e in entries if "fuzzy" in e.flags]

    assert len(entries) > 500
    assert untranslated == []
    assert fuzzy == []


def test_the_compiled_catalogue_says_what_the_source_says():
    """django.mo was compiled from this django.po (`make messages` does both)."""
    with CATALOGUE.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = []
    for entry in messages():
        if entry.msgid_plural and entry.msgctxt is not None:
            got = translations.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
        elif entry.msgid_plural:
            got = translations.ngettext(entry.msgid, entry.msgid_plural, 1)
        elif entry.msgctxt is not None:
            got = translations.pgettext(entry.msgctxt, entry.msgid)
        else:
            got = translations.gettext(entry.msgid)
        if got != entry.msgstr.get(0):
            stale.append(label(entry))
    assert stale == []
