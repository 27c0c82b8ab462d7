"""Nearest vectors by cosine, from an index file every process on a machine shares, plus a fresh tail.

One index per collection (``claims``, ``earlier_checks``) and encoder: a usearch HNSW file (half-precision
vectors) built by a job from the vector table and memory-mapped read-only by every web and job process
(``Index.restore(path, view=True)``): the pages are the operating system's page cache, held once per machine
however many processes read them, and a process's own memory grows by kilobytes rather than by the
collection (bench/claim_matching.py prints both). A build writes a new file under a new name, then
replaces the small pointer file ``<collection>-<encoder>.json`` atomically (rename); readers look at the
pointer's identity (inode, mtime) and reopen when it changed. Older files are removed: a process still
mapping one keeps reading it until it reopens (POSIX keeps an unlinked file's pages alive).

Vectors written since the last build (keys above the build's highest key) are the *tail*: read from the
table and searched exactly, so a new claim or an imported check is found at once; when the tail passes
``REBUILD_AFTER`` rows a rebuild job is queued. Edited vectors (a claim's text changed) are in the tail
only after the next build; the job also rebuilds when a vector newer than the build exists.

On several machines: each machine keeps its own copy of the file (the job runs on one and the file is
copied, or the job runs on each worker machine, e.g. from the scheduled tick); the tables stay the truth.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import sqlalchemy as sa

from app.extensions import db
from app.models import ClaimVector, EarlierCheckVector
from app.models.base import utcnow

log = logging.getLogger(__name__)

# collection -> (vector table, its key column)
COLLECTIONS = {
    "claims": (ClaimVector, ClaimVector.claim_id),
    "earlier_checks": (EarlierCheckVector, EarlierCheckVector.earlier_check_id),
}
REBUILD_AFTER = 2000  # vectors newer than the file before a rebuild is asked for
TAIL_MAX = 50_000  # at most this many newest tail vectors are searched exactly (no file yet: a fresh desk)
CHECK_EVERY = 2.0  # seconds between looks at the table for new tail vectors
_CHUNK = 5000


@dataclass
class IndexSettings:
    folder: Path = Path("instance") / "vector_index"
    connectivity: int = 16
    expansion_add: int = 64
    expansion_search: int = 96


SETTINGS = IndexSettings()


def configure(config: dict, instance_path: str) -> None:
    """The folder index files live in (``VECTOR_INDEX_DIR``, default ``instance/vector_index``)."""
    SETTINGS.folder = Path(config.get("VECTOR_INDEX_DIR") or Path(instance_path) / "vector_index")


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name)[:60]


def pointer_path(collection: str, encoder: str) -> Path:
    return SETTINGS.folder / f"{_safe(collection)}-{_safe(encoder)}.json"


def _database() -> str:
    """Which database a file was built from (no password): a file of another database is never read."""
    url = db.engine.url
    return hashlib.sha256(f"{url.drivername}|{url.host}|{url.port}|{url.database}".encode()).hexdigest()[:16]


def read_pointer(collection: str, encoder: str) -> dict | None:
    try:
        pointer = json.loads(pointer_path(collection, encoder).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return pointer if isinstance(pointer, dict) and pointer.get("database") == _database() else None


def keep_vectors(collection: str, encoder: str, todo: list[tuple[int, str, str]], have: dict) -> int:
    """Encode (key, text, text hash) items and keep their vectors in the collection's table, replacing the rows
    in ``have`` ({key: row}); flushes, never commits."""
    from app.suggest import model as cm

    if not todo:
        return 0
    table, key = COLLECTIONS[collection]
    vecs = cm.vectors(encoder, [text for _, text, _ in todo]).astype(np.float32)
    for (k, _text, h), v in zip(todo, vecs, strict=True):
        row = have.get(k) or table(**{key.key: k})
        row.encoder, row.text_hash, row.vector = encoder, h, v.tobytes()
        db.session.add(row)
    db.session.flush()
    GENERATION[0] += 1
    return len(todo)


# --- building (a job) -----------------------------------------------------------------------------------


def _vectors(collection: str, encoder: str, after: int = 0, *, newest: int | None = None):
    """(keys, float32 matrix) of a collection's vectors for an encoder with keys above ``after``, in key
    order (or only the ``newest`` ones)."""
    table, key = COLLECTIONS[collection]
    query = sa.select(key, table.vector).where(table.encoder == encoder, key > after)
    if newest is not None:
        query = query.order_by(key.desc()).limit(newest)
    else:
        query = query.order_by(key)
    rows = db.session.execute(query).all()
    if newest is not None:
        rows.reverse()
    if not rows:
        return np.zeros(0, dtype=np.int64), None
    keys = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    return keys, matrix


def build(collection: str, encoder: str) -> dict:
    """Build the collection's index file from its table and make it the one readers open; returns the pointer.

    Reads the table in chunks of keys (never the whole table as Python rows at once)."""
    from usearch.index import Index

    table, key = COLLECTIONS[collection]
    started = utcnow()
    folder = SETTINGS.folder
    folder.mkdir(parents=True, exist_ok=True)
    index = None
    count, top = 0, 0
    while True:
        rows = db.session.execute(sa.select(key, table.vector).where(table.encoder == encoder, key > top)
                                  .order_by(key).limit(_CHUNK)).all()
        if not rows:
            break
        keys = np.fromiter((r[0] for r in rows), dtype=np.uint64, count=len(rows))
        matrix = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
        if index is None:
            index = Index(ndim=matrix.shape[1], metric="cos", dtype="f16", connectivity=SETTINGS.connectivity,
                          expansion_add=SETTINGS.expansion_add, expansion_search=SETTINGS.expansion_search)
        index.add(keys, matrix, threads=os.cpu_count() or 1)
        count += len(rows)
        top = int(keys[-1])
    stem = f"{_safe(collection)}-{_safe(encoder)}"
    name = f"{stem}.{time.time_ns():x}.usearch"
    if index is not None:
        index.save(str(folder / name))
    pointer = {"file": name if index is not None else None, "max_key": top, "count": count,
               "ndim": int(index.ndim) if index is not None else 0, "built_at": started.isoformat(),
               "encoder": encoder, "collection": collection, "database": _database()}
    tmp = folder / f".{stem}.{os.getpid()}.json.tmp"
    tmp.write_text(json.dumps(pointer), "utf-8")
    os.replace(tmp, pointer_path(collection, encoder))  # atomic: readers see the old or the new pointer
    for old in folder.glob(f"{stem}.*.usearch"):
        if old.name != name:
            old.unlink(missing_ok=True)
    return pointer


def needs_build(collection: str, encoder: str) -> bool:
    """Whether the table holds vectors the file does not: a new key above it, or a vector written after it."""
    table, key = COLLECTIONS[collection]
    pointer = read_pointer(collection, encoder)
    newest_key, newest_at, count = db.session.execute(
        sa.select(sa.func.max(key), sa.func.max(table.updated_at), sa.func.count())
        .where(table.encoder == encoder)).one()
    if pointer is None:
        return bool(count)
    if (newest_key or 0) > pointer["max_key"] or count != pointer["count"]:
        return True
    built_at = dt.datetime.fromisoformat(pointer["built_at"])
    if newest_at is not None and newest_at.tzinfo is None:
        newest_at = newest_at.replace(tzinfo=dt.UTC)
    return newest_at is not None and newest_at > built_at


def rebuild_if_needed(collection: str, encoder: str) -> dict | None:
    return build(collection, encoder) if needs_build(collection, encoder) else None


# --- reading (every process) ----------------------------------------------------------------------------


class _Reader:
    """The file a process has mapped for one collection and encoder, and the exact tail after it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.identity: tuple | None = None
        self.view = None
        self.pointer: dict = {"max_key": 0, "count": 0}
        self.url = ""
        self.checked_at = 0.0
        self.generation = -1
        self.tail_keys = np.zeros(0, dtype=np.int64)
        self.tail = np.zeros((0, 0), dtype=np.float32)


