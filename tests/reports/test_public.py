"""The desk's report buttons and forms, and the anonymous published link /r/<token>."""

import json
import re

import pytest

from app.extensions import db
from app.models import Publication
from app.services import reports
from tests.conftest import login

HOSTILE = "</script><script>alert(1)</script>\u202e"


@pytest.fixture
def editor_client(client, people):
    assert login(client, people["editor"]).status_code == 302
    return client


def test_the_article_page_offers_every_format_and_the_publish_form(editor_client, reviewed):
    page = editor_client.get(f"/articles/{reviewed['article'].id}").get_data(as_text=True)
    for fmt in ("html", "md", "csv", "json", "claimreview"):
        assert f"/articles/{reviewed['article'].id}/report?format={fmt}" in page
    # the PDF is rendered by a job, asked for with a POST (a GET starts no work)
    assert re.search(rf'<form method="post" action="/jobs/report/{reviewed["article"].id}"[^>]*>.*?'
                     r'name="format" value="pdf"', page, re.S)
    assert "publish with unapproved claims marked" in page and "Publish report" in page


def test_reviewers_see_the_downloads_but_no_publish_form(client, people, reviewed):
    login(client, people["reviewer"])
    page = client.get(f"/articles/{reviewed['article'].id}").get_data(as_text=True)
    assert "report?format=md" in page and 'name="format" value="pdf"' in page and "Publish report" not in page
    assert client.post(f"/articles/{reviewed['article'].id}/publish",
                       data={"include_unapproved": "y", "confirmed": "y"}).status_code == 403


def test_the_download_button_answers_a_file(editor_client, reviewed):
    article_id = reviewed["article"].id
    response = editor_client.get(f"/articles/{article_id}/report?format=md")
    assert response.status_code == 200 and response.mimetype == "text/markdown"
    assert response.headers["Content-Disposition"] == f'attachment; filename="claimdesk-article-{article_id}.md"'
    view = editor_client.get(f"/articles/{article_id}/report?format=html&inline=1")
    assert view.headers["Content-Disposition"].startswith("inline;") and b"<!doctype html>" in view.data
    bad = editor_client.get(f"/articles/{article_id}/report?format=exe")
    assert bad.status_code == 400 and "use one of: html, pdf, md, csv, json, claimreview" in bad.get_data(as_text=True)


def test_publishing_without_the_box_is_refused_with_the_claims_to_approve(editor_client, reviewed):
    response = editor_client.post(f"/articles/{reviewed['article'].id}/publish", data={})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "2 of 4 claims are not yet approved" in page and "Publish with unapproved claims marked" in page
    assert db.session.query(Publication).count() == 0


def test_publish_read_anonymously_withdraw_gone(editor_client, app, reviewed, people):
    article = reviewed["article"]
    response = editor_client.post(f"/articles/{article.id}/publish", data={"include_unapproved": "y", "confirmed": "y"})
    assert response.status_code == 302
    token = db.session.query(Publication).one().token
    page = editor_client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert f"/r/{token}" in page and "Withdraw" in page

    anonymous = app.test_client()
    public = anonymous.get(f"/r/{token}")
    assert public.status_code == 200 and public.mimetype == "text/html"
    assert public.headers["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30" and public.headers["ETag"]
    assert "script-src 'self'" in public.headers["Content-Security-Policy"]
    html = public.get_data(as_text=True)
    assert "Troops and trucks" in html and html.count("Not yet approved") >= 2
    assert "@desk.example" not in html and "Checked with the wire desk." not in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    # only approved verdicts go out as ClaimReview; each links to its claim's anchor on this page
    assert [r["reviewRating"]["alternateName"] for r in ld] == ["False", "Unverifiable"]
    assert ld[0]["url"] == f"http://127.0.0.1:5000/r/{token}#claim-{reviewed['claims'][0].id}"
    assert f'id="claim-{reviewed["claims"][0].id}"' in html
    as_json = anonymous.get(f"/r/{token}.json")
    assert as_json.status_code == 200 and as_json.json["summary"]["total"] == 4
    assert "@desk.example" not in as_json.get_data(as_text=True)

    assert editor_client.post(f"/articles/{article.id}/withdraw", data={"confirmed": "y"}).status_code == 302
    gone = anonymous.get(f"/r/{token}")
    assert gone.status_code == 410 and "Withdrawn on:" in gone.get_data(as_text=True)
    assert anonymous.get(f"/r/{token}.json").status_code == 410
    page = editor_client.get(f"/articles/{article.id}/history").get_data(as_text=True)
    assert "published the report" in page and "withdrew the published report" in page


def test_user_text_cannot_escape_the_embedded_json_ld(make_article, make_claim, people, client):
    from tests.reports.conftest import review_claim

    article = make_article(body="The base holds about 1,000 soldiers.", title=HOSTILE)
    claim = make_claim(article, "about 1,000 soldiers", actor=people["reviewer"], attributed_to=HOSTILE)
    review_claim(claim, people["reviewer"], people["editor"], verdict="false", rationale=HOSTILE)
    publication = reports.publish(people["editor"], article)
    db.session.commit()
    html = client.get(f"/r/{publication.token}").get_data(as_text=True)
    assert html.count("<script") == 1 and html.count("</script>") == 1  # the JSON-LD block alone
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)[0]["reviewBody"] == HOSTILE


def test_a_withdrawn_arabic_report_says_so_in_arabic(arabic, people, client):
    publication = reports.publish(people["editor"], arabic["article"], include_unapproved=True)
    reports.withdraw(people["editor"], arabic["article"])
    db.session.commit()
    response = client.get(f"/r/{publication.token}")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page and "سُحب التقرير" in page


@pytest.mark.parametrize("token", ["nothing-here-but-a-long-token-xx", "abc", "%00", "a" * 80])
def test_an_unknown_link_answers_404(client, token):
    response = client.get(f"/r/{token}")
    assert response.status_code == 404 and "No published report here" in response.get_data(as_text=True)


def test_the_publish_and_withdraw_forms_need_their_csrf_token(app, editor_client, reviewed):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = editor_client.post(f"/articles/{reviewed['article'].id}/publish",
                                     data={"include_unapproved": "y", "confirmed": "y"})
        assert refused.status_code == 400
        assert db.session.query(Publication).count() == 0
        withdraw = editor_client.post(f"/articles/{reviewed['article'].id}/withdraw", data={"confirmed": "y"})
        assert withdraw.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_an_error_on_a_public_path_names_nobody_and_is_not_kept(client, make_user):
    """A reader signed in to the desk who mistypes a public link gets a page with no name, menu or token on
    it, that no cache keeps (a public path's answers never depend on who asks)."""
    user = make_user("editor", name="Samira Haddad")
    login(client, user)
    for path in ("/r/abc/v/99999999999999", "/r/abc/v/1", "/feeds/nothing-here"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 404, path
        assert "Samira" not in html and "csrf_token" not in html and "Set-Cookie" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
