import json

import pytest

from app.extensions import db
from app.models import Article
from app.services import articles as article_service
from app.services.errors import ValidationError


def test_the_body_is_stored_exactly_but_for_line_endings(make_article):
    body = "  سطر أول،\r\nسطر ثانٍ؛ ١٢٣\rوثالث\u200f  \n"
    article = make_article(body=body)
    db.session.expire_all()
    stored = db.session.get(Article, article.id)
    assert stored.body == "  سطر أول،\nسطر ثانٍ؛ ١٢٣\nوثالث\u200f  \n"
    assert stored.body.encode("utf-8") == body.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")


@pytest.mark.parametrize("body, language", [
    ("أعلنت الحكومة عن خطة جديدة للكهرباء في البصرة.", "ar"),
    ("The council approved a new flood barrier budget.", "en"),
])
def test_the_language_is_detected_from_the_script(make_article, body, language):
    assert make_article(body=body).language == language


def test_a_known_url_returns_the_existing_article(make_article):
    first = make_article(url="https://news.example/a?utm_source=x")
    again = article_service.create_article(None, {"title": "Copy", "body": "Other text.", "url": "https://NEWS.example/a/"})
    assert again.created is False
    assert again.article.id == first.id
    assert db.session.query(Article).count() == 1


@pytest.mark.parametrize("data, field", [
    ({"body": "x"}, "title"),
    ({"title": "t"}, "body"),
    ({"title": "t", "body": "   \n "}, "body"),
    ({"title": "t", "body": 5}, "body"),
    ({"title": "t" * 501, "body": "x"}, "title"),
    ({"title": "t", "body": "x", "url": "javascript:alert(1)"}, "url"),
    ({"title": "t", "body": "x", "language": "arabic!"}, "language"),
    ({"title": "t", "body": "x", "published_at": "31/02/2026"}, "published_at"),
    ({"title": "t", "body": "x", "claims": "all"}, "claims"),
    ({"title": "t", "body": "x", "claims": [{"quote": "nope"}]}, "claims[0].quote"),
])
def test_bad_articles_are_refused_and_nothing_is_stored(data, field):
    with pytest.raises(ValidationError) as info:
        article_service.create_article(None, data)
    assert field in info.value.fields
    db.session.rollback()
    assert db.session.query(Article).count() == 0


def test_the_body_limit_is_enforced(app):
    limit = app.config["MAX_BODY_CHARS"]
    with pytest.raises(ValidationError) as info:
        article_service.create_article(None, {"title": "t", "body": "a" * (limit + 1)})
    assert str(limit) in info.value.fields["body"]


def test_html_upload_keeps_the_main_text_only():
    html = """<html><head><title>Port reopens</title></head><body>
      <nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Port reopens after storm</h1>
      <p>The port of Marsa reopened on Monday after a three-day closure, officials said.</p>
      <p>More than 40 ships had waited offshore, according to the harbour master.</p></article>
      <footer>Copyright 2026 · Share this</footer></body></html>"""
    data = article_service.parse_upload("port.html", html.encode())
    assert "More than 40 ships" in data["body"]
    assert "Copyright" not in data["body"] and "World" not in data["body"]


def test_json_upload_uses_the_api_shape():
    payload = {"title": "T", "body": "About 20 trucks.", "claims": [{"quote": "About 20 trucks"}]}
    data = article_service.parse_upload("a.json", json.dumps(payload).encode())
    article = article_service.create_article(None, data).article
    assert [c.quote for c in article.claims] == ["About 20 trucks"]
    assert article.claims[0].origin == "import"


@pytest.mark.parametrize("name, raw, field", [
    ("a.pdf", b"%PDF-1.4", "file"),
    ("a.txt", b"\xff\xfe\x00bad", "file"),
    ("a.json", b"{not json", "file"),
    ("a.json", b"[1, 2]", "file"),
])
def test_bad_uploads_say_what_is_wrong(name, raw, field):
    with pytest.raises(ValidationError) as info:
        article_service.parse_upload(name, raw)
    assert field in info.value.fields


def test_the_corpus_article_imports_with_its_gold_claims(corpus_text):
    from pathlib import Path

    from tests.conftest import CORPUS

    result = article_service.import_file(None, Path(CORPUS))
    article = result.article
    assert article.body == corpus_text.replace("\r\n", "\n")
    assert article.language == "ar"
    assert article.publisher == "Enab Baladi"
    assert len(article.claims) == 20
    for claim in article.claims:
        assert article.body[claim.start:claim.end] == claim.quote
    troops = next(c for c in article.claims if c.quote == "نحو ألف جندي")
    assert troops.kind == "quantity"
    assert troops.attributed_to.startswith("Reuters")


def test_an_arabic_articles_annotation_gives_no_english_statement(tmp_path):
    import json

    from app.services.articles import sidecar_claims

    body = "قالت المصادر إن نحو ألف جندي ما زالوا في القاعدة."
    (tmp_path / "a.txt").write_text(body, encoding="utf-8")
    (tmp_path / "a.claims.json").write_text(json.dumps({
        "article": {"language": "ar", "title": "عنوان"},
        "claims": [{"anchor": "نحو ألف جندي", "kind": "quantity", "statement_en": "About 1,000 soldiers remain."}]}),
        encoding="utf-8")
    claims = sidecar_claims(tmp_path / "a.txt", body)["claims"]
    assert claims[0]["quote"] == "نحو ألف جندي" and claims[0]["statement"] is None
