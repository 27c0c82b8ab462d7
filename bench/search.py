"""Search speed: 1,000,000 claims on PostgreSQL, 100,000 on SQLite; median time of a search and the plan used.

    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/DB python bench/search.py     # 1,000,000 claims
    python bench/search.py                                                             # SQLite, 100,000 claims
    BENCH_CLAIMS=200000 ... python bench/search.py --fresh                             # another size, rebuilt

Prints figures; asserts nothing; never part of the tests. The claims are made of generated Arabic and English
sentences (subjects, verbs, places made of syllables, a number), so words are common, middling and rare as in a
desk's text. The data is built in bulk (INSERT ... SELECT generate_series on PostgreSQL, executemany on SQLite)
and each distinct fragment goes through the desk's own analyser once: a claim's terms are its fragments' terms
joined, which is what analysing the whole text gives (the analyser works word by word).
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import sqlalchemy as sa  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Article, Claim, SearchEntry, User  # noqa: E402
from app.services import search, users  # noqa: E402
from app.services.analyser import index_text, parse_query  # noqa: E402
from config import Config, _normalise_db_url  # noqa: E402

URL = _normalise_db_url(os.environ.get("BENCH_DATABASE_URL", "sqlite:////tmp/claimdesk-search-bench.sqlite"))
POSTGRESQL = URL.startswith("postgresql")
N_CLAIMS = int(os.environ.get("BENCH_CLAIMS", 1_000_000 if POSTGRESQL else 100_000))
N_ARTICLES = max(1, N_CLAIMS // 10)


class BenchConfig(Config):
    SQLALCHEMY_DATABASE_URI = URL
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    LOG_LEVEL = "WARNING"


AR_SUBJECTS = ["الجيش", "الوزارة", "الحكومة", "المتحدث باسم الشرطة", "شهود عيان", "الدفاع المدني", "المحافظ",
               "مصادر طبية", "البلدية", "الهلال الأحمر", "وزارة الصحة", "قائد الكتيبة"]
AR_VERBS = ["انسحب من", "أعلن إخلاء", "نفى قصف", "أكد إغلاق", "قال إن الانسحابات من", "وثّق الإخلاء في",
            "أغلق المعابر إلى", "استعاد السيطرة على", "نقل المصابين من", "فتح الطريق إلى"]
EN_SUBJECTS = ["The army", "The ministry", "Witnesses", "The governor", "Rescue teams", "A spokesman", "Officials"]
EN_VERBS = ["withdrew from", "evacuated", "denied shelling", "closed the crossings to", "reopened the road to",
            "moved the wounded out of", "said troops left"]
AR_SYLLABLES = ["سا", "مي", "رو", "دا", "كي", "لو", "نا", "بو", "تي", "ها", "زو", "فا", "جي", "قو"]
EN_SYLLABLES = ["ka", "mi", "ro", "da", "vel", "lo", "na", "bur", "ti", "han", "zo", "fa", "gir", "qu"]
N_NUMBERS = 997


def fragments() -> tuple[list[str], list[str]]:
    """Sentence beginnings (subject + verb) and places (made of three syllables), Arabic then English."""
    heads = [f"{s} {v}" for s in AR_SUBJECTS for v in AR_VERBS] + [f"{s} {v}" for s in EN_SUBJECTS for v in EN_VERBS]
    places = ["".join(p) for p in itertools.product(AR_SYLLABLES, repeat=3)]
    places += ["".join(p).capitalize() for p in itertools.product(EN_SYLLABLES, repeat=3)]
    return heads, places


def claim_text(i: int, heads: list[str], places: list[str]) -> tuple[str, int, int]:
    """The i-th claim's quote and the indices of its fragments, built the way the PostgreSQL statement builds them."""
    head, place = i % len(heads), (i * 7919) % len(places)
    quote = f"{heads[head]} {places[place]} {i % N_NUMBERS}"
    return quote, head, place


def seed_postgresql(heads: list[str], places: list[str]) -> None:
    head_terms = [index_text(h) for h in heads]
    place_terms = [index_text(p) for p in places]
    conn = db.session.connection()
    conn.execute(sa.text("DROP INDEX ix_search_entry_tsv"))  # built once after the rows: faster than row by row
    conn.execute(sa.text(
        "INSERT INTO article (id, title, body, language, created_at) SELECT g, 'Article ' || g, 'Body of ' || g, "
        "CASE WHEN g % 3 = 0 THEN 'en' ELSE 'ar' END, now() FROM generate_series(1, :n) g"), {"n": N_ARTICLES})
    conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('article', 'id'), :n)"), {"n": N_ARTICLES})
    quote = ("h[1 + g % cardinality(h)] || ' ' || p[1 + (g::bigint * 7919) % cardinality(p)] || ' ' || "
             f"(g % {N_NUMBERS})::text")
    conn.execute(sa.text(
        'INSERT INTO claim (id, article_id, start, "end", quote, statement, kind, verdict, state, origin, rationale, '
        "search_text, version, created_at, updated_at) "
        f"SELECT g, 1 + g % :na, 0, length({quote}), {quote}, {quote}, 'other', 'unverified', 'open', 'import', '', "
        "'', 1, now(), now() FROM generate_series(1, :n) g, (SELECT CAST(:heads AS text[]) h, CAST(:places AS text[]) p) a"),
        {"n": N_CLAIMS, "na": N_ARTICLES, "heads": heads, "places": places})
    conn.execute(sa.text("SELECT setval(pg_get_serial_sequence('claim', 'id'), :n)"), {"n": N_CLAIMS})
    terms = ("h[1 + g % cardinality(h)] || ' ' || p[1 + (g::bigint * 7919) % cardinality(p)] || ' ' || "
             f"(g % {N_NUMBERS})::text")
    conn.execute(sa.text(
        f"INSERT INTO search_entry (kind, object_id, terms) SELECT 'claim', g, {terms} "
        "FROM generate_series(1, :n) g, (SELECT CAST(:heads AS text[]) h, CAST(:places AS text[]) p) a"),
        {"n": N_CLAIMS, "heads": head_terms, "places": place_terms})
    conn.execute(sa.text("CREATE INDEX ix_search_entry_tsv ON search_entry USING gin (tsv)"))


