"""Similar-claim lookup with 100,000 claims in the desk: median and p90 time per lookup.

    python bench/similar_bench.py            # SQLite file under /tmp; BENCH_DATABASE_URL for PostgreSQL

Claims are generated from Arabic and English templates with varied figures, units, places and durations,
so keys have a realistic spread; their keys come from the real engine. Prints figures; asserts nothing.
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
from app.models import Article, Claim, ClaimKey  # noqa: E402
from app.services.similar import similar_claims  # noqa: E402
from app.suggest.similar import claim_keys  # noqa: E402
from config import Config, _normalise_db_url  # noqa: E402

N = int(os.environ.get("BENCH_CLAIMS", 100_000))
URL = _normalise_db_url(os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/claimdesk-similar.sqlite"))

AR = ["نحو {n} جندي في {p}", "وصلت أكثر من {n} شاحنة إلى {p}", "يستغرق الإخلاء نحو {d}", "قُتل {n} شخصًا في {p}",
      "انقطعت الكهرباء عن {n} منزل في {p}", "ارتفع سعر الخبز بنسبة {n} في المئة في {p}"]
EN = ["about {n} troops in {p}", "more than {n} trucks reached {p}", "the evacuation will take about {d}",
      "{n} people were killed in {p}", "power was cut to {n} homes in {p}", "bread prices rose {n} percent in {p}"]
PLACES_AR = ["سوريا", "العراق", "الحسكة", "القامشلي", "دير الزور", "الرقة", "دمشق", "بغداد", "أربيل", "البصرة"]
PLACES_EN = ["Syria", "Iraq", "Hasakah", "Qamishli", "Deir ez-Zor", "Raqqa", "Damascus", "Baghdad", "Erbil", "Basra"]
DUR_AR = ["شهر", "شهرين", "أسبوع", "ثلاثة أشهر", "عام"]
DUR_EN = ["a month", "two months", "a week", "three months", "a year"]


class BenchConfig(Config):
    SQLALCHEMY_DATABASE_URI = URL
    LOG_LEVEL = "WARNING"


def seed() -> None:
    rnd = random.Random(3)
    db.drop_all()
    db.create_all()
    t0 = time.perf_counter()
    db.session.execute(sa.insert(Article), [{"title": f"a{i}", "body": "x" * 50, "language": "ar" if i % 2 else "en"}
                                            for i in range(N // 10)])
    db.session.commit()
    claims, keys = [], []
    for i in range(N):
        arabic = i % 2 == 1
        template = rnd.choice(AR if arabic else EN)
        text = template.format(n=rnd.choice([20, 50, 100, 250, 500, 1000, 2000, 5000]) + rnd.randint(0, 3) * 10,
                               p=rnd.choice(PLACES_AR if arabic else PLACES_EN), d=rnd.choice(DUR_AR if arabic else DUR_EN))
        claims.append({"id": i + 1, "article_id": i // 10 + 1, "start": 0, "end": 5, "quote": text, "statement": text,
                       "search_text": text, "rationale": "", "version": 1})
        keys.extend({"claim_id": i + 1, "key": k[:120]} for k in claim_keys(text))
        if len(claims) == 10_000:
            db.session.execute(sa.insert(Claim), claims)
            db.session.execute(sa.insert(ClaimKey), keys)
            claims, keys = [], []
    if claims:
        db.session.execute(sa.insert(Claim), claims)
        db.session.execute(sa.insert(ClaimKey), keys)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    total_keys = db.session.scalar(sa.select(sa.func.count()).select_from(ClaimKey))
    print(f"seeded {N} claims with {total_keys} keys in {time.perf_counter() - t0:.1f} s")


def seed_vectors(encoder: str, dim: int) -> None:
    """One vector per claim (random unit vectors: the search costs the same as with real ones)."""
    import numpy as np

    from app.models import ClaimVector

    t0 = time.perf_counter()
    db.session.execute(sa.delete(ClaimVector))
    rng = np.random.default_rng(7)
    for k in range(0, N, 10_000):
        m = rng.standard_normal((min(10_000, N - k), dim)).astype(np.float32)
        m /= np.linalg.norm(m, axis=1, keepdims=True)
        db.session.execute(sa.insert(ClaimVector), [
            {"claim_id": k + i + 1, "encoder": encoder, "text_hash": "-", "vector": row.tobytes()}
            for i, row in enumerate(m)])
    db.session.commit()
    print(f"seeded {N} claim vectors ({encoder}, {dim} dimensions) in {time.perf_counter() - t0:.1f} s")


def main() -> None:
    app = create_app(BenchConfig)
    with app.app_context():
        have = sa.inspect(db.engine).has_table("claim") and db.session.scalar(sa.select(sa.func.count(Claim.id))) == N
        db.session.rollback()
        if "--fresh" in sys.argv or not have:
            seed()
        if "--vectors" in sys.argv:  # similar claims by meaning as well as by value keys
            from app.services import checkworthiness, vector_index
            from app.suggest import model as cm

            checkworthiness.SETTINGS.enabled = True
            model = checkworthiness.active_model()
            seed_vectors(model.encoder, cm.get_encoder(model.encoder).dim)
            t0 = time.perf_counter()
            pointer = vector_index.rebuild_if_needed("claims", model.encoder)  # the job's work
            print(f"vector index file built in {time.perf_counter() - t0:.1f} s ({pointer and pointer['count']} "
                  f"vectors; already current when None): {vector_index.status('claims', model.encoder)}")
        rnd = random.Random(5)
        ids = [rnd.randint(1, N) for _ in range(60)]
        times, found = [], []
        for claim_id in ids:
            db.session.expire_all()
            claim = db.session.get(Claim, claim_id)
            t0 = time.perf_counter()
            result = similar_claims(claim)
            times.append((time.perf_counter() - t0) * 1000)
            found.append(len(result))
        times = times[10:]  # the first lookups warm the caches
        print(f"database: {URL.split(':')[0]}; {N} claims")
        print(f"similar_claims(): median {statistics.median(times):.1f} ms, p90 {sorted(times)[int(len(times) * .9)]:.1f} ms,"
              f" max {max(times):.1f} ms; {statistics.mean(found):.1f} similar claims found on average (target <= 50 ms)")


if __name__ == "__main__":
    main()
