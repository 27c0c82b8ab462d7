"""The pages a fact-checker uses: article with highlights, claim page, queue."""

import re

import pytest

from app.extensions import db
from app.models import Claim, SuggestionExample, SuggestionOutcome
from app.services import claims as claim_service
from app.services import evidence
from tests.conftest import login

ARABIC = "نقلت وكالة «رويترز» عن مسؤولين أن نحو ألف جندي ما زالوا في سوريا، وأن الانسحاب قد يستغرق شهرين.\n\nالمصدر: عنب بلدي"


def test_the_arabic_article_page_is_rtl_with_highlighted_linked_claims(client, login_as, make_article, make_claim):
    login_as("reviewer")
    article = make_article(body=ARABIC, title="انسحاب", language="ar")
    claim = make_claim(article, "نحو ألف جندي")
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    assert 'id="article-body" class="body" dir="rtl" lang="ar"' in html
    link = re.search(r'<a class="seg hl[^"]*" data-s="(\d+)" href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link and link.group(3) == "نحو ألف جندي" and int(link.group(1)) == claim.start
    assert link.group(2) == f"/claims/{claim.id}"
    # The text around the highlight is all there, in order, exactly.
    text = re.sub(r"<[^>]+>", "", html.split('id="article-body"')[1].split("</div>")[0].split(">", 1)[1])
    assert text.replace("&#34;", '"').replace("&#39;", "'") == ARABIC
    assert 'class="badge v-unverified"' in html


def test_making_a_claim_from_a_selection(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body=ARABIC, language="ar")
    start = ARABIC.index("شهرين")
    response = client.post(f"/articles/{article.id}/claims", data={
        "start": str(start), "end": str(start + 5), "quote": "شهرين", "kind": "duration", "statement": ""})
    assert response.status_code == 302
    claim = db.session.query(Claim).one()
    assert (claim.quote, claim.kind, claim.start) == ("شهرين", "duration", start)


def test_a_bad_selection_re_shows_the_form_with_the_error(client, login_as, make_article):
    login_as("reviewer")
    article = make_article(body=ARABIC, language="ar")
    response = client.post(f"/articles/{article.id}/claims", data={"quote": "غير موجود", "kind": "other"})
    assert response.status_code == 422
    assert "Not found in the article text." in response.get_data(as_text=True)
    assert "غير موجود" in response.get_data(as_text=True)


def test_user_text_is_escaped_everywhere(client, login_as, make_article, make_claim):
    login_as("reviewer")
    article = make_article(body="<script>alert(1)</script> about 20 trucks.", title="<b>t</b>")
    claim = make_claim(article, "<script>alert(1)</script>", statement='"><img src=x onerror=alert(1)>')
    for url in (f"/articles/{article.id}", f"/claims/{claim.id}", "/queue/", "/articles/"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>t</b>" not in html


def test_the_claim_page_shows_evidence_by_stance_figures_and_suggestion(client, login_as, make_claim):
    login_as("reviewer")
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://wire.example/a", "stance": "supports", "reliability": "A",
                                        "credibility": 1, "publisher": "Wire", "reported_value": "about 1,000"})
    evidence.add_evidence(None, claim, {"url": "https://monitor.example/b", "stance": "contradicts",
                                        "reliability": "D", "credibility": 4, "reported_value": "1,400",
                                        "reported_unit": "soldiers", "publisher": "Monitor"})
    db.session.commit()
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Supports (1)" in html and "Contradicts (1)" in html
    assert "1,400 soldiers" in html and "about 1,000" in html
    assert "Suggested by the evidence" in html and "1 independent publisher supports, 1 contradicts" in html