def seed_sqlite(heads: list[str], places: list[str]) -> None:
    head_terms = [index_text(h) for h in heads]
    place_terms = [index_text(p) for p in places]
    db.session.execute(sa.insert(Article), [
        {"id": i, "title": f"Article {i}", "body": f"Body of {i}", "language": "en" if i % 3 == 0 else "ar"}
        for i in range(1, N_ARTICLES + 1)])
    claims, entries = [], []
    for i in range(1, N_CLAIMS + 1):
        quote, head, place = claim_text(i, heads, places)
        claims.append({"id": i, "article_id": 1 + i % N_ARTICLES, "start": 0, "end": len(quote), "quote": quote,
                       "statement": quote, "kind": "other", "verdict": "unverified", "state": "open",
                       "origin": "import", "rationale": "", "search_text": "", "version": 1})
        entries.append({"kind": "claim", "object_id": i,
                        "terms": f"{head_terms[head]} {place_terms[place]} {i % N_NUMBERS}"})
    db.session.execute(sa.insert(Claim), claims)
    db.session.execute(sa.insert(SearchEntry), entries)


def seed() -> None:
    t0 = time.perf_counter()
    if POSTGRESQL:
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()
    users.create_user(None, "r0@bench.example", "reviewer", "bench-password-1")
    db.session.commit()
    heads, places = fragments()
    (seed_postgresql if POSTGRESQL else seed_sqlite)(heads, places)
    db.session.commit()
    if POSTGRESQL:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sa.text("VACUUM ANALYZE"))
    print(f"seeded {N_CLAIMS:,} claims in {N_ARTICLES:,} articles in {time.perf_counter() - t0:.0f} s")


def plan(text: str) -> list[str]:
    """The database's plan for the match of a query: it must walk the full-text index."""
    dialect = search.dialect_name()
    found = search.matches("claim", dialect)
    statement = sa.select(found.c.object_id, found.c.score).order_by(found.c.score.desc()).limit(20)
    match = search.match_string(parse_query(text), dialect)
    sql = str(statement.params(match=match).compile(db.engine, compile_kwargs={"literal_binds": True}))
    prefix = "EXPLAIN " if POSTGRESQL else "EXPLAIN QUERY PLAN "
    rows = db.session.connection().exec_driver_sql(prefix + sql).all()
    return [" | ".join(str(c) for c in row) for row in rows]


QUERIES = {
    "one Arabic word, a tenth of the claims (والانسحاب)": "والانسحاب",
    "two words, any order (الإخلاء الوزارة)": "الإخلاء الوزارة",
    "a rare place (1 in 5,000)": None,  # filled with a generated place name
    "a phrase (\"withdrew from\")": '"withdrew from"',
    "English stem (evacuations)": "evacuations",
    "a claim number in Arabic digits (#٤٢٤٢)": "#٤٢٤٢",
    "a number and a word (٤٢ الجيش)": "٤٢ الجيش",
}


def main() -> None:
    app = create_app(BenchConfig)
    with app.app_context():
        inspector = sa.inspect(db.engine)
        have = inspector.has_table("search_entry") and db.session.scalar(sa.select(sa.func.count(Claim.id))) == N_CLAIMS
        db.session.rollback()
        if "--fresh" in sys.argv or not have:
            seed()
        reader = db.session.scalar(sa.select(User).where(User.email == "r0@bench.example"))
        _, token = users.create_token(None, reader, "bench")
        db.session.commit()
        _, places = fragments()
        QUERIES["a rare place (1 in 5,000)"] = places[1234]
        print(f"database: {URL.split(':')[0]}; {N_CLAIMS:,} claims")
        for text in ("والانسحاب", places[1234]):  # a common word (a scan stops at the candidates), a rare one
            print(f"plan of {text}:")
            for line in plan(text):
                print("  ", line)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    print(f"{'query':52} {'service':>10} {'API page':>10}  matches")
    for name, text in QUERIES.items():
        with app.app_context():
            search.search(text, "claim")  # warm-up
            times = []
            for _ in range(15):
                t0 = time.perf_counter()
                hits = search.search(text, "claim")
                times.append((time.perf_counter() - t0) * 1000)
        api_times = []
        client.get("/api/v1/claims", query_string={"q": text, "per_page": 50}, headers=headers)
        for _ in range(15):
            t0 = time.perf_counter()
            response = client.get("/api/v1/claims", query_string={"q": text, "per_page": 50}, headers=headers)
            api_times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        total = f"{hits.total:,}" + ("+" if hits.total >= search.COUNT_CAP else "")
        print(f"{name:52} {statistics.median(times):7.1f} ms {statistics.median(api_times):7.1f} ms  {total}")


if __name__ == "__main__":
    main()
