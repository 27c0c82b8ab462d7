"""Earlier fact-checks that answer a claim: found by words (BM25 over analysed terms) and by meaning (the
multilingual encoder, so an Arabic claim finds an English check), combined into one score, best first,
each with why (shared figures, names, words, the meaning score).

Both halves scale past one process: the words' postings are arrays in a file built by a job and
memory-mapped (``numpy.load(mmap_mode="r")``), the vectors are app/services/vector_index.py's
``earlier_checks`` index; checks imported since the last build are the tail, read from the table and
scored exactly, so an import is matched at once. Services flush, never commit.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import math
import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import regex
import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.extensions import db
from app.i18n import _l
from app.models import Claim, EarlierCheck, EarlierCheckVector, Evidence, User
from app.models.base import utcnow
from app.services import claim_vectors, vector_index
from app.services.claims import ensure_writable
from app.services.errors import NotFound
from app.services.permissions import require
from app.suggest import model as cm
from app.suggest.normalize import fold

log = logging.getLogger(__name__)

COLLECTION = "earlier_checks"
CANDIDATES = 50  # from each half (words, meaning) before combining
MAX_LIMIT = 50
MAX_TEXT = 2000  # characters of a text matched (the API refuses longer)
# How the two halves are weighed. Reasoned defaults, not fitted on any data set; a desk may set its own
# (MATCH_MEANING_WEIGHT). Without an encoder the words decide alone.
SETTINGS = {"meaning_weight": 0.6, "min_score": 0.3}
K1, B = 1.2, 0.75
COMMON = 0.3  # a term in more than this share of the checks is skipped when finding candidates (the, في)
MAX_QUERY_TERMS = 24  # the rarest terms of a long text are the ones that find candidates
INLINE_VECTORS = 16  # the read path encodes at most this many new checks itself; a job does the rest
_CHUNK = 500


DEFAULT_MEANING_WEIGHT = SETTINGS["meaning_weight"]


def configure(config: dict) -> None:
    """The weight of meaning against words (``MATCH_MEANING_WEIGHT``, 0 to 1; empty: the default)."""
    value = config.get("MATCH_MEANING_WEIGHT")
    weight = DEFAULT_MEANING_WEIGHT if value in (None, "") else float(value)
    SETTINGS["meaning_weight"] = min(1.0, max(0.0, weight))


# --- analysis: one small function, swappable for the search analyser --------------------------------------

_WORD_RE = regex.compile(r"\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}]+(?:['’][\p{L}]+)?")
_ARABIC_RE = regex.compile(r"\p{Arabic}")
_AR_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIXES = ("هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "يه", "ه", "ي")
_STOP = frozenset(fold(w) for w in (
    "a an the of to in on at by for from with and or but is are was were be been being it its this that these those "
    "as not no do does did has have had will would can could may might shall should than then there here what which "
    "who whom whose when where why how all any some such only own so too very just about into over after before "
    "he she they them his her their we our you your i me my us also says said says rt via amp http https www com "
    "في من على إلى الى عن أن ان إن لا ما لم لن قد هذا هذه ذلك تلك التي الذي الذين هو هي هم كان كانت يكون مع "
    "كل بعد قبل حتى أو او ثم بين عند غير لدى منذ خلال ضد وقد وفي ومن وعلى انه أنه إنه").split())


def _ar_stem(word: str) -> str:
    """Light Arabic stemming: one clitic prefix and one suffix off, keeping at least three letters."""
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix):]
            break
    for suffix in _AR_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def _en_stem(word: str) -> str:
    for suffix, repl in (("'s", ""), ("’s", ""), ("ies", "y"), ("sses", "ss"), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not (suffix == "s" and word.endswith("ss")):
            return word[:-len(suffix)] + repl
    return word


@functools.lru_cache(maxsize=65536)
def analyse(text: str, language: str | None = None) -> tuple[str, ...]:
    """The terms of a text: links and handles left out, figures as ``#1500`` (any digits, thousands separators
    dropped), Arabic words folded and lightly stemmed, English words lower-cased and lightly stemmed, common
    words dropped.
    ``language`` is a hint only: each word is read by its script."""
    out = []
    # Links and handles blanked, hashtags read as their words (as the encoder reads a post).
    for token in _WORD_RE.findall(fold(cm.clean(text or ""))):
        if token[0].isdigit():
            digits = token.replace(",", "")
            out.append("#" + (digits[:-2] if digits.endswith(".0") else digits))
            continue
        if token in _STOP or len(token) < 2:
            continue
        out.append(_ar_stem(token) if _ARABIC_RE.match(token) else _en_stem(token))
    return tuple(out)


_NAME_RE = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+)*)")


def _names(text: str) -> set[str]:
    """Capitalised words and runs of them (Latin script), folded: the names a reader would notice."""
    names = set()
    for run in _NAME_RE.findall(text or ""):
        for word in run.split():
            folded = fold(word).strip(".'’-")
            if len(folded) > 2 and folded not in _STOP:
                names.add(_en_stem(folded))
    return names


def _hash(term: str) -> int:
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little") & (2**63 - 1)


# --- the words' index: built by a job, memory-mapped by every process --------------------------------------


def _lex_pointer() -> Path:
    return vector_index.SETTINGS.folder / f"{COLLECTION}-words.json"


def build_words() -> dict:
    """Write the postings of every earlier check's terms as arrays and point readers at them (atomic)."""
    started = utcnow()
    doc_ids: list[int] = []
    lengths: list[int] = []
    postings: dict[int, list[tuple[int, int]]] = defaultdict(list)
    top = 0
    while True:
        rows = db.session.execute(sa.select(EarlierCheck.id, EarlierCheck.claim_reviewed, EarlierCheck.language)
                                  .where(EarlierCheck.id > top).order_by(EarlierCheck.id).limit(5000)).all()
        if not rows:
            break
        for check_id, text, language in rows:
            terms = Counter(analyse(text, language))
            position = len(doc_ids)
            doc_ids.append(check_id)
            lengths.append(sum(terms.values()))
            for term, tf in terms.items():
                postings[_hash(term)].append((position, tf))
        top = rows[-1][0]
    folder = vector_index.SETTINGS.folder
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{COLLECTION}-words.{time.time_ns():x}"
    target = folder / name
    target.mkdir()
    hashes = np.array(sorted(postings), dtype=np.uint64)
    indptr = np.zeros(len(hashes) + 1, dtype=np.int64)
    docs = np.zeros(sum(len(p) for p in postings.values()), dtype=np.int32)
    tfs = np.zeros(len(docs), dtype=np.float32)
    at = 0
    for i, h in enumerate(hashes):
        items = postings[int(h)]
        docs[at:at + len(items)] = [d for d, _ in items]
        tfs[at:at + len(items)] = [tf for _, tf in items]
        at += len(items)
        indptr[i + 1] = at
    dl = np.array(lengths, dtype=np.float32)
    avgdl = float(dl.mean()) if len(dl) else 1.0
    # The length-normalised term frequency of BM25 for each posting: the query only multiplies by idf.
    weights = (tfs * (K1 + 1) / (tfs + K1 * (1 - B + B * dl[docs] / max(avgdl, 1e-6)))).astype(np.float32) \
        if len(docs) else tfs
    for part, array in (("terms", hashes), ("indptr", indptr), ("docs", docs), ("weights", weights),
                        ("ids", np.array(doc_ids, dtype=np.int64))):
        np.save(target / f"{part}.npy", array)
    pointer = {"dir": name, "max_key": top, "count": len(doc_ids), "avgdl": avgdl, "built_at": started.isoformat(),
               "database": vector_index._database()}
    tmp = folder / f".{COLLECTION}-words.{os.getpid()}.json.tmp"
    tmp.write_text(json.dumps(pointer), "utf-8")
    os.replace(tmp, _lex_pointer())
    for old in folder.glob(f"{COLLECTION}-words.*"):
        if old.is_dir() and old.name != name:
            for f in old.iterdir():
                f.unlink(missing_ok=True)
            old.rmdir()
    return pointer


