"""The JSON report: everything the report holds, valid against its JSON Schema (Draft 2020-12), streamed."""

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from app.reports import SCHEMA_PATH
from app.reports.json import build_json
from app.services import reports
from tests.reports.conftest import model


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def as_json(article_id: int, **options) -> dict:
    return json.loads(b"".join(build_json(model(article_id, **options))))


def assert_valid(validator, document: dict) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_json_report_holds_everything_and_is_valid(validator, reviewed, people):
    document = as_json(reviewed["article"].id, generated_by=people["editor"])
    assert_valid(validator, document)
    assert document["format"] == "claimdesk-report" and document["generated_by"]["email"] == people["editor"].email
    assert document["article"]["title"] == "Troops and trucks" and document["summary"]["approved"] == 2
    claim = document["claims"][0]
    assert claim["verdict"] == "false" and claim["evidence"][0]["source"]["url"] == "https://wire.example/a"
    assert claim["comments"][0]["body"] == "Checked with the wire desk."
    approvals = [e for e in document["history"] if e["action"] == "transition" and e["after"] == "approved"]
    assert len(approvals) == 2 and approvals[0]["actor"]["name"] == "Omar Editor" and approvals[0]["at"]


def test_an_empty_article_is_valid(validator, make_article):
    document = as_json(make_article().id)
    assert_valid(validator, document)
    assert document["claims"] == [] and document["summary"]["total"] == 0


def test_an_arabic_article_is_valid_and_unescaped(validator, arabic):
    raw = b"".join(build_json(model(arabic["article"].id))).decode("utf-8")
    assert "أكثر من 20 شاحنة فارغة" in raw  # UTF-8 text, not \\u escapes
    document = json.loads(raw)
    assert_valid(validator, document)
    assert document["language"] == "ar" and document["dir"] == "rtl"
    assert document["summary"]["rollup"].startswith("المعتمد 1 من 2")


def test_the_public_json_is_valid_without_emails(validator, reviewed):
    document = as_json(reviewed["article"].id, public=True)
    assert_valid(validator, document)
    assert "@" not in json.dumps(document["claims"]) + json.dumps(document["history"])


def test_the_service_streams_json_in_blocks(reviewed, monkeypatch):
    from app.reports import json as report_json

    monkeypatch.setattr(report_json, "BUFFER", 10)
    rendered = reports.build_report(reviewed["article"].id, "json", None)
    assert rendered.streamed and rendered.mimetype == "application/json"
    blocks = list(rendered.chunks())
    assert len(blocks) > 5
    assert json.loads(b"".join(blocks))["summary"]["total"] == 4