def test_a_stale_claim_form_shows_who_changed_what(client, login_as, make_claim, make_user):
    login_as("reviewer")
    claim = make_claim()
    other = make_user("reviewer", name="Rana Other")
    claim_service.update_claim(other, claim, {"version": 1, "rationale": "Rana's rationale"})
    db.session.commit()
    response = client.post(f"/claims/{claim.id}/edit", data={
        "version": "1", "statement": claim.statement, "kind": "quantity", "verdict": "mixed", "confidence": "low",
        "rationale": "my rationale"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else changed this claim" in html and "Rana Other" in html and "Rana&#39;s rationale" in html
    assert "my rationale" in html  # the user's input is kept
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).rationale == "Rana's rationale"


def test_queue_filters_by_state_and_folded_arabic_text(client, login_as, make_article, make_claim):
    user = login_as("reviewer")
    article = make_article(body="أعلنت الإدارة إخلاء القاعدة. وصلت ٢٠ شاحنة.", language="ar")
    a = make_claim(article, "أعلنت الإدارة إخلاء القاعدة")
    make_claim(article, "وصلت ٢٠ شاحنة")
    claim_service.update_claim(user, a, {"version": 1, "assignee_id": user.id})
    db.session.commit()
    html = client.get("/queue/", query_string={"q": "اخلاء القاعده"}).get_data(as_text=True)
    html = html.replace("<mark>", "").replace("</mark>", "")  # the matching words are marked
    assert "أعلنت الإدارة إخلاء القاعدة" in html and "وصلت ٢٠ شاحنة" not in html
    mine = client.get("/queue/?assignee=me").get_data(as_text=True)
    assert "أعلنت الإدارة" in mine and "وصلت" not in mine
    bad = client.get("/queue/?state=nonsense")
    assert bad.status_code == 422 and "Must be one of" in bad.get_data(as_text=True)


def test_bulk_state_change_reports_what_it_could_not_do(client, login_as, make_article, make_claim):
    login_as("reviewer")
    article = make_article(body="One. Two. Three.")
    a, b, c = make_claim(article, "One"), make_claim(article, "Two"), make_claim(article, "Three")
    response = client.post("/queue/bulk", data={"action": "state", "to": "in_review",
                                                "claim": [str(a.id), str(b.id), str(c.id)],
                                                f"v{a.id}": "1", f"v{b.id}": "7"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "1 claim updated." in html and f"Claim #{b.id}: Claim #{b.id} was changed by someone else" in html
    assert f"Claim #{c.id}: Claim #{c.id} was not on the page you saw" in html
    db.session.expire_all()
    states = [db.session.get(Claim, x.id).state for x in (a, b, c)]
    assert states == ["in_review", "open", "open"]


def test_suggestions_can_be_accepted_merged_and_rejected(client, login_as, make_article):
    login_as("reviewer")
    body = "Officials said about 1,000 troops remain in Syria. The withdrawal will take two months."
    article = make_article(body=body)
    html = client.get(f"/articles/{article.id}").get_data(as_text=True)
    spans = re.findall(r'name="s" value="(\d+:\d+)"', html)
    assert spans, "the engine suggests claims for this article"
    client.post(f"/articles/{article.id}/suggestions", data={"s": spans[0], "action": "accept"})
    claim = db.session.query(Claim).one()
    assert claim.origin == "suggested"
    if len(spans) > 1:
        client.post(f"/articles/{article.id}/suggestions", data={"s": spans[1], "action": "reject"})
        assert db.session.query(SuggestionOutcome).filter_by(outcome="rejected").count() == 1
        again = client.get(f"/articles/{article.id}").get_data(as_text=True)
        assert f'value="{spans[1]}"' not in again


@pytest.mark.parametrize("first, second", [("accept", "reject"), ("reject", "accept"), ("reject", "merge"),
                                           ("accept", "accept"), ("reject", "reject")])
def test_a_suggestion_decided_from_a_page_left_open_gets_409_naming_who_decided(app, make_user, make_article,
                                                                                first, second):
    """Once, a rejection from a page left open after someone accepted stored both: a claim and a rejection,
    and the model learned both labels. Whoever decides second is told who decided first; nothing changes."""
    article = make_article(body="The base holds about 1,000 soldiers. The evacuation will take a month.")
    from app.services import suggestions

    found = suggestions.pending(article)[0]
    span = f"{found.start}:{found.end}"
    clients = []
    for name in ("Huda First", "Sami Second"):
        client = app.test_client()
        login(client, make_user("reviewer", name=name))
        client.get(f"/articles/{article.id}")  # both have the page open, the suggestion on it
        clients.append(client)
    decided = clients[0].post(f"/articles/{article.id}/suggestions", data={"s": span, "action": first})
    assert decided.status_code == 302
    form = {"s": [span, f"{found.end + 1}:{len(article.body) - 1}"] if second == "merge" else span, "action": second}
    late = clients[1].post(f"/articles/{article.id}/suggestions", data=form)
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    told = "already made a claim by Huda First" if first == "accept" else "already rejected by Huda First"
    assert told in html, html[html.find("flash"):][:400]
    db.session.expire_all()
    assert db.session.query(SuggestionOutcome).filter_by(article_id=article.id).count() == 1
    assert db.session.query(Claim).filter_by(article_id=article.id).count() == (1 if first == "accept" else 0)
    labels = [e.label for e in db.session.query(SuggestionExample).filter_by(article_id=article.id)]
    assert labels == [first == "accept"]  # one decision, one label


def test_a_claim_on_a_rejected_span_is_refused_through_the_api(api, make_article, make_user):
    from app.services import suggestions

    article = make_article(body="The base holds about 1,000 soldiers. The evacuation will take a month.")
    found = suggestions.pending(article)[0]
    suggestions.reject(make_user("reviewer", name="Rana"), article, {"start": found.start, "end": found.end})
    db.session.commit()
    response = api("editor").post(f"/api/v1/articles/{article.id}/claims",
                                  json={"start": found.start, "end": found.end})
    assert response.status_code == 409, response.json
    assert "already rejected by Rana" in response.json["error"]["message"]
    assert response.json["error"]["outcome"] == {"outcome": "rejected", "claim_id": None, "decided_by": "Rana"}
    made = api("editor").post(f"/api/v1/articles/{article.id}/claims", json={"quote": "The evacuation"})
    assert made.status_code == 201, made.json
    claim = made.json
    moved = api("editor").patch(f"/api/v1/claims/{claim['id']}",
                                json={"version": claim["version"], "start": found.start, "end": found.end})
    assert moved.status_code == 409 and "already rejected by Rana" in moved.json["error"]["message"]


@pytest.mark.parametrize("span", ["abc", "5:2", "0:999999", "Á\x12$:Z", "3"])
def test_a_ticked_suggestion_that_is_not_a_span_is_refused_with_a_message(client, login_as, make_article, span):
    """A 500 once: the span parser bound "_" and then called it as gettext."""
    login_as("reviewer")
    article = make_article(body="Officials said about 1,000 troops remain in Syria.")
    response = client.post(f"/articles/{article.id}/suggestions", data={"s": span, "action": "accept"})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A ticked suggestion is not a valid span." in html
    assert db.session.query(Claim).count() == 0


def test_arabic_names_are_isolated_inside_english_sentences(client, login_as, make_claim, make_user):
    login_as("reviewer")
    claim = make_claim()
    setter = make_user("reviewer", name="ريم الحسن")
    claim_service.update_claim(setter, claim, {"version": 1, "verdict": "mixed"})
    db.session.commit()
    html = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert 'Verdict set by <bdi dir="auto">ريم الحسن</bdi>' in html
    assert '<bdi class="actor" dir="auto">ريم الحسن</bdi> set the verdict' in html  # the history's sentence


def test_a_stale_assignment_says_so_on_the_claim_page(client, login_as, make_claim, make_user):
    login_as("reviewer")
    claim = make_claim()
    other = make_user("reviewer")
    stale = client.post(f"/claims/{claim.id}/assign", data={"version": str(claim.version + 5),
                                                            "assignee_id": str(other.id)})
    assert stale.status_code == 302 and stale.headers["Location"] == f"/claims/{claim.id}"
    assert db.session.get(Claim, claim.id).assignee_id is None
