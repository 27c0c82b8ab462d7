"""Claims' encoder vectors and the nearest claims by meaning (across Arabic and English).

Vectors are computed once per claim text (a job when the queue runs; :func:`embed_claims` is the
plain function it calls) and kept in ``claim_vector``.  Search is a float32 matrix held in memory per
process and per encoder, refreshed from the table when claims were added (a count and a high-water
mark are read per search): at 100,000 claims it is 205 MB (use-m3, 512 dimensions) and a BLAS
matrix-vector product of milliseconds (bench/similar_bench.py); float16 would halve the memory but
numpy multiplies float16 without BLAS, a hundred times slower.  The same on SQLite and PostgreSQL,
with no database extension to install.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa

from app.extensions import db
from app.models import Claim, ClaimVector
from app.services import checkworthiness
from app.suggest import model as cm

MIN_COSINE = 0.3
_CHUNK = 500


def encoder_name() -> str | None:
    """The encoder claims are embedded with: the model in use's (None when learning is off)."""
    if not checkworthiness.SETTINGS.enabled:
        return None
    model = checkworthiness.active_model()
    return model.encoder if model else None


def _text(claim: Claim) -> str:
    return claim.quote if not claim.statement or claim.statement == claim.quote else f"{claim.quote} {claim.statement}"


def embed_claims(claim_ids: Iterable[int], encoder: str | None = None) -> int:
    """Compute and keep the vectors of these claims where missing or stale; flushes, never commits."""
    encoder = encoder or encoder_name()
    if encoder is None:
        return 0
    ids = list(claim_ids)
    done = 0
    for k in range(0, len(ids), _CHUNK):
        claims = db.session.scalars(sa.select(Claim).where(Claim.id.in_(ids[k:k + _CHUNK]))).all()
        have = {v.claim_id: v for v in db.session.scalars(
            sa.select(ClaimVector).where(ClaimVector.claim_id.in_([c.id for c in claims])))}
        todo = [(c, cm.text_hash(_text(c))) for c in claims]
        todo = [(c, h) for c, h in todo if c.id not in have or have[c.id].text_hash != h
                or have[c.id].encoder != encoder]
        if not todo:
            continue
        vecs = cm.vectors(encoder, [_text(c) for c, _ in todo]).astype(np.float32)
        for (c, h), v in zip(todo, vecs, strict=True):
            row = have.get(c.id) or ClaimVector(claim_id=c.id)
            row.encoder, row.text_hash, row.vector = encoder, h, v.tobytes()
            db.session.add(row)
            done += 1
        db.session.flush()
        _GENERATION[0] += 1
    return done


class _Index:
    """claim ids, their article ids and a float32 matrix of their vectors, for one encoder."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.url = ""
        self.max_id = 0
        self.loaded_at = self.checked_at = 0.0
        self.generation = -1
        self.ids = np.zeros(0, dtype=np.int64)
        self.articles = np.zeros(0, dtype=np.int64)
        self.matrix = np.zeros((0, 0), dtype=np.float32)


_INDEXES: dict[str, _Index] = {}
_GENERATION = [0]  # bumped when this process writes vectors, so its own index sees them at once
CHECK_EVERY = 2.0  # seconds between looks for new claims' vectors (the primary key's maximum: instant)
RELOAD_EVERY = 600.0  # seconds between full reloads (edited claims' new vectors, deleted claims)


def _rows(encoder: str, after: int) -> list:
    return db.session.execute(
        sa.select(ClaimVector.claim_id, Claim.article_id, ClaimVector.vector)
        .join(Claim, Claim.id == ClaimVector.claim_id)
        .where(ClaimVector.encoder == encoder, ClaimVector.claim_id > after).order_by(ClaimVector.claim_id)).all()


def _index(encoder: str) -> _Index:
    index = _INDEXES.setdefault(encoder, _Index())
    now = time.monotonic()
    url = str(db.engine.url)
    if index.url == url and now - index.checked_at < CHECK_EVERY and index.generation == _GENERATION[0]:
        return index
    with index.lock:
        top = db.session.scalar(sa.select(sa.func.max(ClaimVector.claim_id))) or 0
        # a smaller maximum: claims were deleted or the table emptied; reload all
        full = index.url != url or now - index.loaded_at > RELOAD_EVERY or top < index.max_id
        if full or top > index.max_id:
            rows = _rows(encoder, 0 if full else index.max_id)
            ids = np.array([r[0] for r in rows], dtype=np.int64)
            arts = np.array([r[1] for r in rows], dtype=np.int64)
            mat = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float32).reshape(len(rows), -1)
                   if rows else None)
            if full:
                index.ids, index.articles = ids, arts
                index.matrix = mat.copy() if mat is not None else np.zeros((0, 0), np.float32)
                index.loaded_at, index.url = now, url
            elif mat is not None:
                index.ids = np.concatenate([index.ids, ids])
                index.articles = np.concatenate([index.articles, arts])
                index.matrix = np.vstack([index.matrix, mat]) if index.matrix.size else mat.copy()
            index.max_id = max(index.max_id if not full else 0, int(ids.max()) if len(ids) else 0)
        index.checked_at = now
        index.generation = _GENERATION[0]
    return index


@functools.lru_cache(maxsize=1024)
def _vector_of(encoder: str, text: str) -> np.ndarray:
    vector = cm.vectors(encoder, [text]).astype(np.float32)[0]
    vector.setflags(write=False)
    return vector


_ASKED: set[int] = set()  # articles whose scoring this process has queued already


def _ask_for_vectors(claim: Claim) -> None:
    if claim.article_id in _ASKED:
        return
    _ASKED.add(claim.article_id)
    checkworthiness.schedule_scoring(claim.article)


def nearest(claim: Claim, limit: int = 60) -> dict[int, float]:
    """Claims of other articles closest in meaning to ``claim``: {claim id: cosine}, best first."""
    encoder = encoder_name()
    if encoder is None:
        return {}
    row = db.session.execute(sa.select(ClaimVector.encoder, ClaimVector.vector)
                             .where(ClaimVector.claim_id == claim.id)).first()
    if row is not None and row.encoder == encoder:
        query = np.frombuffer(row.vector, dtype=np.float32)
    else:
        # A read never writes: the vector is worked out in memory for this view (remembered per text), and
        # kept in the table by the article's scoring job (or `flask suggest score` on a desk with no queue).
        query = _vector_of(encoder, _text(claim))
        _ask_for_vectors(claim)
    index = _index(encoder)
    if not len(index.ids):
        return {}
    cos = (index.matrix @ query).astype(np.float32)
    cos[index.articles == claim.article_id] = -1.0
    top = np.argpartition(-cos, min(limit, len(cos) - 1))[:limit] if len(cos) > limit else np.arange(len(cos))
    top = top[np.argsort(-cos[top])]
    return {int(index.ids[i]): float(cos[i]) for i in top if cos[i] >= MIN_COSINE}
