"""Every edition's catalogue is complete: every string translated, none fuzzy, compiled.

`make messages` gathers the strings of our apps and templates only (it runs inside masthead/,
so Django's, Wagtail's and allauth's own catalogues are not in it) into
masthead/locale/<language>/LC_MESSAGES/django.po for each language. A string left untranslated
shows in English on that edition; a fuzzy one (a guess gettext made from a similar string) is
not used at all.
"""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "masthead" / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
every_catalogue = pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=[path.parts[-3] for path in CATALOGUES]
)


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


def messages(catalogue: Path = FRENCH) -> list[Entry]:
    return [e for e in catalogue_entries(catalogue.read_text(encoding="utf-8")) if e.msgid]


def plural_forms(catalogue: Path) -> int:
    header = catalogue_entries(catalogue.read_text(encoding="utf-8"))[0].msgstr[0]
    return int(header.split("nplurals=", 1)[1].split(";", 1)[0])


def label(entry: Entry) -> str:
    where = entry.references[0] if entry.references else "?"
    return f"{entry.msgid!r} ({where})"


@every_catalogue
def test_the_catalogue_holds_our_strings_only(catalogue):
    """Every entry comes from our tree (paths relative to masthead/): no third-party strings."""
    foreign = [
        label(e)
        for e in messages(catalogue)
        if not e.references
        or any(
            ref.startswith(("/", "..")) or "site-packages" in ref or ".venv" in ref
            for ref in e.references
        )
    ]
    assert foreign == []


def test_there_are_catalogues_for_the_eight_editions():
    assert {path.parts[-3] for path in CATALOGUES} >= {
        "fr",
        "es",
        "ru",
        "de",
        "pt",
        "ar",
        "zh_Hans",
    }


@every_catalogue
def test_every_catalogue_holds_the_strings_the_french_one_does(catalogue):
    """`make messages` refreshes them all at once: a string is never in one language only."""
    keys = {(e.msgctxt, e.msgid) for e in messages(catalogue)}
    assert keys == {(e.msgctxt, e.msgid) for e in messages()}


@every_catalogue
def test_every_string_is_translated_in_every_plural_form_and_none_is_fuzzy(catalogue):
    """No English left on the edition, no guess that gettext would ignore."""
    entries = messages(catalogue)
    forms = plural_forms(catalogue)

    untranslated = [label(e) for e in entries if not e.msgstr or not all(e.msgstr.values())]
    missing_forms = [label(e) for e in entries if e.msgid_plural and len(e.msgstr) != forms]
    fuzzy = [label(e) for e in entries if "fuzzy" in e.flags]

    assert len(entries) > 500
    assert untranslated == []
    assert missing_forms == []
    assert fuzzy == []


@every_catalogue
def test_the_compiled_catalogue_says_what_the_source_says(catalogue):
    """django.mo was compiled from this django.po (`make messages` does both)."""
    with catalogue.with_suffix(".mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)

    stale = []
    for entry in messages(catalogue):
        if entry.msgid_plural:
            for count in (0, 1, 2, 3, 5, 11, 21, 100):
                form = translations.plural(count)  # type: ignore[attr-defined]
                if entry.msgctxt is not None:
                    got = translations.npgettext(
                        entry.msgctxt, entry.msgid, entry.msgid_plural, count
                    )
                else:
                    got = translations.ngettext(entry.msgid, entry.msgid_plural, count)
                if got != entry.msgstr.get(form):
                    stale.append(f"{label(entry)} n={count}")
            continue
        if entry.msgctxt is not None:
            got = translations.pgettext(entry.msgctxt, entry.msgid)
        else:
            got = translations.gettext(entry.msgid)
        if got != entry.msgstr.get(0):
            stale.append(label(entry))
    assert stale == []
