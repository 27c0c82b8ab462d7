"""Matching claims to earlier fact-checks on CheckThat! 2022 Task 2A (../shared/claimret), English and Arabic.

    .venv/bin/python bench/claim_matching.py [--languages en,ar] [--scale 100000] [--weights 0.4,0.6,0.8]

For each language, in a fresh SQLite database of its own: the collection is imported through
``factchecks.import_items`` (the code a user's file goes through), its vectors computed and the index files
built by ``matching.rebuild`` (the job), and each dev query matched through ``matching.matches_for_claim``
(what the claim page shows) on a claim that is not saved. Printed beside it, in the same run: a plain BM25
(lower-cased words, no stemming, no stop words) over the same collection. MAP@5 and recall@10 as the lab
computes them. The Arabic collection is the reduced pool (see ../shared/claimret/README.md).

Then the collection is padded to ``--scale`` earlier checks with synthetic rows (words of real checks
shuffled; vectors of real checks with noise, since encoding 100,000 made-up texts says nothing more) and
the median and p95 time of one match is printed, with the encoder's share, and the memory of a process
(RSS, and its private part) before and after mapping the index, and of a second process reading the same
file. Nothing read from the data is written anywhere but the temporary folder, which is removed.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = Path(os.environ.get("CLAIMRET_DIR", ROOT.parent / "shared" / "claimret"))
csv.field_size_limit(10_000_000)


def memory() -> dict[str, int]:
    """This process's resident memory in MB: all of it, the private (anonymous) part, the mapped files' part."""
    fields = {}
    for line in open("/proc/self/status"):
        name, _, value = line.partition(":")
        if name in ("VmRSS", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) // 1024
    return fields


# --- the data ---------------------------------------------------------------------------------------------


def _tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if row]


def load(language: str) -> tuple[list[dict], dict[str, str], dict[str, set[str]]]:
    """(collection records, dev queries {id: text}, dev qrels {query id: {vclaim ids}})."""
    if language == "en":
        collection = []
        for line in open(DATA / "en" / "vclaims.jsonl", encoding="utf-8"):
            row = json.loads(line)
            collection.append({"id": row["vclaim_id"], "text": row["vclaim"], "publisher": "Snopes",
                               "date": row.get("date")})
        queries = {r[0]: r[1] for r in _tsv(DATA / "en" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv") if len(r) > 1}
        qrels_path = DATA / "en" / "CT2022-Task2A-EN-Dev_QRELs.tsv"
    else:
        collection = [{"id": r[0], "text": r[1], "publisher": None, "date": None}
                      for r in _tsv(DATA / "ar" / "vclaims_partial.tsv")[1:] if len(r) > 1]
        queries = {r[0]: r[1] for r in _tsv(DATA / "ar" / "CT2022-Task2A-AR-Dev_Queries.txt")
                   if len(r) > 1 and r[0] != "tweet_id"}
        qrels_path = DATA / "ar" / "CT2022-Task2A-AR-Dev_QRELs.txt"
    qrels: dict[str, set[str]] = {}
    for row in _tsv(qrels_path):
        qrels.setdefault(row[0], set()).add(row[2])
    return collection, {q: queries[q] for q in qrels if q in queries}, qrels


def url_of(language: str, vclaim_id: str) -> str:
    return f"https://claimret.invalid/{language}/{vclaim_id}"


# --- metrics ----------------------------------------------------------------------------------------------


def average_precision(ranked: list[str], relevant: set[str], k: int = 5) -> float:
    hits, total = 0, 0.0
    for i, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / i
    return total / min(len(relevant), k) if relevant else 0.0


def scores(runs: dict[str, list[str]], qrels: dict[str, set[str]]) -> tuple[float, float]:
    maps = [average_precision(runs.get(q, []), rel) for q, rel in qrels.items() if q in runs]
    recalls = [len(set(runs.get(q, [])[:10]) & rel) / len(rel) for q, rel in qrels.items() if q in runs]
    return float(np.mean(maps)), float(np.mean(recalls))


# --- a plain BM25 ------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"\w+")


class PlainBM25:
    def __init__(self, docs: list[str], k1: float = 1.2, b: float = 0.75):
        self.tokens = [Counter(_PLAIN.findall(d.lower())) for d in docs]
        self.lengths = np.array([sum(t.values()) for t in self.tokens], dtype=np.float32)
        self.avgdl = float(self.lengths.mean())
        self.df: Counter = Counter()
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, counts in enumerate(self.tokens):
            for term, tf in counts.items():
                self.df[term] += 1
                self.postings.setdefault(term, []).append((i, tf))
        self.k1, self.b, self.n = k1, b, len(docs)

    def rank(self, query: str, k: int = 10) -> list[int]:
        s = np.zeros(self.n, dtype=np.float32)
        for term in set(_PLAIN.findall(query.lower())):
            df = self.df.get(term)
            if not df:
                continue
            idf = math.log(1 + (self.n - df + 0.5) / (df + 0.5))
            for i, tf in self.postings[term]:
                s[i] += idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avgdl))
        return [int(i) for i in np.argsort(-s)[:k] if s[i] > 0]


# --- the desk ----------------------------------------------------------------------------------------------


def make_app(folder: Path):
    from app import create_app
    from config import TestingConfig

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.sqlite'}"
        VECTOR_INDEX_DIR = str(folder / "index")
        CLAIMDESK_MODEL_DIR = str(folder / "models")
        SUGGEST_LEARNED = True
        REDIS_URL = ""

    return create_app(Config)


def claim_for(text: str, language: str):
    """A claim as the claim page holds one, never saved (matching reads its text and its article's language)."""
    from app.models import Article, Claim

    return Claim(id=0, quote=text, statement=text, article=Article(language=language, title="", body=text))


def run_language(language: str, args, folder: Path) -> None:
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import EarlierCheck, EarlierCheckVector
    from app.services import checkworthiness, claim_vectors, factchecks, matching, vector_index

    collection, queries, qrels = load(language)
    pool = " (reduced pool)" if language == "ar" else ""
    print(f"\n== {language}{pool}: {len(collection)} earlier checks, {len(queries)} dev queries", flush=True)
    app = make_app(folder)
    with app.app_context():
        db.drop_all()
        db.create_all()
        checkworthiness.SETTINGS.enabled = True
        t0 = time.perf_counter()
        items = [{"url": url_of(language, c["id"]), "claim_reviewed": c["text"][:factchecks.MAX_CLAIM_CHARS],
                  "publisher": c["publisher"], "language": language} for c in collection]
        result = factchecks.import_items(items, origin="file")
        db.session.commit()
        print(f"imported {result.added} (errors {len(result.errors)}) in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        built = matching.rebuild()
        db.session.commit()
        print(f"vectors and index files (the job) in {time.perf_counter() - t0:.1f} s: {built}", flush=True)
        url_to_vclaim = {url_of(language, c["id"]): c["id"] for c in collection}

        def run(weight: float | None = None, limit: int = 10) -> tuple[dict[str, list[str]], list[float]]:
            saved = matching.SETTINGS["meaning_weight"]
            if weight is not None:
                matching.SETTINGS["meaning_weight"] = weight
            runs, times = {}, []
            try:
                for qid, text in queries.items():
                    t = time.perf_counter()
                    found = matching.matches_for_claim(claim_for(text, language), limit=limit)
                    times.append(time.perf_counter() - t)
                    runs[qid] = [url_to_vclaim.get(m.check.url, "") for m in found]
            finally:
                matching.SETTINGS["meaning_weight"] = saved
            return runs, times

        run()  # the encoder's first calls warm it; not counted
        runs, times = run()
        m5, r10 = scores(runs, qrels)
        bm25 = PlainBM25([c["text"] for c in collection])
        plain = {q: [collection[i]["id"] for i in bm25.rank(t)] for q, t in queries.items()}
        b5, b10 = scores(plain, qrels)
        print(f"{'':28} {'MAP@5':>7} {'R@10':>7}")
        print(f"{'desk matching (default)':28} {m5:7.3f} {r10:7.3f}   weight of meaning {matching.SETTINGS['meaning_weight']}")
        print(f"{'plain BM25':28} {b5:7.3f} {b10:7.3f}")
        for weight in args.weights:
            w5, w10 = scores(run(weight)[0], qrels)
            print(f"{'desk, meaning weight ' + format(weight, '.2f'):28} {w5:7.3f} {w10:7.3f} (dev: read, not committed)")
        print(f"match time at {len(collection)} checks: median {np.median(times) * 1000:.1f} ms, "
              f"p95 {np.percentile(times, 95) * 1000:.1f} ms", flush=True)

        if args.scale and language == args.languages[0]:
            pad(args.scale, collection, language)
            t0 = time.perf_counter()
            built = matching.rebuild()
            db.session.commit()
            print(f"index files at {args.scale} (the job) in {time.perf_counter() - t0:.1f} s: {built}", flush=True)
            timing(queries, language, folder)
            m5, r10 = scores(run()[0], qrels)
            print(f"with {args.scale} checks (synthetic padding): MAP@5 {m5:.3f}, R@10 {r10:.3f}")
            print(f"rows: {db.session.scalar(sa.select(sa.func.count(EarlierCheck.id)))} checks, "
                  f"{db.session.scalar(sa.select(sa.func.count()).select_from(EarlierCheckVector))} vectors; "
                  f"{vector_index.status(matching.COLLECTION, claim_vectors.encoder_name())}")


def pad(scale: int, collection: list[dict], language: str) -> None:
    """Synthetic earlier checks up to ``scale``: real checks' words shuffled, real vectors with noise."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import EarlierCheck, EarlierCheckVector
    from app.services import claim_vectors

    rng = random.Random(7)
    encoder = claim_vectors.encoder_name()
    have = db.session.scalar(sa.select(sa.func.count(EarlierCheck.id)))
    real = [np.frombuffer(v, dtype=np.float32) for v in db.session.scalars(
        sa.select(EarlierCheckVector.vector).limit(5000))]
    noise = np.random.default_rng(7)
    t0 = time.perf_counter()
    for start in range(have, scale, 5000):
        n = min(5000, scale - start)
        rows = []
        for k in range(n):
            words = rng.choice(collection)["text"].split() + rng.choice(collection)["text"].split()
            rng.shuffle(words)
            rows.append({"url": f"https://synthetic.invalid/{language}/{start + k}", "claim_reviewed": " ".join(words[:30]),
                         "language": language, "origin": "file"})
        db.session.execute(sa.insert(EarlierCheck), rows)
        ids = db.session.scalars(sa.select(EarlierCheck.id).order_by(EarlierCheck.id.desc()).limit(n)).all()
        base = np.stack([real[rng.randrange(len(real))] for _ in ids])
        vecs = base + noise.normal(0, 0.35 / math.sqrt(base.shape[1]), base.shape).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        db.session.execute(sa.insert(EarlierCheckVector), [
            {"earlier_check_id": i, "encoder": encoder, "text_hash": "synthetic", "vector": v.astype(np.float32).tobytes()}
            for i, v in zip(ids, vecs, strict=True)])
        db.session.commit()
    print(f"padded to {scale} checks in {time.perf_counter() - t0:.1f} s", flush=True)


def timing(queries: dict[str, str], language: str, folder: Path) -> None:
    from app.services import claim_vectors, matching
    from app.suggest import model as cm

    before = memory()
    texts = list(queries.values())
    encoder = claim_vectors.encoder_name()
    for text in texts[:5]:
        matching.matches_for_claim(claim_for(text, language))
    times, encode = [], []
    for text in texts:
        claim_vectors._vector_of.cache_clear()
        cm.CACHE = cm.VectorCache()  # the encoder really runs on the query text
        t = time.perf_counter()
        claim_vectors._vector_of(encoder, text)
        encode.append(time.perf_counter() - t)
        claim_vectors._vector_of.cache_clear()
        cm.CACHE = cm.VectorCache()
        t = time.perf_counter()
        matching.matches_for_claim(claim_for(text, language))
        times.append(time.perf_counter() - t)
    after = memory()
    search = np.array(times) - np.array(encode)
    print(f"one match at this scale ({len(texts)} queries): median {np.median(times) * 1000:.1f} ms, "
          f"p95 {np.percentile(times, 95) * 1000:.1f} ms; of which the encoder on the query text median "
          f"{np.median(encode) * 1000:.1f} ms; without it (a claim whose vector is kept) median "
          f"{np.median(search) * 1000:.1f} ms, p95 {np.percentile(search, 95) * 1000:.1f} ms")
    print(f"memory of this process (MB) before the first match {before}, after {len(texts)} matches {after}")
    probe = subprocess.run([sys.executable, __file__, "--probe", str(folder)], capture_output=True, text=True,
                           timeout=600)
    print(probe.stdout.strip() or probe.stderr.strip()[-2000:], flush=True)


def probe(folder: Path) -> None:
    """A second process: memory before and after mapping the same index file and searching it, and what the
    same vectors cost held as a float32 matrix in the process (the index this one replaces)."""
    from usearch.index import Index

    pointer = next(p for p in (folder / "index").glob("earlier_checks-*.json") if "words" not in p.name)
    meta = json.loads(pointer.read_text())
    before = memory()
    view = Index.restore(str(folder / "index" / meta["file"]), view=True)
    mapped = memory()
    rng = np.random.default_rng(1)
    for _ in range(300):
        q = rng.standard_normal(view.ndim).astype(np.float32)
        view.search(q / np.linalg.norm(q), 50)
    searched = memory()
    matrix = np.zeros((meta["count"], meta["ndim"]), dtype=np.float32) + 1
    held = memory()
    del matrix
    print(f"second process, {meta['count']} vectors: before {before}; index mapped {mapped}; after 300 searches "
          f"{searched}; the same vectors as an in-process float32 matrix {held}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", default="en,ar")
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--weights", default="0.0,0.4,0.6,0.8,1.0")
    parser.add_argument("--probe")
    args = parser.parse_args()
    if args.probe:
        probe(Path(args.probe))
        return
    if not DATA.exists():
        print(f"skipped: {DATA} is not there (CheckThat! 2022 Task 2A, see ../shared/claimret/README.md)")
        return
    args.languages = [x for x in args.languages.split(",") if x]
    args.weights = [float(x) for x in args.weights.split(",") if x]
    folder = Path(tempfile.mkdtemp(prefix="claim-matching-"))
    try:
        for language in args.languages:
            run_language(language, args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
