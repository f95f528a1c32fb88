"""Measure the language rule (not a test): identification on Tatoeba, editions, memory.

    .venv/bin/python bench/moderation_eval_language.py [--data PATH] [--limit N] [--no-memory]

`bench/moderation_eval.py` prints the same tables (`section_language`). On Tatoeba's test set
less the sentences also in its training files (our n-gram model's training side,
`train_language.tatoeba_training_ids`), with the rule as the site's editions configure it:

- texts of 20 characters or more: accuracy over all ten languages with no verdict counted as
  wrong (the target: at least 0.98), coverage, lingua alone, the rule's decision per edition;
- shorter texts, by script: how many reach the floor (4 Han, kana or Hangul characters, or 10
  characters in other scripts), the share of those given a verdict, and its accuracy;
- per language, and the confusions.

Then the editions: the clean rows of the multilingual sets (`../shared/data/multilingual/`,
read only), each judged on its own language's edition (the share held is the rule's false
holds) and on the English one (the share held should be all), with the precise candidates of
a site with all eight editions. Then the resident memory of a fresh process that prepares the
rule, for the former candidates (18 languages, all precise), the configured editions' and the
eight editions' (each in its own process, so nothing else is counted).
"""

# ruff: noqa: E501 (the table rows are long strings)

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from masthead.moderation.app_settings import edition_languages  # noqa: E402
from masthead.moderation.classifiers import datasets  # noqa: E402
from masthead.moderation.classifiers.language import (  # noqa: E402
    cjk_count,
    language_candidates,
    main_script,
)
from masthead.moderation.classifiers.train_language import tatoeba_training_ids  # noqa: E402
from masthead.moderation.rules.language import LanguageRule  # noqa: E402
from masthead.moderation.submission import ArticleContext, Submission  # noqa: E402

ISO3_TO_1 = {
    "eng": "en", "fra": "fr", "spa": "es", "por": "pt", "ita": "it", "cat": "ca", "glg": "gl",
    "cmn": "zh", "jpn": "ja", "kor": "ko",
}  # fmt: skip
EIGHT_EDITIONS = ("en", "fr", "es", "ru", "de", "pt", "ar", "zh")
# The candidates before this change: every one precise, no broad detector.
FORMER_LANGUAGES = "en fr de es pt it nl pl ru uk ar zh ja ko tr ca sv ro"
# Multilingual sets with clean rows, and their language (evaluation only: nothing trains here).
EDITION_SETS = (
    ("ru_2ch_pikabu", "ru"),
    ("ar_osact2020", "ar"),
    ("ar_lhsab", "ar"),
    ("ar_mlma", "ar"),
    ("zh_cold", "zh"),
    ("de_germeval2018", "de"),
    ("de_germeval2021", "de"),
    ("fr_mlma", "fr"),
    ("es_hateval2019", "es"),
    ("pt_hatebr", "pt"),
    ("pt_toldbr", "pt"),
)
LONG = 20


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def script_name(text: str) -> str:
    return "CJK" if cjk_count(text) else main_script(text).capitalize()


