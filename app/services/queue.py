"""The claim queue: every claim across articles, filtered, sorted and paginated in constant statements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l
from app.models import Article, Claim, Evidence, Source, User
from app.models.base import KINDS, STATES, VERDICTS
from app.services.validation import DIGITS, Checker, like_escape, utc_today
from app.suggest.normalize import fold

SORTS = {
    "newest": (Claim.id.desc(),),
    "oldest": (Claim.id.asc(),),
    "updated": (Claim.updated_at.desc(), Claim.id.desc()),
    "recheck": (Claim.recheck_on.asc(), Claim.id.asc()),
    "article": (Claim.article_id.asc(), Claim.start.asc()),
}


ROW_COLUMNS = ("id", "article_id", "start", "end", "quote", "statement", "kind", "attributed_to", "verdict",
               "confidence", "rationale", "state", "origin", "assignee_id", "recheck_on", "values", "version",
               "created_at", "updated_at")


class QueueItem:
    """One claim of a queue page, read-only, with its article's title and language and its assignee's name."""

    def __init__(self, row: Mapping[str, Any]):
        for name in ROW_COLUMNS:
            setattr(self, name, row[name])
        self.evidence_count = row["evidence_count"]
        self.article = SimpleNamespace(id=row["article_id"], title=row["article_title"],
                                       language=row["article_language"])
        self.assignee = (SimpleNamespace(id=row["assignee_id"],
                                         display_name=row["assignee_name"] or row["assignee_email"])
                         if row["assignee_id"] is not None else None)

    @property
    def is_due(self) -> bool:
        return self.recheck_on is not None and self.recheck_on <= utc_today()


@dataclass
class QueueFilters:
    verdict: str | None = None
    state: str | None = None
    kind: str | None = None
    article_id: int | None = None
    assignee: str | None = None  # a user id, "me", or "none"
    language: str | None = None
    q: str | None = None
    due: bool = False
    evidence_gone: bool = False  # claims with at least one source whose link has gone (link rot)
    sort: str = "newest"
    page: int = 1
    per_page: int = 50


# Counting stops here: an exact count of 100,000 rows costs more than the whole rest of a page.
COUNT_CAP = 10_000


@dataclass
class Page:
    items: list[QueueItem]
    evidence_counts: dict[int, int]
    total: int
    page: int
    per_page: int
    total_exact: bool = True  # False: there are more than `total` (COUNT_CAP) claims

    @property
    def pages(self) -> int:
        pages = max(1, -(-self.total // self.per_page))
        if not self.total_exact:
            pages = max(pages, self.page + (1 if len(self.items) == self.per_page else 0))
        return pages


def parse_filters(args: Mapping[str, Any], *, max_per_page: int = 200) -> QueueFilters:
    """Filters from query-string arguments, validated with the desk's rules (422 on nonsense)."""
    checker = Checker(args)
    filters = QueueFilters(
        verdict=checker.choice("verdict", VERDICTS),
        state=checker.choice("state", STATES),
        kind=checker.choice("kind", KINDS),
        article_id=checker.integer("article_id", minimum=1),
        assignee=checker.text("assignee", max_len=40) or None,
        language=checker.text("language", max_len=16) or None,
        q=checker.text("q", max_len=500) or None,
        due=checker.boolean("due"),
        evidence_gone=checker.boolean("evidence_gone"),
        sort=checker.choice("sort", tuple(SORTS), default="newest"),
        page=checker.integer("page", minimum=1, maximum=1_000_000) or 1,
        per_page=checker.integer("per_page", minimum=1, maximum=max_per_page) or 50,
    )
    if filters.assignee and filters.assignee not in ("me", "none") and not (
        DIGITS.fullmatch(filters.assignee) and int(filters.assignee) <= 2**31 - 1
    ):
        checker.error("assignee", _l("Use a user id, me, or none."))
    checker.raise_if_errors(_l("The queue filters are not valid."))
    return filters


def list_claims(filters: QueueFilters, viewer: User | None = None) -> Page:
    """One page of claims with their article and assignee: three statements, whatever the page size."""
    conditions = []
    if filters.verdict:
        conditions.append(Claim.verdict == filters.verdict)
    if filters.state:
        conditions.append(Claim.state == filters.state)
    if filters.kind:
        conditions.append(Claim.kind == filters.kind)
    if filters.article_id:
        conditions.append(Claim.article_id == filters.article_id)
    if filters.assignee == "me" and viewer is not None:
        conditions.append(Claim.assignee_id == viewer.id)
    elif filters.assignee == "none":
        conditions.append(Claim.assignee_id.is_(None))
    elif filters.assignee and DIGITS.fullmatch(filters.assignee):
        conditions.append(Claim.assignee_id == int(filters.assignee))
    if filters.due:
        conditions.append(Claim.recheck_on <= utc_today())
    if filters.evidence_gone:
        conditions.append(sa.exists().where(Evidence.claim_id == Claim.id, Evidence.source_id == Source.id,
                                            Source.status == "gone"))
    if filters.q:
        conditions.append(Claim.search_text.like("%" + like_escape(fold(filters.q)) + "%", escape="\\"))
    needs_article = filters.language is not None
    if needs_article:
        conditions.append(Article.language == filters.language)

    matching = sa.select(sa.literal(1)).select_from(Claim).where(*conditions)
    if needs_article:
        matching = matching.join(Claim.article)
    capped = matching.limit(COUNT_CAP + 1).subquery()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(capped)) or 0
    exact = total <= COUNT_CAP

    # The page's ids come from the claim table alone (an index walk), then only those rows are joined.
    page_ids = sa.select(Claim.id).where(*conditions)
    if needs_article:
        page_ids = page_ids.join(Claim.article)
    page_ids = (page_ids.order_by(*SORTS[filters.sort]).limit(filters.per_page)
                .offset((filters.page - 1) * filters.per_page).subquery())
    evidence_count = (sa.select(sa.func.count(Evidence.id)).where(Evidence.claim_id == Claim.id)
                      .correlate(Claim).scalar_subquery().label("evidence_count"))
    # A list needs rows, not tracked objects: plain rows cost a third of ORM entities to load.
    stmt = (
        sa.select(*[Claim.__table__.c[name] for name in ROW_COLUMNS], Article.title.label("article_title"),
                  Article.language.label("article_language"), User.name.label("assignee_name"),
                  User.email.label("assignee_email"), evidence_count)
        .select_from(Claim)
        .join(page_ids, page_ids.c.id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(User, User.id == Claim.assignee_id)
        .order_by(*SORTS[filters.sort])
    )
    items = [QueueItem(row) for row in db.session.execute(stmt).mappings()]
    counts = {item.id: item.evidence_count for item in items}
    return Page(items, counts, min(total, COUNT_CAP), filters.page, filters.per_page, exact)
