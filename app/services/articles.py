"""Articles: creation from text, HTML or JSON, de-duplication by URL, archiving."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import sqlalchemy as sa
import sqlalchemy.orm

from app.extensions import db
from app.i18n import _l
from app.models import Article, Claim, User
from app.models.base import utcnow
from app.services import audit, suggestions
from app.services.claims import create_claims
from app.services.errors import Malformed, NotFound, ValidationError
from app.services.permissions import require, require_actor
from app.services.queue import COUNT_CAP
from app.services.settings import LIMITS
from app.services.urls import normalise_url
from app.services.validation import Checker, decode_json, like_escape
from app.suggest import detect_language

LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,4})?$")  # fits Article.language (8 characters)
MAX_CLAIMS_PER_IMPORT = 2000


def normalise_body(text: str) -> str:
    """The body as stored: exactly as given, but with \\r\\n and \\r line endings made \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def body_hash(body: str) -> str:
    """SHA-256 of the body with Unicode composed and every run of spacing one space: the same text pasted
    again (with other line breaks or trailing blanks) has the same hash."""
    folded = re.sub(r"\s+", " ", unicodedata.normalize("NFC", body)).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def find_same_body(body: str, limit: int = 3) -> list[Article]:
    """Live and archived articles whose body is the same text as `body` (spacing folded), newest first."""
    return list(db.session.scalars(sa.select(Article).where(Article.body_hash == body_hash(body))
                                   .order_by(Article.id.desc()).limit(limit)))


