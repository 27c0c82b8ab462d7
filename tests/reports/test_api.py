"""GET /api/v1/articles/ID/report and the publication endpoints."""

import io
import json
import zipfile

import pytest

from app.extensions import db
from app.services import articles as article_service

TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "md": "text/markdown; charset=utf-8",
         "csv": "application/zip", "json": "application/json", "claimreview": "application/ld+json"}
EXTENSIONS = {"html": "html", "pdf": "pdf", "md": "md", "csv": "zip", "json": "json", "claimreview": "jsonld"}


@pytest.mark.parametrize("fmt", list(TYPES))
def test_every_format_downloads_with_its_type_and_name(api, reviewed, fmt):
    article_id = reviewed["article"].id
    response = api("reviewer").get(f"/api/v1/articles/{article_id}/report?format={fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == TYPES[fmt]
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="claimdesk-article-{article_id}.{EXTENSIONS[fmt]}"'
    body = response.get_data()
    checks = {"html": lambda b: b"Troops and trucks" in b, "pdf": lambda b: b.startswith(b"%PDF-"),
              "md": lambda b: b.startswith(b"# Verification report"),
              "csv": lambda b: zipfile.ZipFile(io.BytesIO(b)).namelist() == ["claims.csv", "evidence.csv"],
              "json": lambda b: json.loads(b)["summary"]["total"] == 4,
              "claimreview": lambda b: json.loads(b)[0]["@type"] == "ClaimReview"}
    assert checks[fmt](body)


def test_json_is_the_default_format(api, reviewed):
    response = api().get(f"/api/v1/articles/{reviewed['article'].id}/report")
    assert response.status_code == 200 and response.json["format"] == "claimdesk-report"
    assert response.json["generated_by"]["email"].startswith("reviewer")


def test_an_unknown_format_answers_400_naming_the_formats(api, reviewed):
    response = api().get(f"/api/v1/articles/{reviewed['article'].id}/report?format=docx")
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "bad_request"
    assert error["message"] == "Unknown format 'docx'; use one of: html, pdf, md, csv, json, claimreview."
    assert "format" in error["fields"]


def test_an_unknown_article_answers_404(api):
    response = api().get("/api/v1/articles/987654/report?format=html")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_an_archived_article_is_reported_with_a_banner(api, reviewed, people):
    article_service.set_archived(people["editor"], reviewed["article"], True)
    db.session.commit()
    reader = api()
    assert reader.get(f"/api/v1/articles/{reviewed['article'].id}/report").json["article"]["archived"] is True
    html = reader.get(f"/api/v1/articles/{reviewed['article'].id}/report?format=html").get_data(as_text=True)
    assert "This article was archived on" in html


def test_publish_and_withdraw_through_the_api(api, client, reviewed):
    url = f"/api/v1/articles/{reviewed['article'].id}/publication"
    assert api("reviewer").post(url, json={"include_unapproved": True}).status_code == 403
    editor = api("editor")
    refused = editor.post(url)
    assert refused.status_code == 422 and "include_unapproved" in refused.json["error"]["fields"]
    created = editor.post(url, json={"include_unapproved": True})
    assert created.status_code == 201, created.json
    publication = created.json["publication"]
    token = publication["token"]
    assert publication["url"] == f"http://127.0.0.1:5000/r/{token}" and publication["version"] == 1
    assert publication["note"] is None and publication["published_at"]
    assert client.get(f"/r/{token}").status_code == 200
    withdrawn = editor.delete(url)
    assert withdrawn.status_code == 200 and withdrawn.json["publication"]["withdrawn_at"]
    assert client.get(f"/r/{token}").status_code == 410
    assert editor.delete(url).status_code == 404
    assert api("editor").post(url, json={"include_unapproved": "maybe"}).status_code == 422
