"""Search where people use it: the queue's text box, the claim list API's q, and the search page."""

import pytest

from app.extensions import db
from app.models import EarlierCheck

BODY = ("أعلنت الوزارة إخلاء القاعدة الشمالية. وقال شهود إن الجيش انسحب من القاعدة. "
        "Trucks crossed the bridge at dawn <script>.")


@pytest.fixture
def desk(make_article, make_claim):
    article = make_article(body=BODY, title="الإخلاء", language="ar")
    evacuation = make_claim(article, "أعلنت الوزارة إخلاء القاعدة الشمالية")
    withdrawal = make_claim(article, "وقال شهود إن الجيش انسحب من القاعدة")
    trucks = make_claim(article, "Trucks crossed the bridge at dawn <script>")
    return article, evacuation, withdrawal, trucks


def test_the_queue_finds_every_form_and_marks_the_match(client, login_as, desk):
    login_as("reviewer")
    _, evacuation, withdrawal, _ = desk
    for form in ("الإخلاء", "والإخلاء", "اخلاء"):
        html = client.get("/queue/", query_string={"q": form}).get_data(as_text=True)
        assert f"#{evacuation.id}<" in html and f"#{withdrawal.id}<" not in html, form
        assert "<mark>إخلاء</mark>" in html
    html = client.get("/queue/", query_string={"q": "الانسحابات"}).get_data(as_text=True)
    assert "<mark>انسحب</mark>" in html and f"#{evacuation.id}<" not in html


def test_the_queue_ranks_by_relevance_when_searching(client, login_as, desk):
    login_as("reviewer")
    _, evacuation, withdrawal, _ = desk
    html = client.get("/queue/", query_string={"q": "القاعدة"}).get_data(as_text=True)
    assert 'value="relevance" selected' in html
    assert f"#{evacuation.id}<" in html and f"#{withdrawal.id}<" in html


def test_a_marked_match_stays_escaped(client, login_as, desk):
    login_as("reviewer")
    html = client.get("/queue/", query_string={"q": "script trucks"}).get_data(as_text=True)
    assert "<mark>Trucks</mark>" in html and "&lt;<mark>script</mark>&gt;" in html and "<script>" not in html.split("</head>")[1]


def test_the_article_number_box_takes_arabic_indic_digits(client, login_as, desk, make_article, make_claim):
    login_as("reviewer")
    article, evacuation, _, _ = desk
    other = make_claim(make_article(body="Another article entirely."), "Another article")
    digits = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(article.id))
    response = client.get("/queue/", query_string={"article_id": digits})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f"#{evacuation.id}<" in html and f"#{other.id}<" not in html
    assert 'inputmode="numeric"' in html and 'type="number" name="article_id"' not in html


def test_the_api_searches_with_the_same_analyser_and_keeps_its_shape(api, desk):
    reader = api("reviewer")
    _, evacuation, withdrawal, trucks = desk
    body = reader.get("/api/v1/claims", query_string={"q": "والإخلاء"}).get_json()
    assert [item["id"] for item in body["items"]] == [evacuation.id]
    assert set(body) >= {"items", "page", "per_page", "total", "pages"}
    number = "#" + "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(trucks.id))
    assert reader.get("/api/v1/claims", query_string={"q": number}).get_json()["items"][0]["id"] == trucks.id
    phrase = reader.get("/api/v1/claims", query_string={"q": '"crossed the bridge"'}).get_json()
    assert [item["id"] for item in phrase["items"]] == [trucks.id]
    assert reader.get("/api/v1/claims", query_string={"q": '"bridge the crossed"'}).get_json()["items"] == []


@pytest.mark.parametrize("q", ['"unbalanced', "؟!،", "x" * 10_000, "NEAR(a b) OR *", "\x00", "'&|!<->"])
def test_bad_queries_never_fail(client, api, login_as, desk, q):
    reader = api("reviewer")
    assert reader.get("/api/v1/claims", query_string={"q": q}).status_code in (200, 422)
    login_as("reviewer")
    assert client.get("/queue/", query_string={"q": q}).status_code in (200, 422)
    expected = 422 if "\x00" in q else 200  # the desk refuses NUL bytes in any request before the page
    assert client.get("/search/", query_string={"q": q}).status_code == expected
    for kind in ("claim", "article", "evidence", "earlier_check", "nonsense"):
        assert client.get("/search/", query_string={"q": q, "kind": kind, "page": "٢"}).status_code == expected


def test_the_search_page_needs_a_signed_in_reader(client):
    assert client.get("/search/", query_string={"q": "x"}).status_code in (302, 401)


def test_the_search_page_shows_each_kind_in_its_tab(client, login_as, desk):
    article, evacuation, withdrawal, _ = desk
    db.session.add(EarlierCheck(url="https://checks.example/withdrawal", claim_reviewed="الجيش انسحب من القاعدة الشمالية",
                                rating="مضلل", publisher="Partner Desk", origin="file", language="ar"))
    db.session.commit()
    login_as("reviewer")
    client.get("/account/settings")
    html = client.get("/search/", query_string={"q": "الانسحاب"}).get_data(as_text=True)
    assert f"#{withdrawal.id}<" in html and "<mark>انسحب</mark>" in html and f"#{evacuation.id}<" not in html
    assert 'href="/search/?q=' in html and "kind=earlier_check" in html
    html = client.get("/search/", query_string={"q": "الانسحاب", "kind": "earlier_check"}).get_data(as_text=True)
    assert "https://checks.example/withdrawal" in html and "<mark>انسحب</mark>" in html
    html = client.get("/search/", query_string={"q": "الإخلاء", "kind": "article"}).get_data(as_text=True)
    assert f'href="/articles/{article.id}"' in html
    assert "Type at least one word" in client.get("/search/", query_string={"q": "؟؟"}).get_data(as_text=True)


def test_the_header_links_to_search(client, login_as):
    login_as("reviewer")
    assert 'href="/search/"' in client.get("/queue/").get_data(as_text=True)