def section_language(root: Path, limit: int | None = None) -> list[str]:
    """Tatoeba: accuracy on texts of 20 characters or more, short texts by script, per
    language; the rule's decisions per edition."""
    rule = LanguageRule()
    rule.prepare()
    lingua_alone = LanguageRule(model="")
    lingua_alone.prepare()
    training_ids = tatoeba_training_ids(root)
    everything = list(datasets.tatoeba(root))
    rows = [row for row in everything if row.extra["id"] not in training_ids][:limit]
    # per language: long rows, long verdicts, long right, long right by lingua alone,
    # short rows reaching the floor, short verdicts, short right
    per_language: dict[str, list[int]] = defaultdict(lambda: [0] * 7)
    per_script: dict[str, list[int]] = defaultdict(lambda: [0] * 4)  # short, floor, verdicts, right
    confusions: Counter[tuple[str, str]] = Counter()
    decisions = {edition: [0, 0] for edition in ("en", "fr", "es", "pt")}
    started = time.process_time()
    judged = 0
    for row in rows:
        expected = ISO3_TO_1[row.label]
        found = rule.detect(row.text)
        judged += 1
        counts = per_language[expected]
        if len(row.text) >= LONG:
            counts[0] += 1
            counts[1] += int(found is not None)
            counts[2] += int(found == expected)
            counts[3] += int(lingua_alone.detect(row.text) == expected)
            if found != expected:
                confusions[(expected, found or "no verdict")] += 1
        else:
            script = per_script[script_name(row.text)]
            script[0] += 1
            if rule.reaches_floor(rule.sample(row.text)):
                script[1] += 1
                script[2] += int(found is not None)
                script[3] += int(found == expected)
                counts[4] += 1
                counts[5] += int(found is not None)
                counts[6] += int(found == expected)
        for edition in decisions:
            article = ArticleContext(language=edition)
            hit = rule.evaluate(
                Submission(text=row.text, article=article, edition_language=edition)
            )
            decisions[edition][0] += 1
            decisions[edition][1] += int((hit is not None) == (expected != edition))
    elapsed = (time.process_time() - started) / max(1, judged) * 1000

    def totals(languages: list[str], columns: range) -> list[int]:
        return [sum(per_language[k][i] for k in languages) for i in columns]

    all_long = totals(list(per_language), range(4))
    known_long = totals([k for k in per_language if k != "gl"], range(4))
    long_rows = all_long[0]
    lines = [
        "\n### Language (Tatoeba test set: the language rule as the editions configure it)\n",
        f"{len(rows)} test sentences ({len(everything) - len(rows)} left out: also in the "
        f"training files of `classifiers/train_language.py`); {long_rows} of 20 characters or "
        f"more. Editions {', '.join(edition_languages())}: precise candidates `{rule.languages}` "
        f"(lingua, high accuracy, with the Galician n-gram model), broad `{rule.options['broad_languages']}` "
        "(low accuracy, other scripts).\n",
        "| texts of 20 characters or more | all 10 languages | the 9 lingua knows (no Galician) |",
        "|---|---|---|",
        f"| **accuracy, no verdict counted as wrong** (target >= 0.98) | {share(all_long[2], all_long[0])} | {share(known_long[2], known_long[0])} |",
        f"| accuracy on the verdicts given | {share(all_long[2], all_long[1])} | {share(known_long[2], known_long[1])} |",
        f"| texts given a verdict (coverage) | {share(all_long[1], all_long[0])} | {share(known_long[1], known_long[0])} |",
        f"| lingua alone (no n-gram model), no verdict counted as wrong | {share(all_long[3], all_long[0])} | {share(known_long[3], known_long[0])} |",
    ]
    for edition, (n, correct) in decisions.items():
        lines.append(
            f"| the rule's decision on every text (held iff not the edition's language), edition `{edition}` | {share(correct, n)} | |"
        )
    lines += [
        f"| CPU time per text (identification and two decisions) | {elapsed:.2f} ms | |",
        "\nTexts shorter than 20 characters, by script: the floor is 4 Han, kana or Hangul "
        "characters, or 10 characters in other scripts (without links, mentions, emoji, numbers).\n",
        "| script | texts < 20 characters | reaching the floor | given a verdict | accuracy, no verdict counted as wrong | accuracy on the verdicts |",
        "|---|---|---|---|---|---|",
    ]
    for script, (n, floor, verdicts, right) in sorted(per_script.items()):
        lines.append(
            f"| {script} | {n} | {floor} | {share(verdicts, floor)} | {share(right, floor)} | {share(right, verdicts)} |"
        )
    lines += [
        "\n| language | texts >= 20 characters | accuracy | verdicts | lingua alone | short texts reaching the floor | given a verdict | accuracy (no verdict wrong) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for language, (n, verdicts, right, alone, short, short_verdicts, short_right) in sorted(
        per_language.items()
    ):
        lines.append(
            f"| {language} | {n} | {share(right, n)} | {verdicts} | {share(alone, n)} | {short} | {share(short_verdicts, short)} | {share(short_right, short)} |"
        )
    lines.append(
        "\nConfusions at 20 characters or more (expected → found: count): "
        + (", ".join(f"{a} → {b}: {n}" for (a, b), n in confusions.most_common()) or "none")
    )
    return lines


