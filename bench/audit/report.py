"""Print the audit table from Lighthouse, axe-core and Nu Html Checker results; exit 1 on a miss.

Usage: report.py WORK_DIR. Reads WORK_DIR/pages.txt (page names in order),
WORK_DIR/lighthouse/<page>-<run>.json, WORK_DIR/axe.json, WORK_DIR/axe-member.json (the member
pages, one row per state, after the pages), WORK_DIR/axe-radio.json (the radio's player open,
and after a navigation with it) and WORK_DIR/vnu.txt, all written by bench/audit.sh;
a vnu file `<row>--<variant>.html` counts for its row, and lines it cannot tie to a row count
against a "?" row.
Targets: the newsroom issue, acceptance 6.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from pathlib import Path

TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
LABELS = {"performance": "perf", "accessibility": "a11y", "best-practices": "best", "seo": "seo"}


def lighthouse_medians(folder: Path) -> dict[str, dict[str, float]]:
    runs: dict[str, dict[str, list[float]]] = {}
    for path in sorted(folder.glob("*.json")):
        page = path.stem.rsplit("-", 1)[0]
        categories = json.loads(path.read_text())["categories"]
        for key in TARGETS:
            score = categories[key]["score"]
            runs.setdefault(page, {}).setdefault(key, []).append(
                0.0 if score is None else score * 100
            )
    return {
        page: {key: statistics.median(values) for key, values in scores.items()}
        for page, scores in runs.items()
    }


def main(work: Path) -> int:
    failed = False
    medians = lighthouse_medians(work / "lighthouse")
    axe = json.loads((work / "axe.json").read_text())
    member = {}
    for extra in ("axe-member.json", "axe-radio.json"):  # member.mjs's states, radio.mjs's
        extra_file = work / extra
        if extra_file.exists():
            member.update(json.loads(extra_file.read_text()))
    axe.update(member)
    vnu_lines = [line for line in (work / "vnu.txt").read_text().splitlines() if line.strip()]
    vnu_by_page: dict[str, list[str]] = {}
    for line in vnu_lines:
        found = re.search(r"/html/([^/\"]+?)(?:--[^/\"]*)?\.html", line)
        vnu_by_page.setdefault(found.group(1) if found else "?", []).append(line)
    pages = (work / "pages.txt").read_text().split() + list(member)
    if "?" in vnu_by_page:
        pages.append("?")

    width = max(9, *(len(page) + 1 for page in pages))
    header = f"{'page':<{width}}" + "".join(f"{LABELS[k]:>6}" for k in TARGETS)
    header += f"{'axe':>6}{'vnu':>6}  result"
    print("\nmedian Lighthouse scores (mobile preset, 3 runs); axe and vnu counts\n")
    print(header)
    print("-" * len(header))
    for page in pages:
        row = f"{page:<{width}}"
        misses: list[str] = []
        for key, target in TARGETS.items():
            score = medians.get(page, {}).get(key)
            row += f"{'-' if score is None else round(score):>6}"
            if score is not None and score < target:
                misses.append(f"{LABELS[key]}<{target}")
        violations = sum(len(found) for found in axe.get(page, {}).values())
        errors = len(vnu_by_page.get(page, []))
        row += f"{violations:>6}{errors:>6}"
        if violations:
            misses.append("axe")
        if errors:
            misses.append("vnu")
        failed = failed or bool(misses)
        print(row + "  " + ("ok" if not misses else "MISS " + " ".join(misses)))
    print(
        f"\ntargets: {', '.join(f'{LABELS[k]} ≥ {v}' for k, v in TARGETS.items())}; "
        "no axe violations; no vnu errors"
    )

    for page, viewports in axe.items():
        for viewport, found in viewports.items():
            for violation in found:
                print(
                    f"\naxe {page} ({viewport}): {violation['id']} [{violation['impact']}] "
                    f"{violation['help']}"
                )
                for node in violation["nodes"][:5]:
                    print(f"  {node['target']}")
    for line in vnu_lines:
        print(f"vnu {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
