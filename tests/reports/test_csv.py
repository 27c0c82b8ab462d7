"""The CSV report: a ZIP of claims.csv and evidence.csv, UTF-8 with BOM, formulas neutralised."""

import csv
import io
import zipfile

import pytest

from app.extensions import db
from app.reports.csv import CLAIM_COLUMNS, EVIDENCE_COLUMNS, build_csv, neutralise
from app.services import claims as claim_service
from app.services import evidence
from tests.reports.conftest import model

HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(1)", "-2+3", "\t=1", "+1", "\r=2", "  =3"]


def unzip(model_: dict) -> dict[str, list[dict]]:
    blocks = list(build_csv(model_))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(blocks)))
    assert sorted(archive.namelist()) == ["claims.csv", "evidence.csv"]
    tables = {}
    for name in archive.namelist():
        raw = archive.read(name)
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name} has no BOM"
        tables[name] = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return tables


def test_one_row_per_claim_and_per_evidence_item(reviewed):
    tables = unzip(model(reviewed["article"].id))
    claims, items = tables["claims.csv"], tables["evidence.csv"]
    assert list(claims[0]) == CLAIM_COLUMNS and list(items[0]) == EVIDENCE_COLUMNS
    assert [c["verdict"] for c in claims] == ["false", "mixed", "unverifiable", "unverified"]
    assert [c["approval"] for c in claims] == ["Approved", "Not yet approved", "Approved", "Not yet approved"]
    first = claims[0]
    assert first["quote"] == "about 1,000 soldiers" and first["verdict_label"] == "False"
    assert (first["supports"], first["contradicts"], first["context"]) == ("1", "2", "0")
    assert first["approved_by"] == "Omar Editor" and first["approved_at"].startswith("20")
    assert len(items) == 4 and {i["claim_number"] for i in items} == {"1", "2"}
    wire = next(i for i in items if i["source_url"] == "https://wire.example/a")
    assert (wire["source_grade"], wire["credibility"], wire["reported_value"], wire["reported_unit"]) == \
        ("B", "2", "900", "troops")


def test_arabic_cells_are_readable_utf8(arabic):
    claims = unzip(model(arabic["article"].id))["claims.csv"]
    assert claims[0]["quote"] == "أكثر من 20 شاحنة فارغة" and claims[0]["verdict_label"] == "خاطئ على الأرجح"
    assert claims[1]["approval"] == "لم تُعتمد بعد"


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_could_be_a_formula_is_shown_as_text(value):
    assert neutralise(value) == "'" + value
    assert neutralise("Reuters") == "Reuters" and neutralise(12) == 12 and neutralise("") == ""


def test_hostile_values_typed_into_any_field_come_out_neutralised(make_article, make_claim, people):
    article = make_article(body="The base holds about 1,000 soldiers.", title="CSV")
    claim = make_claim(article, "about 1,000 soldiers", actor=people["reviewer"], attributed_to="@SUM(1)")
    claim_service.update_claim(people["reviewer"], claim, {"version": claim.version,
                                                           "statement": '=HYPERLINK("http://x","y")',
                                                           "rationale": "-2+3"})
    # (the desk strips surrounding white space on input, so "\t=1" is stored as "=1")
    evidence.add_evidence(people["reviewer"], claim, {"url": "https://x.example/a", "stance": "supports",
                                                      "title": "\t=1", "excerpt": "+1", "reported_value": "-5",
                                                      "note": "@cmd"})
    db.session.commit()
    tables = unzip(model(article.id))
    row, item = tables["claims.csv"][0], tables["evidence.csv"][0]
    assert row["statement"] == '\'=HYPERLINK("http://x","y")'
    assert row["attributed_to"] == "'@SUM(1)" and row["rationale"] == "'-2+3"
    assert item["source_title"] == "'=1" and item["excerpt"] == "'+1" and item["reported_value"] == "'-5"
    assert item["note"] == "'@cmd"
    every_cell = [v for table in tables.values() for r in table for v in r.values()]
    assert not [v for v in every_cell if v[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_an_empty_article_gives_headers_only(make_article):
    tables = unzip(model(make_article().id))
    assert tables == {"claims.csv": [], "evidence.csv": []}


def test_the_zip_streams_in_blocks_as_claims_are_read(reviewed, monkeypatch):
    from app.reports import csv as report_csv

    monkeypatch.setattr(report_csv, "FLUSH_ROWS", 1)
    blocks = [b for b in build_csv(model(reviewed["article"].id, stream=True)) if b]
    assert len(blocks) >= 4 and blocks[0].startswith(b"PK")
