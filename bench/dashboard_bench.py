"""Dashboard speed at 100,000 claims (10,000 articles, two years of work, about 175,000 audit events, 500
sources): the median time of the service's figures and of the whole page, and the statements each issues.

    python bench/dashboard_bench.py                       # SQLite file under /tmp
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/DB python bench/dashboard_bench.py

Prints figures; asserts nothing. The data is generated once per database and reused (--fresh to rebuild).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Article, Claim, Event, Source, User  # noqa: E402
from app.services import dashboard, users  # noqa: E402
from config import Config, _normalise_db_url  # noqa: E402

N_ARTICLES = int(os.environ.get("BENCH_ARTICLES", 10_000))
N_CLAIMS = int(os.environ.get("BENCH_CLAIMS", 100_000))
URL = _normalise_db_url(os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/claimdesk-dashboard-bench.sqlite"))
NOW = dt.datetime.now(dt.UTC)


class BenchConfig(Config):
    SQLALCHEMY_DATABASE_URI = URL
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    LOG_LEVEL = "WARNING"


def seed() -> None:
    rnd = random.Random(21)
    db.drop_all()
    db.create_all()
    people = [users.create_user(None, f"r{i}@bench.example", "reviewer", "bench-password-1")[0] for i in range(20)]
    users.create_user(None, "editor@bench.example", "editor", "bench-password-1")
    db.session.commit()
    body = "A wire report says about a thousand soldiers remain at the base and will leave within two months. " * 4
    db.session.execute(sa.insert(Article), [{"title": f"A{i}", "body": body, "language": "en"}
                                            for i in range(N_ARTICLES)])
    article_ids = list(db.session.scalars(sa.select(Article.id)))
    states = ["open", "in_review", "awaiting_approval", "approved"]
    verdicts = ["unverified", "confirmed", "likely_true", "mixed", "likely_false", "false"]
    claims = []
    for i in range(N_CLAIMS):
        created = NOW - dt.timedelta(hours=rnd.randrange(104 * 7 * 24))  # two years of claims
        state = states[i % 4]
        approved = created + dt.timedelta(hours=rnd.randrange(1, 300)) if state == "approved" else None
        claims.append({"article_id": article_ids[i % len(article_ids)], "start": 0, "end": 30, "quote": body[:30],
                       "statement": f"s{i}", "search_text": f"s{i}", "state": state, "created_at": created,
                       "verdict": "unverified" if state == "open" else verdicts[i % 6],
                       "assignee_id": people[i % 20].id if i % 7 else None,
                       "approved_at": min(approved, NOW) if approved else None})
    for at in range(0, len(claims), 10_000):
        db.session.execute(sa.insert(Claim), claims[at:at + 10_000])
    ids = list(db.session.scalars(sa.select(Claim.id).order_by(Claim.id)))
    events = []
    for claim_id, row in zip(ids, claims, strict=True):
        if row["state"] == "open":
            continue
        moment = row["approved_at"] or row["created_at"] + dt.timedelta(hours=2)
        events.append({"object_type": "claim", "object_id": claim_id, "claim_id": claim_id, "action": "transition",
                       "field": "state", "before": "open", "after": row["state"], "created_at": moment})
        events.append({"object_type": "claim", "object_id": claim_id, "claim_id": claim_id, "action": "updated",
                       "field": "verdict", "before": "unverified", "after": row["verdict"], "created_at": moment})
    comments = len(ids) - len(events) // 2  # other events (comments) the dashboard's window must skip
    events += [{"object_type": "comment", "object_id": i, "claim_id": ids[i], "action": "created",
                "before": None, "after": None, "created_at": NOW - dt.timedelta(hours=i % (104 * 7 * 24))}
               for i in range(comments)]
    for at in range(0, len(events), 10_000):
        db.session.execute(sa.insert(Event), events[at:at + 10_000])
    db.session.execute(sa.insert(Source), [
        {"url": f"https://wire{i}.example/s", "reliability": "B", "status": "gone" if i % 5 == 0 else "ok",
         "checked_at": NOW - dt.timedelta(hours=rnd.randrange(104 * 7 * 24))} for i in range(500)])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execute(sa.text("ANALYZE"))
            conn.commit()


def timed(call, runs: int = 9) -> tuple[float, int]:
    statements: list[str] = []

    def count(*_args):
        statements.append("x")

    times = []
    for n in range(runs):
        if n == runs - 1:
            sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
        db.session.rollback()
    sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
    return statistics.median(times) * 1000, len(statements)


def main() -> int:
    app = create_app(BenchConfig)
    with app.app_context():
        seeded = sa.inspect(db.engine).has_table("claim") and db.session.scalar(sa.select(Claim.id).limit(1))
        db.session.rollback()  # the check's transaction would hold drop_all() back on PostgreSQL
        if "--fresh" in sys.argv or not seeded:
            print("seeding …", flush=True)
            seed()
        claims = db.session.scalar(sa.select(sa.func.count()).select_from(Claim))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(Event))
        ms, statements = timed(dashboard.build)
        print(f"{db.engine.dialect.name}: {claims:,} claims, {events:,} events")
        print(f"dashboard.build(): median {ms:.1f} ms, {statements} statements")
        editor = db.session.scalar(sa.select(User).where(User.email == "editor@bench.example"))
        client = app.test_client()
        client.post("/login", data={"email": editor.email, "password": "bench-password-1"})

        def page():
            assert client.get("/dashboard/").status_code == 200

        ms, statements = timed(page)
        print(f"GET /dashboard/: median {ms:.1f} ms, {statements} statements (with session and user loads)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
