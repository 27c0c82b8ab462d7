"""The desk that bench/floor.py measures, built once per database and size and then reused.

A desk of N claims in N/10 articles (bulk rows, as an import would leave them), plus the pages the issue names,
made through the service layer so that they look like a desk's own work:

- an article with 200 claims;
- a claim with 30 evidence items and 200 history events;
- a published report of 50 claims (and so one entry in the ClaimReview feed).

Used by bench/floor.py, and by tests/web/test_statements.py at two small sizes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Article, Claim, Evidence, Publication, Source, User
from app.services import articles as article_service
from app.services import claims as claim_service
from app.services import evidence as evidence_service
from app.services import reports as report_service
from app.services import users

PASSWORD = "bench-password-1"
BIG_TITLE = "مقال بمئتي ادعاء"
READER = "floor-reader@bench.example"
EDITOR = "floor-editor@bench.example"

SENTENCE = ("ونقلت وكالة رويترز عن مسؤولين أن نحو ألف جندي ما زالوا في سوريا، وأن الانسحاب قد يستغرق شهرين. ")
ENGLISH = "Officials said about 1,000 soldiers remain, and that the withdrawal could take two months. "


@dataclass
class Marks:
    """Where the named pages are: ids and the public token."""

    article_200: int
    claim_30: int
    report_token: str
    reader_email: str = READER
    password: str = PASSWORD


def _bulk(n_claims: int, rnd: random.Random, people: list[User]) -> None:
    n_articles = max(1, n_claims // 10)
    body = SENTENCE * 6
    db.session.execute(sa.insert(Article), [
        {"title": f"مقال {i}", "body": body if i % 3 else ENGLISH * 6, "language": "ar" if i % 3 else "en"}
        for i in range(n_articles)])
    article_ids = list(db.session.scalars(sa.select(Article.id).order_by(Article.id)))
    db.session.execute(sa.insert(Source), [{"url": f"https://wire{i}.example/s", "reliability": "B"}
                                           for i in range(500)])
    source_ids = list(db.session.scalars(sa.select(Source.id).order_by(Source.id)))
    verdicts = ["unverified", "confirmed", "likely_true", "mixed", "likely_false", "false"]
    states = ["open", "in_review", "awaiting_approval", "approved"]
    kinds = ["quantity", "duration", "place", "event", "other"]
    batch: list[dict] = []
    for i in range(n_claims):
        article = i % n_articles
        text = body if article % 3 else ENGLISH * 6
        end = 20 + i % 60
        batch.append({"article_id": article_ids[article], "start": 0, "end": end, "quote": text[:end],
                      "statement": text[:end], "search_text": text[:end], "kind": kinds[i % 5],
                      "verdict": rnd.choice(verdicts), "state": rnd.choice(states),
                      "assignee_id": people[i % len(people)].id if i % 4 else None, "rationale": "",
                      "origin": "import", "version": 1})
        if len(batch) == 10_000:
            db.session.execute(sa.insert(Claim), batch)
            batch = []
    if batch:
        db.session.execute(sa.insert(Claim), batch)
    claim_ids = list(db.session.scalars(sa.select(Claim.id)))
    db.session.execute(sa.insert(Evidence), [
        {"claim_id": cid, "source_id": source_ids[cid % len(source_ids)], "stance": "supports", "credibility": 3,
         "excerpt": "", "note": ""} for cid in claim_ids[::2]])
    db.session.commit()


def _article_with_claims(editor: User, n: int, title: str) -> Article:
    sentences = [f"قال المتحدث إن عدد الجنود بلغ {k + 1} ألف جندي في القاعدة رقم {k + 1}. " for k in range(n)]
    article = article_service.create_article(editor, {"title": title, "body": "".join(sentences)}).article
    offset = 0
    for k, sentence in enumerate(sentences):
        quote = sentence.strip()
        claim_service.create_claim(editor, article, {"start": offset, "end": offset + len(quote),
                                                     "kind": "quantity", "verdict": "likely_true" if k % 2 else
                                                     "unverified", "rationale": "مصدران مستقلان"})
        offset += len(sentence)
    db.session.commit()
    return article


def _score(article: Article) -> None:
    """What the worker's whole-article job does after an import: every sentence's learned score kept."""
    from app.services import checkworthiness

    checkworthiness.score_article(article.id)
    db.session.commit()


def build(n_claims: int, *, seed: int = 7, big: int = 200, evidence: int = 30, events: int = 170,
          published: int = 50, reset: bool = True) -> Marks:
    """Build the desk (with `reset`, on a new schema: everything under the app's engine is dropped first).

    The named pages' sizes can be made smaller for tests: `big` claims on the big article, `evidence`
    items and `events` more edits on its first claim, `published` claims in the published report.
    """
    rnd = random.Random(seed)
    if reset:
        db.drop_all()
        db.session.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        db.create_all()
    people = [users.create_user(None, f"r{i}@bench.example", "reviewer", PASSWORD)[0] for i in range(20)]
    users.create_user(None, READER, "reviewer", PASSWORD, "Floor reader")
    editor, _ = users.create_user(None, EDITOR, "editor", PASSWORD, "Floor editor")
    db.session.commit()
    _bulk(max(0, n_claims - big - published), rnd, people)

    big_article = _article_with_claims(editor, big, BIG_TITLE)
    claim = db.session.scalar(sa.select(Claim).where(Claim.article_id == big_article.id).order_by(Claim.id))
    for k in range(evidence):
        evidence_service.add_evidence(editor, claim, {
            "url": f"https://agency{k}.example/report/{k}", "title": f"تقرير {k}", "publisher": f"وكالة {k}",
            "stance": ("supports", "contradicts", "context")[k % 3], "credibility": 1 + k % 6,
            "excerpt": "وقال المسؤول إن العدد يقارب ألف جندي.", "reported_value": str(900 + k),
            "reported_unit": "جندي"})
        db.session.commit()
    for k in range(events):
        claim_service.update_claim(editor, claim, {"rationale": f"مراجعة رقم {k}: المصادر متفقة على العدد تقريبا.",
                                                   "version": claim.version})
        db.session.commit()

    _score(big_article)
    report = _article_with_claims(editor, published, "تقرير منشور")
    _score(report)
    report_service.publish(editor, report, include_unapproved=True, base_url="https://desk.example")
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does for a desk in steady state: statistics and the visibility map.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    return marks()


def marks() -> Marks | None:
    """The marks of a built desk, or None when this database holds none."""
    try:
        editor = db.session.scalar(sa.select(User).where(User.email == EDITOR))
    except sa.exc.DBAPIError:
        db.session.rollback()
        return None
    if editor is None:
        return None
    big = db.session.scalar(sa.select(Article).where(Article.title == BIG_TITLE))
    claim_id = db.session.scalar(sa.select(Claim.id).where(Claim.article_id == big.id).order_by(Claim.id))
    token = db.session.scalar(sa.select(Publication.token).where(Publication.withdrawn_at.is_(None)))
    return Marks(big.id, claim_id, token)


def claim_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Claim.id))) or 0
