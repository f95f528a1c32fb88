"""The multilingual labelled sets in ../shared/data/multilingual, read at run time.

Used by `train_multilingual.py` (which may train only on the `permissive` sets' training rows)
and `bench/moderation_eval_languages.py` (which scores every set on its test rows). Each set is
one CSV, `id,text,label,orig_label`; `label` is clean / offensive / hate (or spam / clean).
Rows get the same seeded split as the English sets (`datasets.split_of`, keyed by the folded
text: 60% train, 10% validation, 30% test), so a shipped model never sees the test rows of a set
it is scored on. Labels differ between sets (see each folder's README): compare per set, never
pooled. The data is read, never copied into the repository.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .datasets import Row, comment_text


@dataclass(frozen=True)
class MultilingualSet:
    """A set's language, what its positive label means, and whether a shipped model may learn
    from it (licence MIT, CC BY, Apache-2.0, or CC BY-SA with its ShareAlike duty)."""

    name: str
    language: str
    licence: str
    source: str
    citation: str
    is_permissive: bool
    is_spam: bool = False


MULTILINGUAL_SETS: dict[str, MultilingualSet] = {
    s.name: s
    for s in (
        MultilingualSet(
            "fr_mlma", "fr", "MIT", "HKUST-KnowComp/MLMA_hate_speech @ 4798369",
            "Ousidhoum et al., Multilingual and Multi-Aspect Hate Speech Analysis, EMNLP 2019",
            True,
        ),
        MultilingualSet(
            "es_hateval2019", "es", "CC BY-NC 4.0", "cicl2018/HateEvalTeam @ 1764472",
            "Basile et al., SemEval-2019 Task 5 (HatEval)", False,
        ),
        MultilingualSet(
            "ru_2ch_pikabu", "ru", "unknown", "tabakerkaaaa/ToxicityDetectorBot @ ef8f2b5",
            "Russian Language Toxic Comments (Kaggle, 2019)", False,
        ),
        MultilingualSet(
            "ru_telegram_spam", "ru", "unclear (repository GPL-3.0)",
            "tizhproger/spamfilter @ ae80bef", "tizhproger/spamfilter", False, is_spam=True,
        ),
        MultilingualSet(
            "ar_osact2020", "ar", "CC BY", "motazsaad/arabic-hatespeech-data @ a6c43a8",
            "Mubarak et al., Overview of OSACT4 Arabic Offensive Language Detection, OSACT 2020",
            True,
        ),
        MultilingualSet(
            "ar_mlma", "ar", "MIT", "HKUST-KnowComp/MLMA_hate_speech @ 4798369",
            "Ousidhoum et al., Multilingual and Multi-Aspect Hate Speech Analysis, EMNLP 2019",
            True,
        ),
        MultilingualSet(
            "ar_lhsab", "ar", "unknown", "Hala-Mulki/L-HSAB @ 9abf6b6",
            "Mulki et al., L-HSAB, ALW 2019", False,
        ),
        MultilingualSet(
            "de_germeval2018", "de", "CC BY 4.0", "uds-lsv/GermEval-2018-Data @ 9877472",
            "Wiegand, Siegel, Ruppenhofer, Overview of the GermEval 2018 Shared Task", True,
        ),
        MultilingualSet(
            "de_germeval2021", "de", "unknown", "germeval2021toxic/SharedTask @ fa5dca3",
            "Risch, Stoll, Wilms, Wiegand, GermEval 2021", False,
        ),
        MultilingualSet(
            "pt_toldbr", "pt", "CC BY-SA 4.0", "JAugusto97/ToLD-Br @ 7804082",
            "Leite et al., Toxic Language Detection in Social Media for Brazilian Portuguese, "
            "AACL 2020",
            True,
        ),
        MultilingualSet(
            "pt_offcombr", "pt", "unknown", "rogersdepelle/OffComBR @ 261c633",
            "de Pelle and Moreira, Offensive Comments in the Brazilian Web, BraSNAM 2017", False,
        ),
        MultilingualSet(
            "pt_hatebr", "pt", "CC BY-NC 4.0", "franciellevargas/HateBR @ a130143",
            "Vargas et al., HateBR, LREC 2022", False,
        ),
        MultilingualSet(
            "zh_cold", "zh", "Apache-2.0", "thu-coai/COLDataset @ a0c55a9",
            "Deng et al., COLD: A Benchmark for Chinese Offensive Language Detection, EMNLP 2022",
            True,
        ),
    )
}  # fmt: skip
# Placeholders some sets use for a line break.
_LINE_BREAKS = ("|LBR|", "<LF>")


def multilingual_dir(root: Path) -> Path:
    return root / "multilingual"


def multilingual_rows(root: Path, name: str) -> list[Row]:
    """The rows of the set `name` (a key of MULTILINGUAL_SETS), as a comment form receives them."""
    rows = []
    path = multilingual_dir(root) / name / "data.csv"
    with open(path, encoding="utf-8", newline="") as f:
        for record in csv.DictReader(f):
            text = record["text"]
            for mark in _LINE_BREAKS:
                text = text.replace(mark, "\n")
            text = comment_text(text)
            if text:
                rows.append(Row(name, text, record["label"], {"orig_label": record["orig_label"]}))
    return rows


def is_abusive(row: Row) -> bool:
    """The positive class the abuse rules are scored on: offensive or hateful."""
    return row.label in {"offensive", "hate"}
