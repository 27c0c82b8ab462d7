"""Pasting a text already in the desk says where it is, and adds it only when the person ticks "add anyway"."""

from app.extensions import db
from app.models import Article

BODY = "قال مسؤولون إن نحو ألف جندي ما زالوا في القاعدة.\nوسيستغرق الانسحاب شهرين."


def _paste(client, body, **extra):
    return client.post("/articles/new", data={"paste-title": "نسخة ثانية", "paste-body": body, "paste-submit": "y",
                                              **extra})


def test_the_same_text_pasted_twice_is_pointed_out(client, login_as, make_article):
    login_as("reviewer")
    first = make_article(body=BODY, title="المقال الأول")
    # other line breaks and trailing spaces are still the same text
    warned = _paste(client, BODY.replace("\n", "\r\n  ") + "  ")
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200 and 'id="same-text"' in page
    assert f'href="/articles/{first.id}"' in page and "المقال الأول" in page
    assert db.session.query(Article).count() == 1
    added = _paste(client, BODY, **{"paste-add_anyway": "y"})
    assert added.status_code == 302 and db.session.query(Article).count() == 2


def test_a_different_text_goes_straight_in(client, login_as, make_article):
    login_as("reviewer")
    make_article(body=BODY)
    assert _paste(client, BODY + " وأضاف المتحدث تفصيلًا جديدًا.").status_code == 302


def test_a_quote_typed_almost_right_comes_back_as_the_nearest_passage(client, login_as, make_article, api):
    login_as("reviewer")
    article = make_article(body=BODY)
    response = client.post(f"/articles/{article.id}/claims", data={"quote": "نحو الف جندي", "kind": "quantity"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "The nearest passage is “نحو ألف جندي”." in page
    start = BODY.index("نحو ألف جندي")
    assert f'value="{start}"' in page and f'value="{start + len("نحو ألف جندي")}"' in page
    answer = api("reviewer").post(f"/api/v1/articles/{article.id}/claims", json={"quote": "نحو الف جندي"})
    assert answer.status_code == 422
    assert answer.json["error"]["nearest"] == {"start": start, "end": start + 12, "quote": "نحو ألف جندي"}
