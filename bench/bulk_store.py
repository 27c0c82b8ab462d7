"""Storing suggested claims: ms per stored claim, and the 500,000-character import with suggestions as a job.

Run from the repository root (PostgreSQL's server must be up; the bench database is made if missing and
emptied on every run):

    python bench/bulk_store.py [--claims 600] [--import-chars 500000] [--per-claim] [--no-sqlite]

Prints, for PostgreSQL and SQLite:
- the engine's time on the article (``suggest()`` alone, and ``suggestions.pending`` with the desk's scorer);
- ``store_all``: ms per stored claim, the engine's answer already in hand (what the bulk path costs);
- with ``--per-claim``: the same suggestions stored one ``create_claim`` at a time (the path ``accept``,
  ``merge`` and ``split`` still use, and what ``store_all`` did before), on a second article with the same body;
- the real article of /work/shared/corpus when it exists (read at run time, never copied here);
and on PostgreSQL the wall time of the whole 500,000-character import with suggestions as the import job
runs it (``jobs.enqueue("articles.import")`` with no queue configured: the handler runs in this process,
its commit included).

Targets (issue 19, part 5): <= 2 ms a claim on PostgreSQL; the 500,000-character import <= 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("BENCH_BULK_PG", "postgresql://postgres@127.0.0.1:5432/claimdesk_h4_bench")
CORPUS = Path(os.environ.get("CLAIMDESK_CORPUS", "/work/shared/corpus"))
TARGET_MS_PER_CLAIM = 2.0
_DIGITS = re.compile(r"[0-9]+|[٠-٩]+")
TARGET_IMPORT_SECONDS = 60.0


def long_text(chars: int, seed: int = 11) -> str:
    """About ``chars`` characters of Arabic and English news paragraphs: the project's annotated texts
    (tests/data) interleaved with bench/suggest_speed.py's varied template sentences, cut at a paragraph."""
    from bench.suggest_speed import build_article

    rnd = random.Random(seed)
    shipped = [p.strip() for path in sorted((ROOT / "tests" / "data").glob("*.txt"))
               for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    made = build_article(words=chars // 5, seed=seed).split("\n\n")

    def figure(match: re.Match) -> str:  # another figure of as many digits, in the same digits
        digits = "٠١٢٣٤٥٦٧٨٩" if match.group()[0] in "٠١٢٣٤٥٦٧٨٩" else "0123456789"
        old = match.group()
        keep = 2 if len(old) == 4 and old[:2] in ("19", "20", "١٩", "٢٠") else 0  # a year stays a year
        return old[:keep] + "".join(rnd.choice(digits[1:] if k == 0 else digits) for k in range(keep, len(old)))

    out: list[str] = []
    size = 0
    while size < chars:
        para = rnd.choice(shipped) if rnd.random() < 0.3 else made[len(out) % len(made)]
        # Each figure made anew: the claims' texts are mostly distinct, as in a real article, so that no
        # per-text memo (the similarity keys') makes the bench faster than a desk.
        para = _DIGITS.sub(figure, para)
        if size + len(para) + 2 > chars:
            break
        out.append(para)
        size += len(para) + 2
    return "\n\n".join(out)


def text_for_claims(n: int) -> str:
    """A text with about ``n`` suggestions (about one per 90 characters on this mix)."""
    from app.suggest import suggest

    chars = n * 90
    for _ in range(6):
        text = long_text(chars)
        found = len(suggest(text))
        if abs(found - n) <= n * 0.05:
            break
        chars = int(chars * n / max(found, 1))
    return text


def bench_app(url: str):
    from app import create_app
    from config import Config, _normalise_db_url

    class BulkConfig(Config):
        SQLALCHEMY_DATABASE_URI = _normalise_db_url(url)
        REDIS_URL = ""  # the import job runs in this process, as without a worker
        RATELIMIT_ENABLED = False
        LOG_LEVEL = "WARNING"
        SECRET_KEY = "bulk-store-bench"

    return create_app(BulkConfig)


def fresh_database(url: str) -> None:
    import sqlalchemy as sa

    from config import _normalise_db_url

    if not url.startswith("postgres"):
        return
    server, name = url.rsplit("/", 1)
    engine = sa.create_engine(_normalise_db_url(server + "/postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    engine = sa.create_engine(_normalise_db_url(url))
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def _article(actor, title: str, body: str, language: str | None = None):
    from app.extensions import db
    from app.services import articles

    data = {"title": title, "body": body}
    if language:
        data["language"] = language
    article = articles.create_article(actor, data).article
    db.session.commit()
    return article


def _store(actor, title: str, body: str, per_claim: bool, language: str | None = None) -> tuple[int, float, float]:
    """(claims stored, seconds of the engine's pending(), seconds of storing them); committed."""
    from app.extensions import db
    from app.services import suggestions

    article = _article(actor, title, body, language)
    t0 = time.perf_counter()
    found = suggestions.pending(article)
    engine = time.perf_counter() - t0
    t0 = time.perf_counter()
    if per_claim:  # one create_claim per suggestion, as store_all did before it wrote in bulk
        made = [suggestions._claim_from(actor, article, {"start": s.start, "end": s.end}, s) for s in found]
    else:
        made = suggestions.store_all(actor, article)
    db.session.flush()
    stored = time.perf_counter() - t0
    db.session.commit()
    assert len(made) == len(found), (len(made), len(found))
    return len(made), engine, stored


def run_database(label: str, url: str, args, body: str, import_body: str | None) -> None:
    from app.extensions import db
    from app.jobs.core import enqueue
    from app.models import Claim, User
    from app.suggest import suggest

    fresh_database(url)
    app = bench_app(url)
    with app.app_context():
        db.create_all()
        actor = User(email=f"bulk-{label}@bench.example", role="editor", name="Bench", password_hash="!")
        db.session.add(actor)
        db.session.commit()
        t0 = time.perf_counter()
        suggest(body)
        print(f"{label}: article of {len(body):,} characters; suggest() alone {time.perf_counter() - t0:.2f} s")
        n, engine, stored = _store(actor, "bulk", body, per_claim=False)
        verdict = "meets" if stored * 1000 / n <= TARGET_MS_PER_CLAIM or label != "postgresql" else "ABOVE"
        print(f"  store_all (bulk):      {n:5d} claims, {stored * 1000 / n:7.2f} ms a claim "
              f"({stored:.2f} s; the engine's pending() before it {engine:.2f} s)"
              + (f"; {verdict} target <= {TARGET_MS_PER_CLAIM} ms" if label == "postgresql" else ""))
        if args.per_claim:
            n1, _, stored1 = _store(actor, "per claim", body, per_claim=True)
            print(f"  create_claim per claim: {n1:5d} claims, {stored1 * 1000 / n1:7.2f} ms a claim ({stored1:.2f} s); "
                  f"bulk is {stored1 / n1 / (stored / n):.0f} times faster")
        corpus = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
        for path in corpus:
            text = path.read_text(encoding="utf-8")
            n2, engine2, stored2 = _store(actor, path.stem, text, per_claim=False)
            if n2:
                print(f"  corpus {path.name}: {len(text):,} characters, {n2} claims, "
                      f"{stored2 * 1000 / n2:.2f} ms a claim ({stored2 * 1000:.0f} ms; pending() {engine2 * 1000:.0f} ms)")
        if import_body is not None:
            t0 = time.perf_counter()
            job = enqueue("articles.import", {"data": {"title": "import", "body": import_body, "suggest": True}},
                          user_id=actor.id)
            wall = time.perf_counter() - t0
            claims = db.session.scalar(db.select(db.func.count(Claim.id)).where(
                Claim.article_id == (job.result or {}).get("article_id")))
            verdict = "meets" if job.state == "finished" and wall <= TARGET_IMPORT_SECONDS else "ABOVE"
            print(f"  import job, {len(import_body):,} characters with suggestions: {wall:.1f} s wall, "
                  f"job {job.state} ({job.error_code or 'ok'}), {claims} claims; "
                  f"{verdict} target <= {TARGET_IMPORT_SECONDS:.0f} s")
        db.session.remove()
        db.engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--claims", type=int, default=600, help="suggestions in the store_all article")
    parser.add_argument("--import-chars", type=int, default=500_000, help="0: no import job")
    parser.add_argument("--per-claim", action="store_true", help="also store the suggestions one at a time")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgresql", action="store_true")
    args = parser.parse_args()
    body = text_for_claims(args.claims)
    import_body = long_text(args.import_chars, seed=23) if args.import_chars else None
    if not args.no_postgresql:
        run_database("postgresql", PG_URL, args, body, import_body)
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            run_database("sqlite", f"sqlite:///{tmp}/bulk.sqlite", args, body, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