def get_article(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound(_l("No article %(id)s.", id=article_id))
    return article


class ClaimRow(NamedTuple):
    """What the article page shows of each of its claims (and the key its remembered parts are made of)."""

    id: int
    start: int
    end: int
    verdict: str
    state: str
    kind: str
    origin: str
    statement: str


_PLAIN_COLUMNS = ("verdict", "state", "kind", "origin")  # enums read as their stored text: no per-row work
_CLAIM_ROWS = (
    sa.select(*[sa.type_coerce(Claim.__table__.c[name], sa.String()).label(name) if name in _PLAIN_COLUMNS
                else Claim.__table__.c[name] for name in ClaimRow._fields])
    .where(Claim.__table__.c.article_id == sa.bindparam("article_id"))
    .order_by(Claim.__table__.c.start, Claim.__table__.c.id)
)


def claim_rows(article_id: int) -> tuple[ClaimRow, ...]:
    """The article's claims in text order, as plain rows read in one statement (no ORM objects)."""
    return tuple(ClaimRow(*row) for row in db.session.execute(_CLAIM_ROWS, {"article_id": article_id}))


def claim_count(article_id: int) -> int:
    """How many claims the article has (one count, no rows)."""
    return db.session.scalar(sa.select(sa.func.count(Claim.id)).where(Claim.article_id == article_id)) or 0


def find_by_url(url: str) -> Article | None:
    return db.session.scalar(sa.select(Article).where(Article.url == url))


@dataclass
class Created:
    article: Article
    created: bool  # False when the URL was already in the desk and the existing article is returned


def create_article(actor: User | None, data: Mapping[str, Any], *, origin: str = "import") -> Created:
    """Store an article (and the claims it comes with, or the suggested ones); a known URL returns the original."""
    require_actor(actor, "add_articles")
    checker = Checker(data)
    title = checker.text("title", required=True, max_len=LIMITS.max_title_chars, allow_blank=False)
    body = checker.text("body", required=True, strip=False, max_len=LIMITS.max_body_chars)
    if body is not None and not body.strip():
        checker.error("body", _l("The article text is empty."))
    language = checker.text("language", max_len=16)
    if language and not LANGUAGE.match(language.lower()):
        checker.error("language", _l("Use a language code such as ar or en."))
    raw_url = checker.text("url", max_len=2048)
    publisher = checker.text("publisher", max_len=200) or None
    published_at = checker.date("published_at")
    wants_suggestions = checker.boolean("suggest")
    claims = data.get("claims") or []
    if not isinstance(claims, list):
        checker.error("claims", _l("Must be a list of claims."))
        claims = []
    elif len(claims) > MAX_CLAIMS_PER_IMPORT:
        checker.error("claims", _l("At most %(max)s claims per article.", max=MAX_CLAIMS_PER_IMPORT))
        claims = []
    url = None
    if raw_url:
        try:
            url = normalise_url(raw_url)
        except ValidationError as exc:
            checker.errors.update(exc.fields)
    checker.raise_if_errors(_l("The article is not valid."))
    if url is not None:
        existing = find_by_url(url)
        if existing is not None:
            return Created(existing, False)
    assert title is not None and body is not None
    body = normalise_body(body)
    article = Article(
        title=title,
        body=body,
        body_hash=body_hash(body),
        language=(language or detect_language(body)).lower(),
        url=url,
        publisher=publisher,
        published_at=published_at,
        added_by_id=actor.id if actor else None,
    )
    if not audit.add_unique(article):  # two imports of one URL at once: the second gets the first's article
        return Created(find_by_url(url), False)
    # The whole article goes into its first event, so it can be rebuilt from the log alone.
    audit.record(actor, "created", article, after={"title": title, "body": body, "language": article.language,
                                                   "url": url, "publisher": publisher, "published_at": published_at})
    for index, item in enumerate(claims):
        if not isinstance(item, Mapping):
            raise ValidationError(_l("Each claim must be an object."), {f"claims[{index}]": _l("Must be an object.")})
    create_claims(actor, article, [(item, None) for item in claims], origin=origin, prefix="claims[{index}].")
    if wants_suggestions:
        suggestions.store_all(actor, article)
    return Created(article, True)


def set_archived(actor: User, article: Article, archived: bool) -> None:
    require(actor, "archive")
    if archived == article.archived:
        return
    article.archived_at = utcnow() if archived else None
    audit.record(actor, "archived" if archived else "unarchived", article)


class ArticlePage(NamedTuple):
    rows: list  # (Article, claim count); with plain=True, ArticleRow
    total: int  # at most COUNT_CAP
    exact: bool  # False: there are more than `total`


class ArticleRow(NamedTuple):
    """What the article list page shows of an article."""

    id: int
    title: str
    language: str
    publisher: str | None
    published_at: Any
    archived: bool
    claims: int


@functools.lru_cache(maxsize=16)
def _list_statements(include_archived: bool, searching: bool, plain: bool) -> tuple[sa.Select, sa.Select]:
    """The count and page statements of one shape of the list, built once and then only executed."""
    # Each listed article's count, from the claim index on (article_id, start): only the page's articles are
    # counted, so the page costs the same with 5,000 claims or 100,000.
    claim_count = (sa.select(sa.func.count(Claim.id)).where(Claim.article_id == Article.id).correlate(Article)
                   .scalar_subquery())
    if plain:
        stmt = sa.select(Article.id, Article.title, Article.language, Article.publisher, Article.published_at,
                         Article.archived_at.is_not(None), claim_count)
    else:
        # A list shows no body: it stays unread (and reading it by mistake fails loudly instead of one query a row).
        stmt = sa.select(Article, claim_count).options(sa.orm.defer(Article.body, raiseload=True))
    matching = sa.select(sa.literal(1)).select_from(Article)
    if not include_archived:
        stmt = stmt.where(Article.archived_at.is_(None))
        matching = matching.where(Article.archived_at.is_(None))
    if searching:
        like = sa.bindparam("like", type_=sa.String())
        stmt = stmt.where(Article.title.ilike(like, escape="\\"))
        matching = matching.where(Article.title.ilike(like, escape="\\"))
    capped = matching.limit(COUNT_CAP + 1).subquery()
    page = (stmt.order_by(Article.id.desc()).limit(sa.bindparam("limit", type_=sa.Integer()))
            .offset(sa.bindparam("offset", type_=sa.Integer())))
    return sa.select(sa.func.count()).select_from(capped), page


def list_articles(
    *, page: int = 1, per_page: int = 50, include_archived: bool = False, q: str | None = None, plain: bool = False
) -> ArticlePage:
    """A page of articles, newest first, each with its claim count (two statements whatever the page);
    ``plain``: as ArticleRow tuples instead of Article objects.

    Counting stops at COUNT_CAP, as the queue's does: the page costs the same with 500 articles or 50,000."""
    count, stmt = _list_statements(include_archived, bool(q), plain)
    params: dict[str, Any] = {"limit": per_page, "offset": (page - 1) * per_page}
    if q:
        params["like"] = "%" + like_escape(q.strip()) + "%"
    total = db.session.execute(count, params).scalar() or 0
    rows = db.session.execute(stmt, params)
    found = [ArticleRow(*row) for row in rows] if plain else [(a, n) for a, n in rows]
    return ArticlePage(found, min(total, COUNT_CAP), total <= COUNT_CAP)


# ---- reading files: .txt, .html, .json -------------------------------------------------------------


def parse_upload(filename: str, raw: bytes) -> dict[str, Any]:
    """Article data from an uploaded or imported file, by its extension."""
    suffix = Path(filename).suffix.lower()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_l("The file is not UTF-8 text."), {"file": _l("Not UTF-8 text.")}) from None
    if suffix in (".txt", ".text", ".md"):
        return text_article(text, Path(filename).stem)
    if suffix in (".html", ".htm"):
        return html_article(text, Path(filename).stem)
    if suffix == ".json":
        try:
            data = decode_json(text)
        except Malformed as exc:
            message = _l("Invalid JSON: %(error)s", error=exc.fields.get("body", exc.message))
            raise ValidationError(_l("The file is not valid JSON."), {"file": message}) from None
        if not isinstance(data, dict):
            raise ValidationError(_l("The JSON must be an article object."), {"file": _l("Expected an object.")})
        return data
    raise ValidationError(_l("Unsupported file type."), {"file": _l("Use .txt, .html or .json.")})


