"""flask report: every format to a file, clear refusals."""

import io
import json
import zipfile

import pytest

from app.extensions import db
from app.services import articles as article_service


@pytest.mark.parametrize("fmt, check", [
    ("html", lambda b: b.startswith(b"<!doctype html>")),
    ("pdf", lambda b: b.startswith(b"%PDF-")),
    ("md", lambda b: b.startswith(b"# Verification report")),
    ("csv", lambda b: zipfile.ZipFile(io.BytesIO(b)).namelist() == ["claims.csv", "evidence.csv"]),
    ("json", lambda b: json.loads(b)["generated_by"] is None),
    ("claimreview", lambda b: json.loads(b)[0]["@type"] == "ClaimReview"),
])
def test_report_writes_each_format(runner, reviewed, tmp_path, fmt, check):
    target = tmp_path / f"out.{fmt}"
    result = runner.invoke(args=["report", str(reviewed["article"].id), "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert check(target.read_bytes())
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left behind


def test_report_refuses_an_unknown_format_or_article_and_writes_nothing(runner, reviewed, tmp_path):
    target = tmp_path / "out"
    result = runner.invoke(args=["report", str(reviewed["article"].id), "--format", "docx", "-o", str(target)])
    assert result.exit_code != 0
    assert "Unknown format 'docx'; use one of: html, pdf, md, csv, json, claimreview." in result.output
    result = runner.invoke(args=["report", "4242", "--format", "md", "-o", str(target)])
    assert result.exit_code != 0 and "No article 4242." in result.output
    assert not list(tmp_path.iterdir())


def test_report_of_an_archived_article_says_archived(runner, reviewed, people, tmp_path):
    article_service.set_archived(people["editor"], reviewed["article"], True)
    db.session.commit()
    target = tmp_path / "r.md"
    assert runner.invoke(args=["report", str(reviewed["article"].id), "--format", "md", "-o", str(target)]).exit_code == 0
    assert "This article was archived on" in target.read_text(encoding="utf-8")
