"""Report figures: PDF time for 50 claims / 200 evidence, and memory of streaming 10,000 vs 100,000 claims.

    python bench/report_bench.py            # a temporary SQLite file
    BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1/bench python bench/report_bench.py   # an EMPTY database

The streaming figures are measured in child processes (one per size and per method), so each starts
from the same baseline: the peak of Python allocations (tracemalloc) and the peak resident set size
(VmHWM, reset just before streaming through /proc/self/clear_refs; ru_maxrss cannot be used, as a child
inherits its parent's) with its growth over the RSS the process had when the stream began. Linux only.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import sqlalchemy as sa  # noqa: E402

from config import TestingConfig  # noqa: E402

ARABIC_SENTENCE = "ضمّت القافلة أكثر من 20 شاحنة فارغة إضافة إلى آليات عسكرية، بحسب مراسل في الحسكة. "
# One sentence of excerpt and of rationale per item: what a desk typically quotes.
EXCERPT = "نقلت وكالة رويترز عن مسؤولين أمريكيين أن الولايات المتحدة تخطط لسحب قواتها المتبقية في سوريا خلال الأشهر المقبلة."
VERDICTS = ["false", "likely_false", "mixed", "likely_true", "confirmed", "unverifiable", "unverified"]


def make_app(url: str):
    from app import create_app

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        LOG_LEVEL = "ERROR"

    return create_app(Config)


def seed_pdf_article() -> int:
    """An Arabic article with 50 claims and 200 evidence items (4 each) from 40 sources."""
    from app.extensions import db
    from app.models import Article, Claim, Evidence, Source, User

    now = dt.datetime.now(dt.UTC)
    body = ARABIC_SENTENCE * 60
    user = User(email="bench@desk.example", name="محررة المكتب", password_hash="x", role="editor")
    article = Article(title="قافلة إلى قاعدة قسرك: خمسون ادعاء", body=body, language="ar", publisher="عنب بلدي",
                      url="https://bench.example/a", published_at=dt.date(2026, 2, 21))
    db.session.add_all([user, article])
    db.session.flush()
    sources = [Source(url=f"https://source{i}.example/report", title=f"تقرير المصدر {i}", publisher=f"Agency {i % 9}",
                      reliability="ABCDEF"[i % 6]) for i in range(40)]
    db.session.add_all(sources)
    step = len(ARABIC_SENTENCE)
    claims = []
    for i in range(50):
        start = i * step
        verdict = VERDICTS[i % len(VERDICTS)]
        claims.append(Claim(article_id=article.id, start=start, end=start + 23, quote=body[start:start + 23],
                            statement=f"The convoy had more than {20 + i} empty trucks.", kind="quantity",
                            attributed_to="مراسل في الحسكة", verdict=verdict, confidence="medium",
                            rationale="الصور المنشورة تظهر عددًا أكبر من الشاحنات، وتقرير الوكالة يذكر نحو مئة شاحنة.",
                            state="approved" if i % 2 else "in_review", verdict_set_by_id=user.id,
                            approved_by_id=user.id if i % 2 else None, approved_at=now if i % 2 else None))
    db.session.add_all(claims)
    db.session.flush()
    db.session.add_all(Evidence(claim_id=c.id, source_id=sources[(i * 4 + k) % 40].id,
                                stance=("supports", "contradicts", "context", "contradicts")[k], credibility=1 + k,
                                excerpt=EXCERPT, reported_value=str(100 + k), reported_unit="شاحنة")
                       for i, c in enumerate(claims) for k in range(4))
    db.session.commit()
    return article.id


def seed_big_article(n: int) -> int:
    """A synthetic article with n claims, each with one evidence item and one history event (bulk inserts)."""
    from app.extensions import db
    from app.models import Article, Claim, Event, Evidence, Source

    body = "The base holds about 1,000 soldiers and more than 20 trucks. " * 20
    article = Article(title=f"Synthetic article, {n} claims", body=body, language="en")
    source = Source(url=f"https://wire.example/{n}", title="Wire", reliability="B")
    db.session.add_all([article, source])
    db.session.commit()
    now = dt.datetime.now(dt.UTC)
    with db.engine.begin() as connection:
        for first in range(0, n, 10_000):
            rows = [{"article_id": article.id, "start": i % 900, "end": i % 900 + 30,
                     "quote": body[i % 900:i % 900 + 30], "statement": f"Claim {i} says something checkable.",
                     "kind": "quantity", "verdict": VERDICTS[i % 7], "state": "open", "origin": "import",
                     "rationale": "", "search_text": "", "version": 1, "created_at": now, "updated_at": now}
                    for i in range(first, min(n, first + 10_000))]
            connection.execute(sa.insert(Claim), rows)
        ids = [row[0] for row in connection.execute(sa.select(Claim.id).where(Claim.article_id == article.id))]
        for first in range(0, len(ids), 10_000):
            chunk = ids[first:first + 10_000]
            connection.execute(sa.insert(Evidence), [
                {"claim_id": cid, "source_id": source.id, "stance": "supports", "credibility": 2,
                 "excerpt": "About 900 troops remain, officials said.", "note": "", "created_at": now}
                for cid in chunk])
            connection.execute(sa.insert(Event), [
                {"claim_id": cid, "article_id": article.id, "object_type": "claim", "object_id": cid,
                 "action": "created", "before": None, "after": None, "created_at": now} for cid in chunk])
    return article.id


def _rss_mib(field: str = "VmRSS") -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def measure_stream(url: str, article_id: int, fmt: str, method: str) -> None:
    """In a child process: stream one report to nowhere and print bytes, seconds and the memory figures."""
    app = make_app(url)
    with app.app_context():
        from app.services import reports

        if method == "tracemalloc":
            tracemalloc.start()
        else:
            # ru_maxrss survives exec (a child starts with its parent's peak) and includes start-up; VmHWM is
            # this process's own peak, and writing 5 to clear_refs resets it to the current RSS.
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")
        start_rss = _rss_mib()
        started = time.perf_counter()
        rendered = reports.build_report(article_id, fmt, None, base_url="https://desk.example")
        size = sum(len(chunk) for chunk in rendered.chunks())
        seconds = time.perf_counter() - started
        if method == "tracemalloc":
            print(f"{size} {seconds:.2f} {tracemalloc.get_traced_memory()[1] / 2**20:.1f} 0")
        else:
            peak = _rss_mib("VmHWM")
            print(f"{size} {seconds:.2f} {peak:.1f} {peak - start_rss:.1f}")


def child(url: str, article_id: int, fmt: str, method: str) -> tuple[int, float, float, float]:
    out = subprocess.run([sys.executable, __file__, "--measure", url, str(article_id), fmt, method],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), float(out[1]), float(out[2]), float(out[3])


def _pages(pdf: bytes) -> str:
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        run(url)
        return
    workdir = tempfile.mkdtemp(prefix="report-bench-")
    try:
        run(f"sqlite:///{workdir}/bench.sqlite")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(url: str) -> None:
    """Seed the database at url and print the figures."""
    app = make_app(url)
    from app.extensions import db

    with app.app_context():
        db.create_all()
        if db.session.execute(sa.text("SELECT COUNT(*) FROM article")).scalar():
            sys.exit("BENCH_DATABASE_URL must name an empty database.")
        print(f"ClaimDesk report bench on {db.engine.dialect.name}")
        pdf_article = seed_pdf_article()
        from app.services import reports

        times = []
        for _ in range(4):
            started = time.perf_counter()
            pdf = b"".join(reports.build_report(pdf_article, "pdf", None).chunks())
            times.append(time.perf_counter() - started)
        pages = _pages(pdf)
        print(f"PDF report, Arabic article with 50 claims and 200 evidence items: first {times[0]:.2f} s "
              f"(fonts loaded), then median {statistics.median(times[1:]):.2f} s (target <= 3 s); "
              f"{len(pdf) // 1024} KB, {pages} pages (one-sentence excerpts and rationales)")
        sizes = (10_000, 100_000)
        started = time.perf_counter()
        big = {n: seed_big_article(n) for n in sizes}
        print(f"Seeded synthetic articles of {' and '.join(f'{n:,}' for n in sizes)} claims "
              f"(1 evidence item and 1 event each) in {time.perf_counter() - started:.1f} s")
        db.session.remove()

    print("Streaming exports of one synthetic article (what GET /api/v1/articles/ID/report?format=… sends), "
          "each measured in a fresh child process:")
    print(f"  {'format':<6} {'claims':>8} {'output':>9} {'time':>7} {'tracemalloc peak':>17} "
          f"{'peak RSS (VmHWM)':>21} {'RSS growth while streaming':>27}")
    for fmt in ("json", "csv"):
        for n in sizes:
            size, seconds, rss, growth = child(url, big[n], fmt, "rss")
            traced = child(url, big[n], fmt, "tracemalloc")[2]
            print(f"  {fmt:<6} {n:>8,} {size / 2**20:>7.1f}MB {seconds:>6.1f}s {traced:>15.1f}MB "
                  f"{rss:>19.1f}MB {growth:>25.1f}MB")
    print("  target: flat as the claims grow tenfold, and under 200 MB")


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] == "--measure":
        measure_stream(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5])
    else:
        main()
