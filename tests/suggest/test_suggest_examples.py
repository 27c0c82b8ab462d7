"""Training files are read the way they were written: the csv module's quoting rules, not raw lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.suggest import examples


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_quoted_fields_lose_their_wrapping_quotes_and_keep_tabs_and_inner_quotes(tmp_path: Path) -> None:
    tsv = _write(tmp_path / "debate.tsv", (
        "Sentence_id\tText\tclass_label\n"
        '1\t"The mayor said the bridge cost 40 million."\tYes\n'
        '2\t"He called it ""a scandal"" on air."\tNo\n'
        '3\t"A field with a\ttab inside it"\tNo\n'
        "4\tUnquoted text keeps its 'single' and \"inner\" marks\tYes\n"
    ))
    rows = examples.read_tsv(tsv, "en")
    assert [r.text for r in rows] == [
        "The mayor said the bridge cost 40 million.",
        'He called it "a scandal" on air.',
        "A field with a\ttab inside it",
        "Unquoted text keeps its 'single' and \"inner\" marks",
    ]
    assert [r.label for r in rows] == [1, 0, 0, 1]


def test_arabic_quoted_tweet_with_a_line_break_is_one_example(tmp_path: Path) -> None:
    tsv = _write(tmp_path / "tweets.tsv", (
        "tweet_id\ttweet_url\ttweet_text\tclass_label\n"
        '11\thttp://example.org/11\t"وصل ألفين لاجئ إلى المخيم أمس\nبحسب إدارة المخيم"\tYes\n'
        "12\thttp://example.org/12\tصباح الخير يا جماعة\tNo\n"
    ))
    rows = examples.read_tsv(tsv)
    assert [(r.text, r.language, r.label) for r in rows] == [
        ("وصل ألفين لاجئ إلى المخيم أمس\nبحسب إدارة المخيم", "ar", 1),
        ("صباح الخير يا جماعة", "ar", 0),
    ]


def test_a_bad_label_names_its_line_even_after_a_quoted_line_break(tmp_path: Path) -> None:
    tsv = _write(tmp_path / "bad.tsv", (
        "text\tclass_label\n"
        '"first line\nsecond line"\tYes\n'
        "a plain row\tmaybe\n"
    ))
    with pytest.raises(examples.ExampleFileError, match="line 4"):
        examples.read_tsv(tsv, "en")