_READERS: dict[tuple[str, str], _Reader] = {}
GENERATION = [0]  # bumped when this process writes vectors, so its own searches see them at once


def _identity(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _open(reader: _Reader, collection: str, encoder: str) -> None:
    """Map the file the pointer names now (called under the reader's lock)."""
    from usearch.index import Index

    path = pointer_path(collection, encoder)
    identity = _identity(path)
    if identity == reader.identity:
        return
    pointer = read_pointer(collection, encoder) if identity else None
    view = None
    if pointer and pointer.get("file"):
        try:
            view = Index.restore(str(SETTINGS.folder / pointer["file"]), view=True)
        except (OSError, RuntimeError, ValueError) as exc:  # replaced between reading the pointer and opening
            log.warning("vector index %s not opened: %s", pointer["file"], exc)
            return
        if view is not None:
            view.expansion_search = SETTINGS.expansion_search
    reader.view = view if view is not None else None
    reader.pointer = pointer if pointer and view is not None else {"max_key": 0, "count": 0}
    reader.identity = identity
    reader.tail_keys = np.zeros(0, dtype=np.int64)
    reader.tail = np.zeros((0, 0), dtype=np.float32)
    reader.checked_at = 0.0


def reader(collection: str, encoder: str) -> _Reader:
    """The process's reader, reopened when the pointer changed and its tail read again every few seconds."""
    r = _READERS.setdefault((collection, encoder), _Reader())
    now = time.monotonic()
    url = str(db.engine.url)
    fresh = r.url == url and now - r.checked_at < CHECK_EVERY and r.generation == GENERATION[0]
    if fresh and _identity(pointer_path(collection, encoder)) == r.identity:
        return r
    with r.lock:
        if r.url != url:
            r.identity = None  # another database (tests): nothing read for the last one holds
            r.url = url
        _open(r, collection, encoder)
        base = int(r.pointer["max_key"])
        seen = int(r.tail_keys[-1]) if len(r.tail_keys) else base
        table, key = COLLECTIONS[collection]
        top = db.session.scalar(sa.select(sa.func.max(key)).where(table.encoder == encoder)) or 0
        if top < seen or r.generation != GENERATION[0]:  # rows deleted, or written here: read the tail again
            r.tail_keys, r.tail, seen = np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32), base
        if top > seen:
            keys, matrix = _vectors(collection, encoder, seen, newest=TAIL_MAX)
            if matrix is not None:
                if len(r.tail_keys) and r.tail.shape[1] == matrix.shape[1]:
                    r.tail_keys = np.concatenate([r.tail_keys, keys])[-TAIL_MAX:]
                    r.tail = np.vstack([r.tail, matrix])[-TAIL_MAX:]
                else:
                    r.tail_keys, r.tail = keys, matrix.copy()
        r.checked_at = now
        r.generation = GENERATION[0]
    if len(r.tail_keys) > REBUILD_AFTER:
        _ask_for_build(collection, encoder, int(r.tail_keys[-1]))
    return r


