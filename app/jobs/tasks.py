"""The desk's job handlers: report rendering (and, as they land, fetches, captures, re-checks, large imports)."""

from __future__ import annotations

from app.captures.store import store
from app.jobs.core import Progress, current, handler


@handler("reports.render", timeout=600)
def render_report(payload: dict, progress: Progress) -> dict:
    """Build an article's report (PDF above all: seconds of work) into the store; the result links to it."""
    from app.services import reports

    run = current()
    assert run is not None
    progress(0.1)
    rendered = reports.build_report(int(payload["article_id"]), str(payload.get("format") or "pdf"), run.user,
                                    base_url=payload.get("base_url") or "", organisation=payload.get("organisation"))
    data = b"".join(rendered.chunks())
    progress(0.9)
    key = f"jobs/{run.job_id}/{rendered.filename}"
    store().put(key, data)
    return {"article_id": int(payload["article_id"]), "format": payload.get("format") or "pdf",
            "download_url": f"/api/v1/jobs/{run.job_id}/download", "filename": rendered.filename,
            "content_type": rendered.mimetype, "bytes": len(data), "file_key": key}
