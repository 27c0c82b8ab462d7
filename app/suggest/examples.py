"""Labelled sentences for training and measuring check-worthiness, read from files (no database code).

Two kinds of file:

* TSV with a header: the text in ``tweet_text``, ``Text`` or ``text``; the label in ``class_label``
  (``Yes``/``No`` or ``1``/``0``); optionally ``language`` (else read from the script). Fields follow the
  csv module's quoting rules (as CheckThat!'s files are written): a field wrapped in double quotes may hold
  tabs and line breaks, ``""`` inside it is one quote mark, and the wrapping quotes are not part of the text.
* An annotated article, ``X.txt`` beside ``X.claims.json`` (the format of tests/data): every sentence
  holding a gold anchor is worth checking, every other sentence is not (the gold is exhaustive).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import detect_language, engine

TEXT_COLUMNS = ("tweet_text", "Text", "text")
_YES = frozenset({"yes", "1", "true", "y"})
_NO = frozenset({"no", "0", "false", "n"})
MAX_TEXT = 5000


@dataclass(frozen=True)
class Example:
    """A text, its language and whether it is worth checking; ``source`` names where it came from."""

    text: str
    language: str
    label: int
    source: str = ""
    genre: str = ""


class ExampleFileError(ValueError):
    """A training file that cannot be read (message says which row or column)."""


def read_tsv(path: str | Path, language: str | None = None) -> list[Example]:
    """Examples from a TSV file (see the module docstring)."""
    path = Path(path)
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t")
        columns = reader.fieldnames or []
        text_col = next((c for c in TEXT_COLUMNS if c in columns), None)
        if text_col is None or "class_label" not in columns:
            raise ExampleFileError(
                f"{path.name}: needs a text column ({', '.join(TEXT_COLUMNS)}) and a class_label column.")
        out = []
        for row in reader:
            text = (row.get(text_col) or "").strip()[:MAX_TEXT]
            raw = (row.get("class_label") or "").strip().lower()
            if raw in _YES:
                label = 1
            elif raw in _NO:
                label = 0
            else:
                raise ExampleFileError(f"{path.name}, line {reader.line_num}: class_label must be Yes/No or 1/0.")
            if not text:
                continue
            lang = language or (row.get("language") or "").strip() or detect_language(text)
            out.append(Example(text, lang if lang in ("ar", "en") else detect_language(text), label, path.name,
                               (row.get("genre") or "").strip()))
    return out


def read_article(text_path: str | Path) -> list[Example]:
    """One example per sentence of an annotated article (``X.txt`` with ``X.claims.json``)."""
    text_path = Path(text_path)
    gold_path = text_path.with_name(text_path.name.removesuffix(".txt") + ".claims.json")
    text = text_path.read_text(encoding="utf-8")
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExampleFileError(f"{gold_path.name}: not readable annotations ({exc}).") from exc
    meta = gold.get("article", {})
    language = meta.get("language") or detect_language(text)
    anchors = [(int(c["start"]), int(c["end"])) for c in gold.get("claims", [])]
    out = []
    for s, e in engine.sentence_spans(text):
        label = int(any(a < e and b > s for a, b in anchors))
        out.append(Example(text[s:e].strip(), language, label, text_path.name, meta.get("genre", "article")))
    return out


def read_path(path: str | Path, language: str | None = None) -> list[Example]:
    """Examples from a TSV or an annotated article's .txt / .claims.json file."""
    path = Path(path)
    if path.name.endswith(".claims.json"):
        path = path.with_name(path.name.removesuffix(".claims.json") + ".txt")
    if path.suffix == ".txt":
        examples = read_article(path)
    else:
        examples = read_tsv(path, language)
    return [x for x in examples if language is None or x.language == language]


def read_dir(folder: str | Path) -> Iterator[Example]:
    """Every example in a folder: its TSV files and annotated articles, in name order."""
    folder = Path(folder)
    for path in sorted(folder.iterdir()):
        if path.suffix == ".tsv" or (path.suffix == ".txt" and path.with_name(
                path.name.removesuffix(".txt") + ".claims.json").exists()):
            yield from read_path(path)


def shipped(roots: Iterable[str | Path]) -> list[Example]:
    """The examples the project may ship (its own annotated texts), from the given folders."""
    out: list[Example] = []
    for root in roots:
        if Path(root).is_dir():
            out.extend(read_dir(root))
    return out
