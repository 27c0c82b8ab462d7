"""Domain objects as the API's JSON (also the base of the JSON report)."""

from __future__ import annotations

from app.models import Article, Claim, Comment, Evidence, Source, User


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def user_ref(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"id": user.id, "email": user.email, "name": user.display_name}


def user_dict(user: User) -> dict:
    return {**user_ref(user), "role": user.role, "active": user.active}  # type: ignore[dict-item]


def article_dict(article: Article, *, claims: bool = False, claim_count: int | None = None) -> dict:
    data = {
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "dir": "rtl" if article.is_rtl else "ltr",
        "url": article.url,
        "publisher": article.publisher,
        "published_at": _iso(article.published_at),
        "created_at": _iso(article.created_at),
        "archived": article.archived,
    }
    if claims:
        data["body"] = article.body
        data["claims"] = [claim_dict(c) for c in article.claims]
    elif claim_count is not None:
        data["claim_count"] = claim_count
    return data


def source_dict(source: Source) -> dict:
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published_at": _iso(source.published_at),
        "reliability": source.reliability,
        "status": source.status,
    }


def evidence_dict(item: Evidence) -> dict:
    return {
        "id": item.id,
        "claim_id": item.claim_id,
        "stance": item.stance,
        "credibility": item.credibility,
        "excerpt": item.excerpt,
        "reported_value": item.reported_value,
        "reported_unit": item.reported_unit,
        "note": item.note,
        "source_id": item.source_id,
        "source": source_dict(item.source),
        "created_at": _iso(item.created_at),
    }


def comment_dict(comment: Comment) -> dict:
    return {"id": comment.id, "body": comment.body, "author": user_ref(comment.author),
            "created_at": _iso(comment.created_at)}


def claim_dict(claim: Claim, *, evidence: bool = False, evidence_count: int | None = None) -> dict:
    data = {
        "id": claim.id,
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "statement": claim.statement,
        "kind": claim.kind,
        "attributed_to": claim.attributed_to,
        "verdict": claim.verdict,
        "confidence": claim.confidence,
        "rationale": claim.rationale,
        "state": claim.state,
        "origin": claim.origin,
        "assignee_id": claim.assignee_id,
        "recheck_on": _iso(claim.recheck_on),
        "values": claim.values,
        "version": claim.version,
        "created_at": _iso(claim.created_at),
        "updated_at": _iso(claim.updated_at),
    }
    if evidence_count is not None:
        data["evidence_count"] = evidence_count
    if evidence:
        data["evidence"] = [evidence_dict(e) for e in claim.evidence]
        data["comments"] = [comment_dict(c) for c in claim.comments]
        data["assignee"] = user_ref(claim.assignee)
        data["verdict_set_by"] = user_ref(claim.verdict_set_by)
        data["approved_by"] = user_ref(claim.approved_by)
        data["approved_at"] = _iso(claim.approved_at)
    return data


def queue_rows_json(rows, dumps) -> str:
    """Queue rows (app/services/queue.py page_rows, raw) as the JSON array of claim_dict items with their
    evidence count and article, written row by row: no objects in between, and `values` copied as stored
    (it is JSON already). ``dumps``: the app's JSON encoder, for every other value."""
    from app.services.queue import ROW_COLUMNS

    at = {name: k for k, name in enumerate(ROW_COLUMNS)}
    v, n = at["values"], len(ROW_COLUMNS)
    dates = (at["recheck_on"], at["created_at"], at["updated_at"])
    names = [name for name in ROW_COLUMNS if name != "values"]
    parts = []
    for row in rows:
        data = {name: row[at[name]] for name in names}
        for k in dates:
            value = row[k]
            data[ROW_COLUMNS[k]] = value.isoformat() if value is not None else None
        data["evidence_count"] = row[n + 4]
        data["article"] = {"id": row[at["article_id"]], "title": row[n], "language": row[n + 1]}
        parts.append('{"values":' + (row[v] if row[v] is not None else "null") + "," + dumps(data)[1:])
    return "[" + ",".join(parts) + "]"
