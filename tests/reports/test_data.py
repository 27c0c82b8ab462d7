"""The report model: one loader, a fixed number of statements, everything a report shows."""

import pytest

from app.extensions import db
from app.models import Article, Claim, Comment, Evidence, Source
from app.services import articles as article_service
from app.services.errors import NotFound
from tests.reports.conftest import model
from tests.web.test_statement_counts import count_statements


def test_the_model_holds_the_article_summary_claims_and_history(reviewed, people):
    m = model(reviewed["article"].id, generated_by=people["editor"])
    assert m["article"]["title"] == "Troops and trucks" and m["article"]["publisher"] == "News Example"
    assert m["article"]["published_at"] == "2026-02-21" and m["language"] == "en" and m["dir"] == "ltr"
    assert m["generated_by"]["name"] == "Omar Editor"
    s = m["summary"]
    assert s["total"] == 4 and s["approved"] == 2 and s["not_approved"] == 2
    assert s["by_verdict"]["false"] == 1 and s["by_verdict"]["mixed"] == 1 and s["by_verdict"]["unverified"] == 1
    assert s["rollup"] == "2 of 4 claims approved; 1 false, 1 mixed, 1 unverifiable, 1 unverified"
    assert [a["user"]["name"] for a in s["approvals"]] == ["Omar Editor"] and s["approvals"][0]["claims"] == 2
    first = m["claims"][0]
    assert [c["number"] for c in m["claims"]] == [1, 2, 3, 4]
    assert first["quote"] == "about 1,000 soldiers" and first["verdict"] == "false" and first["approved"]
    assert first["verdict_set_by"]["name"] == "Rana Reviewer" and first["approved_by"]["name"] == "Omar Editor"
    assert len(first["evidence"]) == 3 and first["evidence"][0]["source"]["reliability"] == "B"
    assert first["comments"][0]["body"] == "Checked with the wire desk."
    assert first["url"] == f"https://desk.example/claims/{first['id']}"
    actions = {(e["object"], e["action"], e["field"]) for e in m["history"]}
    assert ("claim", "transition", "state") in actions and ("claim", "updated", "verdict") in actions


def test_public_models_carry_no_emails_or_internal_comments(reviewed):
    m = model(reviewed["article"].id, public=True)
    assert "@" not in str(m["claims"]) + str(m["history"]) + str(m["summary"])
    assert all(c["comments"] == [] for c in m["claims"])


def test_an_article_without_claims_gives_an_empty_report(make_article):
    m = model(make_article().id)
    assert m["claims"] == [] and m["summary"]["total"] == 0 and m["summary"]["rollup"] == "No claims."


def test_unknown_article():
    with pytest.raises(NotFound):
        model(999_999)


def test_streamed_model_gives_the_same_claims_in_chunks(reviewed, monkeypatch):
    from app.reports import data

    monkeypatch.setattr(data, "CHUNK", 3)  # 4 claims: a chunk of 3, then 1
    listed = model(reviewed["article"].id, now=None)
    streamed = model(reviewed["article"].id, stream=True)
    assert not isinstance(streamed["claims"], list)
    assert list(streamed["claims"]) == listed["claims"] and list(streamed["history"]) == listed["history"]


def seed(article: Article, n: int) -> None:
    source = Source(url=f"https://wire.example/{n}", reliability="B")
    db.session.add(source)
    db.session.flush()
    claims = [Claim(article_id=article.id, start=i % 30, end=31 + i, quote=article.body[i % 30:31 + i],
                    statement=f"s{i}", state=("open", "approved")[i % 2], verdict="mixed") for i in range(n)]
    db.session.add_all(claims)
    db.session.flush()
    db.session.add_all(Evidence(claim_id=c.id, source_id=source.id, stance="supports") for c in claims)
    db.session.add_all(Comment(claim_id=c.id, body="note") for c in claims)
    db.session.commit()


def test_statements_do_not_grow_with_the_claims(make_article):
    counts = []
    for n in (2, 60):
        article = article_service.create_article(None, {"title": "t", "body": "x" * 200}).article
        seed(article, n)
        db.session.expire_all()
        with count_statements() as seen:
            m = model(article.id)
        assert len(m["claims"]) == n and all(len(c["evidence"]) == 1 for c in m["claims"])
        counts.append(len(seen))
    assert counts[0] == counts[1] and counts[0] <= 9, counts
