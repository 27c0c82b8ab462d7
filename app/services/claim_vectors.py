"""Claims' encoder vectors and the nearest claims by meaning (across Arabic and English).

Vectors are computed once per claim text (a job when the queue runs; :func:`embed_claims` is the
plain function it calls) and kept in ``claim_vector``.  Search is the ``claims`` index of
app/services/vector_index.py: a file built by a job and memory-mapped by every process (shared by all of
a machine's processes, rather than a 205 MB float32 matrix copied into each one at 100,000 claims), plus
the claims embedded since the file was built, searched exactly.  The same on SQLite and PostgreSQL,
with no database extension to install.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import numpy as np
import sqlalchemy as sa

from app.extensions import db
from app.models import Claim, ClaimVector
from app.services import checkworthiness, vector_index
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
        done += vector_index.keep_vectors("claims", encoder, [(c.id, _text(c), h) for c, h in todo], have)
    return done


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


def query_vector(claim: Claim, encoder: str) -> np.ndarray:
    """The claim's kept vector, or (a read never writes) one worked out in memory for this view, remembered
    per text, and kept in the table by the article's scoring job (or `flask suggest score` with no queue)."""
    row = db.session.execute(sa.select(ClaimVector.encoder, ClaimVector.vector)
                             .where(ClaimVector.claim_id == claim.id)).first()
    if row is not None and row.encoder == encoder:
        return np.frombuffer(row.vector, dtype=np.float32)
    _ask_for_vectors(claim)
    return _vector_of(encoder, _text(claim))


def nearest(claim: Claim, limit: int = 60) -> dict[int, float]:
    """Claims of other articles closest in meaning to ``claim``: {claim id: cosine}, best first."""
    encoder = encoder_name()
    if encoder is None:
        return {}
    query = query_vector(claim, encoder)
    # A few more than asked: the claim itself and its article's other claims come back too and are dropped.
    near = vector_index.search("claims", encoder, query, limit + 20)
    near = {k: c for k, c in near.items() if c >= MIN_COSINE}
    if not near:
        return {}
    same_article = set(db.session.scalars(sa.select(Claim.id).where(Claim.id.in_(list(near)),
                                                                     Claim.article_id == claim.article_id)))
    return dict([(k, c) for k, c in near.items() if k not in same_article][:limit])
