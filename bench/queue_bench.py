"""Queue speed with 100,000 claims in 10,000 articles: median time a page of 50, and statements per page.

    python bench/queue_bench.py                       # SQLite file under /tmp
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/test python bench/queue_bench.py

Prints figures; asserts nothing. The data is generated once per database and reused (--fresh to rebuild).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import ApiToken, Article, Claim, Evidence, Source, User  # noqa: E402
from app.services import users  # noqa: E402
from config import Config, _normalise_db_url  # noqa: E402

N_ARTICLES = int(os.environ.get("BENCH_ARTICLES", 10_000))
N_CLAIMS = int(os.environ.get("BENCH_CLAIMS", 100_000))
URL = _normalise_db_url(os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/claimdesk-bench.sqlite"))


class BenchConfig(Config):
    SQLALCHEMY_DATABASE_URI = URL
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    LOG_LEVEL = "WARNING"


def seed() -> None:
    rnd = random.Random(7)
    db.drop_all()
    db.create_all()
    people = [users.create_user(None, f"r{i}@bench.example", "reviewer", "bench-password-1")[0] for i in range(20)]
    db.session.commit()
    body = ("ونقلت وكالة رويترز عن مسؤولين أن نحو ألف جندي ما زالوا في سوريا، وأن الانسحاب قد يستغرق شهرين. " * 6)
    t0 = time.perf_counter()
    db.session.execute(sa.insert(Article), [
        {"title": f"مقال {i}", "body": body, "language": "ar" if i % 3 else "en"} for i in range(N_ARTICLES)])
    article_ids = list(db.session.scalars(sa.select(Article.id)))
    db.session.execute(sa.insert(Source), [{"url": f"https://wire{i}.example/s", "reliability": "B"} for i in range(500)])
    source_ids = list(db.session.scalars(sa.select(Source.id)))
    verdicts = ["unverified", "confirmed", "likely_true", "mixed", "likely_false", "false"]
    states = ["open", "in_review", "awaiting_approval", "approved"]
    kinds = ["quantity", "duration", "place", "event", "other"]
    batch = []
    for i in range(N_CLAIMS):
        end = 20 + i % 60
        batch.append({"article_id": article_ids[i % len(article_ids)], "start": 0, "end": end, "quote": body[:end],
                      "statement": body[:end], "search_text": body[:end], "kind": kinds[i % 5],
                      "verdict": rnd.choice(verdicts), "state": rnd.choice(states),
                      "assignee_id": people[i % 20].id if i % 4 else None, "rationale": "", "origin": "import",
                      "version": 1})
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
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does for a desk in steady state: statistics and the visibility map.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    print(f"seeded {N_ARTICLES} articles, {N_CLAIMS} claims in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    app = create_app(BenchConfig)
    with app.app_context():
        inspector = sa.inspect(db.engine)
        have = inspector.has_table("claim") and db.session.scalar(sa.select(sa.func.count(Claim.id))) == N_CLAIMS
        db.session.rollback()  # end the read transaction: drop_all would wait on its locks
        if "--fresh" in sys.argv or not have:
            seed()
        reader = db.session.scalar(sa.select(User).where(User.email == "r0@bench.example"))
        db.session.execute(sa.delete(ApiToken))
        _, token = users.create_token(None, reader, "bench")
        db.session.commit()
    client = app.test_client()
    login = client.post("/login", data={"email": "r0@bench.example", "password": "bench-password-1"})
    assert login.status_code == 302, "the bench user could not log in"
    headers = {"Authorization": f"Bearer {token}"}
    urls = {
        "queue page 1": "/queue/?per_page=50",
        "queue page 200": "/queue/?per_page=50&page=200",
        "queue state+verdict": "/queue/?state=in_review&verdict=mixed",
        "queue one assignee": "/queue/?assignee=2",
        "api claims page 1": "/api/v1/claims?per_page=50",
        "api claims page 200": "/api/v1/claims?per_page=50&page=200",
        "api claims kind+state": "/api/v1/claims?kind=place&state=approved&per_page=50",
    }
    print(f"database: {URL.split(':')[0]}; {N_CLAIMS} claims")
    with app.app_context():
        engine = db.engine
    # Requests run outside any app context, each in its own, as under a real server.
    for name, url in urls.items():
        statements: list[int] = []

        def listener(*args, _seen=statements):
            _seen.append(1)

        client.get(url, headers=headers)  # warm-up
        sa.event.listen(engine, "before_cursor_execute", listener)
        client.get(url, headers=headers)
        sa.event.remove(engine, "before_cursor_execute", listener)
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            response = client.get(url, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        print(f"{name:24} median {statistics.median(times):6.1f} ms   p90 {sorted(times)[26]:6.1f} ms   "
              f"{len(statements)} statements")


if __name__ == "__main__":
    main()