def section_editions(root: Path, limit: int | None = None) -> list[str]:
    """Clean comments of the multilingual sets on their own edition and on the English one."""
    candidates = language_candidates(EIGHT_EDITIONS)
    rule = LanguageRule(languages=candidates)
    rule.prepare()
    lines = [
        "\n### Language rule on the editions (clean rows of the multilingual sets)\n",
        f"Eight editions ({', '.join(EIGHT_EDITIONS)}): precise candidates `{candidates}`. "
        "Up to 600 clean rows per set (seeded sample). Held on its own edition: the rule's "
        "false holds; held on the English edition: should be all (a row may be too short, "
        "or written in Latin letters).\n",
        "| set | rows | held on its own edition | named instead | held on the English edition |",
        "|---|---|---|---|---|",
    ]
    for name, language in EDITION_SETS:
        path = root / "multilingual" / name / "data.csv"
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as f:
            texts = [row["text"] for row in csv.DictReader(f) if row["label"] == "clean"]
        random.Random(20240404).shuffle(texts)
        texts = texts[: limit or 600]
        own = english = 0
        named: Counter[str] = Counter()
        for text in texts:
            article = ArticleContext(language=language)
            hit = rule.evaluate(Submission(text=text, article=article, edition_language=language))
            if hit is not None:
                own += 1
                named[str(hit.evidence.details["language"])] += 1
            english_article = ArticleContext(language="en")
            english += (
                rule.evaluate(Submission(text=text, article=english_article, edition_language="en"))
                is not None
            )
        lines.append(
            f"| {name} ({language}) | {len(texts)} | {share(own, len(texts))} | "
            f"{', '.join(f'{k} {n}' for k, n in named.most_common()) or '-'} | {share(english, len(texts))} |"
        )
    return lines


_MEMORY_PROBE = """
import ctypes, os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
import django
django.setup()
from masthead.moderation.rules.language import LanguageRule
def rss():
    with open("/proc/self/status") as f:
        return int(f.read().split("VmRSS:")[1].split()[0]) / 1024
options = eval(sys.argv[1])
rule = LanguageRule(**options)
before = rss()
started = time.perf_counter()
rule.prepare()
seconds, after = time.perf_counter() - started, rss()
ctypes.CDLL("libc.so.6").malloc_trim(0)  # what stays once the loaders' buffers are returned
print(f"{before:.0f} {after:.0f} {rss():.0f} {seconds:.1f}")
"""


def section_memory() -> list[str]:
    """Resident memory of a fresh process before and after preparing the rule."""
    configurations = [
        (
            "former: 18 languages, all precise",
            {"languages": FORMER_LANGUAGES, "broad_languages": ""},
        ),
        (f"configured editions ({', '.join(edition_languages())})", {}),
        ("eight editions", {"languages": language_candidates(EIGHT_EDITIONS)}),
    ]
    lines = [
        "\n### Language rule: resident memory of a fresh process\n",
        "Resident memory varies by some tens of MB from run to run (the models load on several "
        "threads); after `malloc_trim` (the loaders' buffers returned) it is steadier.\n",
        "| candidates | precise languages | RSS before prepare | after | the rule's share | after malloc_trim: the rule's share | prepare time |",
        "|---|---|---|---|---|---|---|",
    ]
    root = Path(__file__).resolve().parent.parent
    for label, options in configurations:
        output = subprocess.run(
            [sys.executable, "-c", _MEMORY_PROBE, repr(options)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        before, after, trimmed, seconds = (float(value) for value in output[:4])
        languages = options.get("languages") or language_candidates(edition_languages())
        lines.append(
            f"| {label} | {len(str(languages).split())} | {before:.0f} MB | {after:.0f} MB | "
            f"**{after - before:.0f} MB** | {trimmed - before:.0f} MB | {seconds:.1f} s |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=datasets.data_dir())
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-memory", action="store_true", help="skip the memory table")
    args = parser.parse_args()
    if not (args.data / "langid_tatoeba_tatodet").is_dir():
        print(f"No Tatoeba language data under {args.data}.", file=sys.stderr)
        return 1
    lines = section_language(args.data, args.limit)
    lines += section_editions(args.data, args.limit)
    if not args.no_memory:
        lines += section_memory()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
