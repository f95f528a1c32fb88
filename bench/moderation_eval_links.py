"""Clean comments with links, and malware links, through the whole default pipeline (not a test).

    .venv/bin/python bench/moderation_eval_links.py [--data PATH] [--limit N]

Citing a source is normal in news discussion, so a link must not make a comment spam. This
builds clean comments from the Tranco list of popular domains (`../shared/data/malicious_urls`)
placed into neutral news-discussion sentences (`TEMPLATES`, our own: citing reports, agencies,
papers, data), each domain in one template and one link shape, and runs them through
`submission_moderate` with the default rules, English edition, a new-ish reader with no record
(no premoderation, no recent comments). The same templates carry every URLhaus URL, with the
malware blocklist imported from URLhaus as an operator would: all of them must be rejected.
`bench/moderation_eval.py` prints this row at its end (`section_links`).
"""

# ruff: noqa: E501 (the table rows are long strings)

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from masthead.moderation import app_settings  # noqa: E402
from masthead.moderation.blocklist import blocklist_entries_from_urls, blocklist_write  # noqa: E402
from masthead.moderation.classifiers import datasets  # noqa: E402
from masthead.moderation.pipeline import (  # noqa: E402
    ConfiguredRule,
    moderation_warm_up,
    rules_build,
    submission_moderate,
)
from masthead.moderation.reasons import Verdict  # noqa: E402
from masthead.moderation.submission import ArticleContext, Submission  # noqa: E402

CLEAN_COMMENTS = 6000  # Tranco's most popular domains, one comment each
TEMPLATES = (
    "The council's full report is at {url} if anyone wants to read it.",
    "The weather agency's own bulletin has the updated track: {url}",
    "For context, the original study is here: {url}",
    "The figures in the article come from the statistics office ({url}), table 4.",
    "I checked the source and the quote is accurate, see {url}",
    "The court published the full judgment at {url} for anyone who wants the detail.",
    "According to the ministry's data ({url}), unemployment fell again last quarter.",
    "The paper was peer reviewed; the journal's page is {url}",
    "There is a good explainer on the history of the dispute at {url}",
    "Here is the transcript of the whole press conference: {url}",
    "The health agency updated its guidance this morning: {url}",
    "Worth reading the full interview rather than the headline: {url}",
    "The budget documents are public, the relevant section is at {url}",
    "Source for the election results by district: {url}",
    "The company's annual filing ({url}) shows the same numbers as the article.",
    "The map in this piece comes from {url}, which is updated daily.",
    "The university's press release about the findings is at {url}",
    "If you want the raw data behind the chart, it is on {url}",
    "The fire service posted evacuation routes at {url} a few minutes ago.",
    "An earlier report from 2019 made the same point: {url}",
    "The minutes of the planning meeting are online at {url}, page 12 covers the road.",
    "Fact check: the claim in the second paragraph is addressed here {url}",
    "The full text of the bill is at {url} and it is shorter than you would think.",
    "The regulator's statement ({url}) says the investigation is still open.",
)
# How people write a link: with or without www., a path, the scheme left out.
SHAPES = (
    "https://{domain}/",
    "https://www.{domain}/news/2024/report",
    "http://{domain}",
    "https://{domain}/data/summary.pdf",
    "www.{domain}/about",
)
ARTICLE = ArticleContext(title="", lede="", language="en")


@dataclass(frozen=True)
class LinksRow:
    comments: int
    rejected: int
    held: int
    reasons: Counter[str]
    urlhaus: int
    urlhaus_rejected: int

    def lines(self) -> list[str]:
        share = lambda part, whole: f"{part / whole:.2%}" if whole else "n/a"  # noqa: E731
        top = ", ".join(f"{code} {count}" for code, count in self.reasons.most_common(4))
        return [
            "\n### Clean comments with links (whole default pipeline, English edition)\n",
            f"Tranco's {self.comments} most popular domains in {len(TEMPLATES)} neutral sentence "
            f"templates and {len(SHAPES)} link shapes (`bench/moderation_eval_links.py`); target: "
            "at most 1% rejected, 5% held; every URLhaus URL rejected.\n",
            "| comments | rejected | held | most frequent reasons | URLhaus URLs in the same sentences: rejected |",
            "|---|---|---|---|---|",
            f"| {self.comments} | {self.rejected} ({share(self.rejected, self.comments)}) | "
            f"{self.held} ({share(self.held, self.comments)}) | {top or 'none'} | "
            f"{self.urlhaus_rejected} of {self.urlhaus} ({share(self.urlhaus_rejected, self.urlhaus)}) |",
        ]


def link_comments(urls: list[str], *, shaped: bool = False) -> list[str]:
    """Each URL in one template, templates taken in turn; `shaped`: the URLs are bare domains
    (Tranco's "https://domain"), written in each of SHAPES in turn."""
    comments = []
    for index, url in enumerate(urls):
        template = TEMPLATES[index % len(TEMPLATES)]
        if shaped:
            domain = url.split("://", 1)[-1].strip("/")
            url = SHAPES[(index // len(TEMPLATES)) % len(SHAPES)].format(domain=domain)
        comments.append(template.format(url=url))
    return comments


def _default_rules(blocklist: Path) -> list[ConfiguredRule]:
    config = []
    for entry in app_settings.default_rules():
        if entry["NAME"].endswith(("PremoderationRule", "OffTopicRule")):
            continue  # a new reader's first comment is premoderated only if the site says so
        if entry["NAME"].endswith("MalwareRule"):
            entry = {**entry, "OPTIONS": {**entry.get("OPTIONS", {}), "blocklist": str(blocklist)}}
        config.append(entry)
    rules = rules_build(config)
    failures = moderation_warm_up(rules)
    if failures:
        raise RuntimeError(f"Rules failed to prepare: {failures}")
    return rules


def links_evaluate(root: Path, *, limit: int | None = None) -> LinksRow:
    """The row: clean comments with links held and rejected, URLhaus URLs rejected."""
    tranco = [row.text for row in datasets.urls(root, "tranco_safe")][: limit or CLEAN_COMMENTS]
    urlhaus = [row.text for row in datasets.urls(root, "urlhaus")][:limit]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "blocklist.txt"
        blocklist_write(path, blocklist_entries_from_urls(urlhaus, host_entries="ip"))
        rules = _default_rules(path)
        verdicts: Counter[Verdict] = Counter()
        reasons: Counter[str] = Counter()
        for text in link_comments(tranco, shaped=True):
            decision = submission_moderate(_submission(text), rules=rules)
            verdicts[decision.verdict] += 1
            reasons.update(code.value for code in decision.reasons)
        caught = sum(
            submission_moderate(_submission(text), rules=rules).verdict is Verdict.REJECT
            for text in link_comments(urlhaus)
        )
    return LinksRow(
        comments=len(tranco),
        rejected=verdicts[Verdict.REJECT],
        held=verdicts[Verdict.HOLD],
        reasons=reasons,
        urlhaus=len(urlhaus),
        urlhaus_rejected=caught,
    )


def _submission(text: str) -> Submission:
    return Submission(text=text, author_id=1, article=ARTICLE, edition_language="en")


def section_links(root: Path, limit: int | None = None) -> list[str]:
    """The table lines, for `bench/moderation_eval.py`."""
    return links_evaluate(root, limit=limit).lines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=datasets.data_dir())
    parser.add_argument("--limit", type=int, default=None, help="URLs per list (quick runs)")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"No data at {args.data}: the labelled sets live in ../shared/data.")
        return 1
    print("\n".join(section_links(args.data, args.limit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