def words_need_build() -> bool:
    pointer = _read_words_pointer()
    top, count, newest = db.session.execute(sa.select(sa.func.max(EarlierCheck.id), sa.func.count(),
                                                      sa.func.max(EarlierCheck.imported_at))).one()
    if pointer is None:
        return bool(count)
    if (top or 0) > pointer["max_key"] or count != pointer["count"]:
        return True
    if newest is not None and newest.tzinfo is None:
        import datetime as dt

        newest = newest.replace(tzinfo=dt.UTC)
    return newest is not None and newest.isoformat() > pointer["built_at"]


def _read_words_pointer() -> dict | None:
    try:
        pointer = json.loads(_lex_pointer().read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return pointer if isinstance(pointer, dict) and pointer.get("database") == vector_index._database() else None


class _Words:
    """The mapped postings and the tail of checks imported after them (their terms, kept per process)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.identity: tuple | None = None
        self.url = ""
        self.arrays: dict[str, np.ndarray] = {}
        self.pointer: dict = {"max_key": 0, "count": 0, "avgdl": 1.0}
        self.checked_at = 0.0
        self.tail: dict[int, Counter] = {}
        self.tail_seen = 0
        self.generation = -1


_WORDS = _Words()


def _words() -> _Words:
    w = _WORDS
    now = time.monotonic()
    url = str(db.engine.url)
    identity = vector_index._identity(_lex_pointer())
    if w.url == url and identity == w.identity and now - w.checked_at < vector_index.CHECK_EVERY \
            and w.generation == vector_index.GENERATION[0]:
        return w
    with w.lock:
        if w.url != url or identity != w.identity:
            pointer = _read_words_pointer() if identity else None
            arrays = {}
            if pointer:
                try:
                    arrays = {p: np.load(vector_index.SETTINGS.folder / pointer["dir"] / f"{p}.npy", mmap_mode="r")
                              for p in ("terms", "indptr", "docs", "weights", "ids")}
                except (OSError, ValueError) as exc:
                    log.warning("word index not opened: %s", exc)
                    pointer, arrays = None, {}
            w.pointer = pointer or {"max_key": 0, "count": 0, "avgdl": 1.0}
            w.arrays, w.identity, w.url = arrays, identity, url
            w.tail, w.tail_seen = {}, int(w.pointer["max_key"])
        top = db.session.scalar(sa.select(sa.func.max(EarlierCheck.id))) or 0
        if top < w.tail_seen or w.generation != vector_index.GENERATION[0]:  # deleted, or written here
            w.tail, w.tail_seen = {}, int(w.pointer["max_key"])
        if top > w.tail_seen:
            rows = db.session.execute(
                sa.select(EarlierCheck.id, EarlierCheck.claim_reviewed, EarlierCheck.language)
                .where(EarlierCheck.id > w.tail_seen).order_by(EarlierCheck.id.desc())
                .limit(vector_index.TAIL_MAX)).all()
            for check_id, text, language in rows:
                w.tail[check_id] = Counter(analyse(text, language))
            if len(w.tail) > vector_index.TAIL_MAX:
                for key in sorted(w.tail)[:len(w.tail) - vector_index.TAIL_MAX]:
                    del w.tail[key]
            w.tail_seen = top
        w.checked_at = now
        w.generation = vector_index.GENERATION[0]
    if len(w.tail) > vector_index.REBUILD_AFTER:
        _ask_for_index(w.tail_seen // vector_index.REBUILD_AFTER)
    return w


_ASKED: set[int] = set()


def _ask_for_index(mark: int) -> None:
    """Queue the index job once per process and mark (a tail size step, or the newest check lacking a vector)."""
    from app.jobs.core import enqueue, uses_queue

    if mark in _ASKED or not uses_queue():
        return
    _ASKED.add(mark)
    try:
        enqueue("matching.index", {})
    except Exception:
        log.exception("could not queue the earlier checks' index build")


def lexical(terms: Sequence[str], limit: int = CANDIDATES) -> dict[int, float]:
    """{check id: BM25} of the best ``limit`` checks for these query terms (the file's and the tail's)."""
    w = _words()
    query = Counter(terms)
    if not query:
        return {}
    a = w.arrays
    n_file = int(w.pointer["count"]) if a else 0
    n = n_file + len(w.tail)
    if not n:
        return {}
    tail_df: Counter = Counter()
    for counts in w.tail.values():
        tail_df.update(t for t in query if t in counts)
    avgdl = (float(w.pointer["avgdl"]) * n_file + sum(sum(c.values()) for c in w.tail.values())) / n \
        if w.tail else float(w.pointer["avgdl"])
    found: dict[int, float] = {}
    if len(query) > MAX_QUERY_TERMS:  # a long post: its rarest terms find the candidates
        query = Counter(dict(sorted(query.items(), key=lambda kv: _file_df(a, kv[0]) + tail_df[kv[0]])
                             [:MAX_QUERY_TERMS]))
    if n_file:
        terms_arr, indptr = a["terms"], a["indptr"]
        parts, weights = [], []
        for term, qtf in query.items():
            h = np.uint64(_hash(term))
            pos = int(np.searchsorted(terms_arr, h))
            df_file = 0
            if pos < len(terms_arr) and terms_arr[pos] == h:
                start, end = int(indptr[pos]), int(indptr[pos + 1])
                df_file = end - start
            df = df_file + tail_df[term]
            if not df_file or df > COMMON * n and n > 50:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            parts.append(a["docs"][start:end])
            weights.append(a["weights"][start:end] * np.float32(idf * qtf))
        if parts:
            scores = np.bincount(np.concatenate(parts), weights=np.concatenate(weights), minlength=n_file)
            top = np.argpartition(-scores, limit)[:limit] if n_file > limit else np.arange(n_file)
            ids = a["ids"]
            found = {int(ids[i]): float(scores[i]) for i in top if scores[i] > 0}
    if w.tail:
        idf = {t: math.log(1 + (n - df + 0.5) / (df + 0.5))
               for t in query if (df := tail_df[t] + _file_df(a, t))}
        for check_id, counts in w.tail.items():
            dl = sum(counts.values())
            s = 0.0
            for term, qtf in query.items():
                tf = counts.get(term)
                if tf:
                    s += qtf * idf[term] * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / max(avgdl, 1e-6)))
            if s > 0:
                found[check_id] = s
    return dict(sorted(found.items(), key=lambda kv: -kv[1])[:limit])


def _file_df(arrays: dict, term: str) -> int:
    if not arrays:
        return 0
    h = np.uint64(_hash(term))
    pos = int(np.searchsorted(arrays["terms"], h))
    if pos < len(arrays["terms"]) and arrays["terms"][pos] == h:
        return int(arrays["indptr"][pos + 1] - arrays["indptr"][pos])
    return 0


@sa.event.listens_for(Session, "after_flush")
def _written_here(session: Session, _context) -> None:
    """Checks added, changed or removed by this process: its next match reads the tail again at once."""
    if any(isinstance(o, EarlierCheck) for o in (*session.new, *session.dirty, *session.deleted)):
        vector_index.GENERATION[0] += 1


# --- vectors of earlier checks ----------------------------------------------------------------------------


def embed_checks(check_ids: Iterable[int] | None = None, encoder: str | None = None) -> int:
    """Compute and keep the vectors of these checks (all lacking one when None); flushes, never commits."""
    encoder = encoder or claim_vectors.encoder_name()
    if encoder is None:
        return 0
    if check_ids is None:
        have = sa.select(EarlierCheckVector.earlier_check_id).where(EarlierCheckVector.encoder == encoder)
        check_ids = db.session.scalars(sa.select(EarlierCheck.id).where(EarlierCheck.id.not_in(have))
                                       .order_by(EarlierCheck.id)).all()
    ids = list(check_ids)
    done = 0
    for k in range(0, len(ids), _CHUNK):
        rows = db.session.execute(sa.select(EarlierCheck.id, EarlierCheck.claim_reviewed)
                                  .where(EarlierCheck.id.in_(ids[k:k + _CHUNK]))).all()
        have = {v.earlier_check_id: v for v in db.session.scalars(
            sa.select(EarlierCheckVector).where(EarlierCheckVector.earlier_check_id.in_([r[0] for r in rows])))}
        todo = [(i, t, cm.text_hash(t)) for i, t in rows]
        todo = [(i, t, h) for i, t, h in todo if i not in have or have[i].text_hash != h or have[i].encoder != encoder]
        done += vector_index.keep_vectors(COLLECTION, encoder, todo, have)
    return done


def rebuild() -> dict:
    """The job: vectors for checks lacking them, then the word and vector index files where stale."""
    done = embed_checks()
    out: dict = {"embedded": done}
    if words_need_build():
        out["words"] = build_words()["count"]
    encoder = claim_vectors.encoder_name()
    if encoder:
        db.session.flush()
        built = vector_index.rebuild_if_needed(COLLECTION, encoder)
        out["vectors"] = built["count"] if built else None
        built = vector_index.rebuild_if_needed("claims", encoder)
        out["claim_vectors"] = built["count"] if built else None
    return out


def _meaning(encoder: str, query: np.ndarray, limit: int) -> dict[int, float]:
    """{check id: cosine} nearest in meaning: the index, plus the newest checks not embedded yet (a few
    encoded here in memory, the rest by the job this asks for)."""
    near = vector_index.search(COLLECTION, encoder, query, limit)
    w = _words()
    missing = [i for i in sorted(w.tail, reverse=True)[:200] if i not in near]
    if missing:
        have = set(db.session.scalars(sa.select(EarlierCheckVector.earlier_check_id)
                                      .where(EarlierCheckVector.earlier_check_id.in_(missing),
                                             EarlierCheckVector.encoder == encoder)))
        lacking = [i for i in missing if i not in have]
        if lacking:
            _ask_for_index(-max(lacking))  # one job per newest check lacking a vector
            texts = dict(db.session.execute(sa.select(EarlierCheck.id, EarlierCheck.claim_reviewed)
                                            .where(EarlierCheck.id.in_(lacking[:INLINE_VECTORS]))).all())
            for i, text in texts.items():
                near[i] = float(claim_vectors._vector_of(encoder, text) @ query)
    return near


# --- matching ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Match:
    check: EarlierCheck
    score: float
    why: dict

    @property
    def publisher_shown(self) -> str:
        return self.check.publisher or check_host(self.check)

    def as_dict(self) -> dict:
        c = self.check
        return {"id": c.id, "url": c.url, "claim_reviewed": c.claim_reviewed, "rating": c.rating,
                "publisher": c.publisher, "date": c.published_on.isoformat() if c.published_on else None,
                "language": c.language, "score": round(self.score, 4), "why": self.why}


def _why(text: str, language: str | None, check: EarlierCheck, cosine: float | None, lexical_share: float) -> dict:
    mine = set(analyse(text, language))
    theirs = set(analyse(check.claim_reviewed, check.language))
    shared = mine & theirs
    names = sorted(_names(text) & _names(check.claim_reviewed))
    return {"figures": sorted(t[1:] for t in shared if t.startswith("#")),
            "names": names,
            "words": sorted(t for t in shared if not t.startswith("#") and t not in names)[:12],
            "meaning": round(cosine, 4) if cosine is not None else None,
            "words_score": round(lexical_share, 4)}


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIMIT))


def _rank(text: str, language: str | None, query: np.ndarray | None, encoder: str | None, limit: int) -> list[Match]:
    terms = analyse(text, language)
    words = lexical(terms, CANDIDATES)
    near = _meaning(encoder, query, CANDIDATES) if query is not None and encoder else {}
    if query is not None and encoder:
        near.update(vector_index.cosines(COLLECTION, encoder, query, [i for i in words if i not in near]))
    ids = set(words) | set(near)
    if not ids:
        return []
    best = max(words.values(), default=0.0) or 1.0
    weight = SETTINGS["meaning_weight"] if near else 0.0
    scored = []
    for i in ids:
        share = words.get(i, 0.0) / best
        cos = near.get(i)
        score = weight * max(cos or 0.0, 0.0) + (1 - weight) * share
        if score >= SETTINGS["min_score"]:
            scored.append((score, i, share, cos))
    scored.sort(key=lambda s: (-s[0], s[1]))
    scored = scored[:limit]
    checks = {c.id: c for c in db.session.scalars(sa.select(EarlierCheck)
                                                  .where(EarlierCheck.id.in_([s[1] for s in scored])))}
    return [Match(checks[i], score, _why(text, language, checks[i], cos, share))
            for score, i, share, cos in scored if i in checks]


def match_text(text: str, language: str | None = None, limit: int = 10) -> list[Match]:
    """Earlier checks that answer this text, best first (words and meaning, across Arabic and English)."""
    text = (text or "").strip()[:MAX_TEXT]
    if not text:
        return []
    encoder = claim_vectors.encoder_name()
    query = claim_vectors._vector_of(encoder, text) if encoder else None
    return _rank(text, language, query, encoder, _limit(limit))


def _claim_text(claim: Claim) -> str:
    return claim_vectors._text(claim)


def matches_for_claim(claim: Claim, limit: int = 10) -> list[Match]:
    """Earlier checks that answer a claim, best first; its kept vector is used when there is one."""
    encoder = claim_vectors.encoder_name()
    text = _claim_text(claim)
    query = claim_vectors.query_vector(claim, encoder) if encoder else None
    return _rank(text, claim.article.language if claim.article else None, query, encoder, _limit(limit))


def matches_for_texts(texts: Sequence[tuple[str, str | None]], limit: int = 3) -> list[list[Match]]:
    """Matches of several texts at once (an article's suggestions): the encoder runs once for all."""
    encoder = claim_vectors.encoder_name()
    texts = [((t or "").strip()[:MAX_TEXT], lang) for t, lang in texts]
    queries: list[np.ndarray | None] = [None] * len(texts)
    if encoder and texts:
        vecs = cm.vectors(encoder, [t for t, _ in texts]).astype(np.float32)
        queries = list(vecs)
    return [_rank(t, lang, q, encoder, _limit(limit)) if t else [] for (t, lang), q in zip(texts, queries, strict=True)]


# --- linking a match as evidence --------------------------------------------------------------------------

_CONTRADICTS = ("false", "fake", "incorrect", "inaccurate", "pants on fire", "hoax", "fabricated", "not true",
                "untrue", "wrong", "mostly false", "scam", "misattributed", "غير صحيح", "كاذب", "كذب", "زائف",
                "مزيف", "مفبرك", "خاطئ", "خطا", "لا اساس", "ملفق", "شائعه", "اشاعه")
_SUPPORTS = ("true", "correct", "accurate", "mostly true", "صحيح", "حقيقي", "دقيق", "صادق")
_CONTEXT = ("misleading", "mixture", "half true", "half-true", "partly", "partially", "missing context", "unproven",
            "satire", "مضلل", "نصف", "جزئيا", "ناقص", "سياق", "ساخر")


def stance_for(check: EarlierCheck) -> str:
    """The stance a fact-check takes on the claim it checked, from its rating: the value on its scale where
    given (top quarter supports, bottom quarter contradicts), else the rating's words; otherwise context."""
    if check.rating_value is not None and check.best_rating is not None:
        worst = check.worst_rating if check.worst_rating is not None else 1.0
        if check.best_rating != worst:
            position = (check.rating_value - worst) / (check.best_rating - worst)
            if position >= 0.75:
                return "supports"
            if position <= 0.25:
                return "contradicts"
            return "context"
    words = fold(check.rating or "")
    if not words:
        return "context"
    if any(w in words for w in (fold(x) for x in _CONTEXT)):
        return "context"
    if any(w in words for w in (fold(x) for x in _CONTRADICTS)):
        return "contradicts"
    if any(w in words for w in (fold(x) for x in _SUPPORTS)):
        return "supports"
    return "context"


def get_check(check_id: int) -> EarlierCheck:
    check = db.session.get(EarlierCheck, check_id)
    if check is None:
        raise NotFound(_l("No earlier fact-check %(id)s.", id=check_id))
    return check


def link_as_evidence(actor: User | None, claim: Claim, check: EarlierCheck) -> tuple[Evidence, bool]:
    """Attach an earlier fact-check to a claim as evidence: the fact-check as the source (its URL, publisher,
    date), the stance from its rating, the rating in the note. Linking it again returns the same evidence
    (False: nothing new). Flushes, never commits."""
    from app.services import evidence as evidence_service

    if actor is not None:
        require(actor, "add_evidence")
    ensure_writable(claim.article)
    source = evidence_service.source_for_url(check.url)
    if source is not None:
        existing = db.session.scalar(sa.select(Evidence).where(Evidence.claim_id == claim.id,
                                                               Evidence.source_id == source.id))
        if existing is not None:
            return existing, False
    rating = check.rating or ""
    note = str(_l("Earlier fact-check by %(publisher)s, rated “%(rating)s”.",
                  publisher=check.publisher or check_host(check), rating=rating or "—"))
    data = {"url": check.url, "title": check.claim_reviewed[:500], "publisher": (check.publisher or "")[:200],
            "published_at": check.published_on.isoformat() if check.published_on else "",
            "stance": stance_for(check), "excerpt": check.claim_reviewed, "note": note}
    return evidence_service.add_evidence(actor, claim, data), True


def check_host(check: EarlierCheck) -> str:
    from urllib.parse import urlsplit

    return urlsplit(check.url).hostname or ""