_ASKED: set[tuple[str, str, int]] = set()


def _ask_for_build(collection: str, encoder: str, top: int) -> None:
    """Queue one rebuild per process and tail size step (on a desk with a queue; else `flask vectors build`)."""
    from app.jobs.core import enqueue, uses_queue

    mark = (collection, encoder, top // REBUILD_AFTER)
    if mark in _ASKED or not uses_queue():
        return
    _ASKED.add(mark)
    try:
        enqueue("vectors.build", {"collection": collection, "encoder": encoder})
    except Exception:  # a page never fails because a rebuild could not be queued
        log.exception("could not queue a vector index build")


def search(collection: str, encoder: str, query: np.ndarray, limit: int) -> dict[int, float]:
    """{key: cosine} of the nearest ``limit`` vectors, best first: the file's approximate nearest and the
    tail's exact ones."""
    r = reader(collection, encoder)
    query = np.asarray(query, dtype=np.float32)
    found: dict[int, float] = {}
    view, tail_keys, tail = r.view, r.tail_keys, r.tail
    if view is not None and len(view) and view.ndim == len(query):
        matches = view.search(query, limit)
        for k, d in zip(matches.keys, matches.distances, strict=True):
            found[int(k)] = 1.0 - float(d)
    if len(tail_keys) and tail.shape[1] == len(query):
        cos = tail @ query
        top = np.argpartition(-cos, limit)[:limit] if len(cos) > limit else np.arange(len(cos))
        for i in top:
            found[int(tail_keys[i])] = float(cos[i])  # a newer vector of the same key wins
    return dict(sorted(found.items(), key=lambda kv: -kv[1])[:limit])


def cosines(collection: str, encoder: str, query: np.ndarray, keys: list[int]) -> dict[int, float]:
    """Cosines of the query with the vectors of these keys (candidates found another way): from the tail and
    the mapped file (half precision) where they are, else from the table."""
    if not keys:
        return {}
    query = np.asarray(query, dtype=np.float32)
    out: dict[int, float] = {}
    r = reader(collection, encoder)
    if len(r.tail_keys) and r.tail.shape[1] == len(query):
        wanted = np.array(keys, dtype=np.int64)
        at = np.minimum(np.searchsorted(r.tail_keys, wanted), len(r.tail_keys) - 1)  # the tail is in key order
        for k, i in zip(keys, at, strict=True):
            if r.tail_keys[i] == k:
                out[k] = float(r.tail[i] @ query)
    rest = [k for k in keys if k not in out]
    if rest and r.view is not None and r.view.ndim == len(query):
        for k, vector in zip(rest, r.view.get(np.array(rest, dtype=np.uint64)), strict=True):
            if vector is not None:
                vector = np.asarray(vector, dtype=np.float32)
                out[k] = float(vector @ query / (np.linalg.norm(vector) or 1.0))
    rest = [k for k in keys if k not in out]
    if not rest:
        return out
    table, key = COLLECTIONS[collection]
    rows = db.session.execute(sa.select(key, table.vector).where(key.in_(rest), table.encoder == encoder)).all()
    for k, blob in rows:
        vector = np.frombuffer(blob, dtype=np.float32)
        if len(vector) == len(query):
            out[int(k)] = float(vector @ query)
    return out


def status(collection: str, encoder: str) -> dict:
    """What a process has mapped and how long its tail is (for the CLI and the bench)."""
    r = reader(collection, encoder)
    return {"file": r.pointer.get("file"), "in_file": int(r.pointer.get("count", 0)), "tail": int(len(r.tail_keys)),
            "mapped": r.view is not None}
