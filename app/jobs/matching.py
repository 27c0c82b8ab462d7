"""Matching earlier fact-checks as jobs: their vectors computed, and the shared index files rebuilt."""

from __future__ import annotations

from app.jobs.core import Progress, handler


@handler("matching.index", timeout=3600)
def index_checks(payload: dict, progress: Progress) -> dict:
    """Vectors for earlier checks lacking them, then the word and vector index files where stale."""
    from app.services import matching

    progress(0.05)
    return matching.rebuild()


@handler("vectors.build", timeout=3600)
def build_vectors(payload: dict, progress: Progress) -> dict:
    """Rebuild one collection's vector index file (claims or earlier checks) when its table has newer vectors."""
    from app.services import vector_index

    collection, encoder = str(payload.get("collection")), str(payload.get("encoder"))
    if collection not in vector_index.COLLECTIONS:
        return {"built": False, "reason": "unknown collection"}
    progress(0.05)
    pointer = vector_index.rebuild_if_needed(collection, encoder)
    return {"built": pointer is not None, "count": pointer["count"] if pointer else None}
