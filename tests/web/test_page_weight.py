"""Pages stay light at the sizes a busy desk reaches: the claim page with 30 evidence items and 200 history
events under 60 KB of HTML, the article page with 200 claims under 150 KB; one CSRF token each.

The desk is bench/floor_data.py's, built at those sizes. Nothing is timed here (bench/floor.py is).
"""

import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import User
from bench import floor_data
from tests.conftest import login


@pytest.mark.slow
def test_the_claim_and_article_pages_stay_light_at_full_size(app):
    marks = floor_data.build(reset=False, n_claims=300, big=200, evidence=30, events=200, published=5)
    reader = db.session.scalar(sa.select(User).where(User.email == marks.reader_email))
    client = app.test_client()
    login(client, reader, marks.password)
    claim_page = client.get(f"/claims/{marks.claim_30}")
    article_page = client.get(f"/articles/{marks.article_200}")
    assert claim_page.status_code == article_page.status_code == 200
    claim_html, article_html = claim_page.get_data(as_text=True), article_page.get_data(as_text=True)
    assert len(claim_page.get_data()) < 60 * 1024, len(claim_page.get_data())
    assert len(article_page.get_data()) < 150 * 1024, len(article_page.get_data())
    # what the weight was not bought with: every evidence item is there, every claim is linked from the text
    assert claim_html.count('class="evidence"') == 3 and claim_html.count("formaction=") >= 30
    assert len(set(re.findall(r'class="seg hl[^"]*" data-s="\d+" href="/claims/(\d+)"', article_html))) == 200
    # the history shows its latest changes and leads to the rest
    assert f'href="/claims/{marks.claim_30}/history"' in claim_html
    whole = client.get(f"/claims/{marks.claim_30}/history").get_data(as_text=True)
    assert whole.count("<time ") > 200
    # one CSRF token per page, however many buttons it has
    for html in (claim_html, article_html):
        assert len(set(re.findall(r'name="csrf_token" value="([^"]+)"', html))) == 1