def text_article(text: str, fallback_title: str) -> dict[str, Any]:
    """A plain-text article: the body exactly as given; the title from the first short line, or the file name."""
    body = normalise_body(text)
    first = body.strip().split("\n", 1)[0].strip()
    if 0 < len(first) <= 150 and not first.endswith((".", "،", "؟")):
        title = first  # a headline line
    elif first:
        title = first if len(first) <= 90 else first[:90].rsplit(" ", 1)[0] + "…"
    else:
        title = fallback_title
    return {"title": title, "body": body}


def html_article(html: str, fallback_title: str) -> dict[str, Any]:
    """The main text of an HTML page (navigation and footers dropped) with its metadata."""
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    if extracted is None:
        raise ValidationError(_l("No article text found in the HTML."), {"file": _l("No main text found.")})
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = doc.get("text") or ""
    if not body.strip():
        raise ValidationError(_l("No article text found in the HTML."), {"file": _l("No main text found.")})
    data: dict[str, Any] = {"title": (doc.get("title") or fallback_title)[:LIMITS.max_title_chars], "body": body}
    if doc.get("url"):
        data["url"] = doc["url"]
    if doc.get("sitename"):
        data["publisher"] = doc["sitename"][:200]
    if doc.get("date"):
        data["published_at"] = str(doc["date"])[:10]
    return data


def sidecar_claims(path: Path, body: str) -> dict[str, Any]:
    """Metadata and claims from an annotation file beside a text (X.claims.json next to X.txt), if any."""
    sidecar = path.with_name(path.name[: -len(path.suffix)] + ".claims.json")
    if path.suffix.lower() != ".txt" or not sidecar.is_file():
        return {}
    try:
        meta = decode_json(sidecar.read_bytes())
    except OSError as exc:
        raise ValidationError(_l("%(name)s cannot be read.", name=sidecar.name), {"file": str(exc)}) from None
    except Malformed as exc:
        raise ValidationError(_l("%(name)s is not valid JSON.", name=sidecar.name),
                              {"file": exc.fields.get("body", exc.message)}) from None
    if not isinstance(meta, dict):
        raise ValidationError(_l("%(name)s must hold an object.", name=sidecar.name), {"file": _l("Expected an object.")})
    info = meta.get("article") or {}
    data: dict[str, Any] = {
        "language": info.get("language"),
        "publisher": info.get("publisher"),
        "published_at": info.get("published"),
        "url": info.get("url"),
    }
    if info.get("title"):
        data["title"] = info["title"]
    claims = []
    english = (info.get("language") or "en").lower().startswith("en")
    for item in meta.get("claims") or []:
        anchor = item.get("anchor")
        start, end = item.get("start"), item.get("end")
        # Offsets are used only when they really point at the anchor; otherwise the anchor is searched.
        if isinstance(start, int) and isinstance(end, int) and body[start:end] == anchor:
            span = {"start": start, "end": end}
        else:
            span = {"quote": anchor}
        # an English gloss is no statement for an article in another language: the reviewer writes it
        statement = item.get("statement") or (item.get("statement_en") if english else None)
        claims.append({**span, "kind": item.get("kind"), "attributed_to": item.get("attributed_to"),
                       "statement": statement})
    data["claims"] = claims
    return {k: v for k, v in data.items() if v is not None}


def import_file(actor: User | None, path: Path, *, suggest: bool = False, overrides: dict | None = None) -> Created:
    """Import one file from disk, as the `articles import` command does (with its .claims.json if present)."""
    data = parse_upload(path.name, path.read_bytes())
    if path.suffix.lower() == ".txt":
        data.update(sidecar_claims(path, normalise_body(data["body"])))
    data.update({k: v for k, v in (overrides or {}).items() if v is not None})
    if suggest:
        data["suggest"] = True
    return create_article(actor, data)
