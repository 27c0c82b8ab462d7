"""The claim queue: every claim across articles, filtered, sorted and paginated in constant statements."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l
from app.models import Article, Claim, Evidence, Source, User
from app.models.base import KINDS, STATES, VERDICTS
from app.services import search
from app.services.analyser import parse_query
from app.services.validation import DIGITS, Checker, utc_today

SORTS = {
    "newest": (Claim.id.desc(),),
    "oldest": (Claim.id.asc(),),
    "updated": (Claim.updated_at.desc(), Claim.id.desc()),
    "recheck": (Claim.recheck_on.asc(), Claim.id.asc()),
    "article": (Claim.article_id.asc(), Claim.start.asc()),
    # with a text query: the best match first (and a claim named by its number before any); without, newest
    "relevance": (Claim.id.desc(),),
}


ROW_COLUMNS = ("id", "article_id", "start", "end", "quote", "statement", "kind", "attributed_to", "verdict",
               "confidence", "rationale", "state", "origin", "assignee_id", "recheck_on", "values", "version",
               "created_at", "updated_at")


_N = len(ROW_COLUMNS)


class QueueItem:
    """One claim of a queue page, read-only, with its article's title and language and its assignee's name."""

    __slots__ = (*ROW_COLUMNS, "evidence_count", "article", "assignee")

    def __init__(self, row: Sequence[Any]):
        for name, value in zip(ROW_COLUMNS, row, strict=False):
            setattr(self, name, value)
        title, language, assignee_name, assignee_email, self.evidence_count = row[_N:]
        self.article = SimpleNamespace(id=self.article_id, title=title, language=language)
        self.assignee = (SimpleNamespace(id=self.assignee_id, display_name=assignee_name or assignee_email)
                         if self.assignee_id is not None else None)

    @property
    def is_due(self) -> bool:
        return self.recheck_on is not None and self.recheck_on <= utc_today()


@dataclass(frozen=True)  # hashable: the queue page's remembered filter form is keyed by it
class QueueFilters:
    verdict: str | None = None
    state: str | None = None
    kind: str | None = None
    article_id: int | None = None
    assignee: str | None = None  # a user id, "me", or "none"
    approver: str | None = None  # "me": only claims the viewer may approve (four eyes: not their own verdicts)
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
    items: list  # QueueItem objects (list_claims) or plain rows (page_rows)
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
        approver=checker.choice("approver", ("me",)),
        language=checker.text("language", max_len=16) or None,
        q=checker.text("q", max_len=500) or None,
        due=checker.boolean("due"),
        evidence_gone=checker.boolean("evidence_gone"),
        sort=checker.choice("sort", tuple(SORTS), default="relevance" if args.get("q") else "newest"),
        page=checker.integer("page", minimum=1, maximum=1_000_000) or 1,
        per_page=checker.integer("per_page", minimum=1, maximum=max_per_page) or 50,
    )
    if filters.assignee and filters.assignee not in ("me", "none") and not (
        DIGITS.fullmatch(filters.assignee) and int(filters.assignee) <= 2**31 - 1
    ):
        checker.error("assignee", _l("Use a user id, me, or none."))
    checker.raise_if_errors(_l("The queue filters are not valid."))
    return filters


# Each filter: how it narrows the claims, with its value as a bound parameter. A page's statements depend only
# on which filters are set and the sort (its "shape"), so they are built once per shape and then only executed:
# building a SQLAlchemy statement costs more than SQLite takes to run it.
def _condition(name: str):
    param = sa.bindparam(name)
    return {
        "verdict": lambda: Claim.verdict == param,
        "state": lambda: Claim.state == param,
        "kind": lambda: Claim.kind == param,
        "article_id": lambda: Claim.article_id == param,
        "assignee_id": lambda: Claim.assignee_id == param,
        "unassigned": lambda: Claim.assignee_id.is_(None),
        "not_set_by": lambda: sa.or_(Claim.verdict_set_by_id.is_(None), Claim.verdict_set_by_id != param),
        "due": lambda: Claim.recheck_on <= sa.bindparam("due", type_=sa.Date()),
        "evidence_gone": lambda: sa.exists().where(Evidence.claim_id == Claim.id, Evidence.source_id == Source.id,
                                                   Source.status == "gone"),
        "q_none": sa.false,  # a text query with no words in it (only punctuation) matches nothing
        "language": lambda: Article.language == param,
    }[name]()


def _parameters(filters: QueueFilters, viewer: User | None) -> dict[str, Any]:
    """The bound values of the filters that are set; their names are the page's shape."""
    params: dict[str, Any] = {}
    for name in ("verdict", "state", "kind", "article_id", "language"):
        value = getattr(filters, name)
        if value:
            params[name] = value
    if filters.assignee == "me" and viewer is not None:
        params["assignee_id"] = viewer.id
    elif filters.assignee == "none":
        params["unassigned"] = None
    elif filters.assignee and DIGITS.fullmatch(filters.assignee):
        params["assignee_id"] = int(filters.assignee)
    if filters.approver == "me" and viewer is not None:
        params["not_set_by"] = viewer.id
    if filters.due:
        params["due"] = utc_today()
    if filters.evidence_gone:
        params["evidence_gone"] = None
    if filters.q:
        query = parse_query(filters.q)
        if query.empty:
            params["q_none"] = None
        else:
            params["q"] = search.match_string(query, search.dialect_name())
            params["number"] = query.number if query.number is not None else -1
    return params


def _text_matches(dialect: str, ranked: bool) -> sa.Subquery:
    """(id, score) of the claims matching the text query, the claim named by its number (if any) first;
    ``ranked``: scored, among the search's candidates (search.CANDIDATES), else every match with no score."""
    found = search.matches("claim", dialect, param="q", ranked=ranked)
    score = found.c.score if ranked else sa.cast(sa.literal_column("0"), sa.Float())
    number = sa.bindparam("number", type_=sa.Integer())
    return sa.union_all(
        sa.select(found.c.object_id.label("id"), score.label("score")).where(found.c.object_id != number),
        sa.select(sa.cast(number, sa.Integer()).label("id"), sa.cast(sa.literal_column("1000000"), sa.Float()).label("score")),
    ).subquery("text_match")


# Claim columns of a row as stored: the enums come back as the text they are (no per-row check against the
# enum, which the database's constraint already made), the dates through their own types.
_PLAIN = {"kind", "verdict", "confidence", "state", "origin"}
_ROW = [sa.type_coerce(Claim.__table__.c[name], sa.String()).label(name) if name in _PLAIN
        else Claim.__table__.c[name] for name in ROW_COLUMNS]


# The same row for the API, which writes `values` into its JSON as stored: read as text, it is never decoded
# and encoded again.
_RAW_ROW = [sa.cast(column, sa.Text()).label("values") if column.name == "values" else column for column in _ROW]


@functools.lru_cache(maxsize=256)
def _statements(shape: tuple[str, ...], sort: str, raw: bool = False, dialect: str = "sqlite") -> tuple[sa.Select, sa.Select]:
    """The count and the page statements of a shape (which filters are set) and sort; ``raw``: the row with
    `values` as its stored JSON text."""
    conditions = [_condition(name) for name in shape if name not in ("q", "number")]
    needs_article = "language" in shape
    text = _text_matches(dialect, ranked=sort == "relevance") if "q" in shape else None
    matching = sa.select(sa.literal(1)).select_from(Claim).where(*conditions)
    if text is not None:
        every = _text_matches(dialect, ranked=False)
        matching = matching.join(every, every.c.id == Claim.id)
    if needs_article:
        matching = matching.join(Claim.article)
    capped = matching.limit(COUNT_CAP + 1).subquery()
    count = sa.select(sa.func.count()).select_from(capped)

    # The page's ids come from the claim table alone (an index walk), then only those rows are joined.
    page_ids = sa.select(Claim.id).where(*conditions)
    order = SORTS[sort]
    if text is not None:
        page_ids = page_ids.add_columns(text.c.score).join(text, text.c.id == Claim.id)
        if sort == "relevance":
            order = (text.c.score.desc(), Claim.id.desc())
    if needs_article:
        page_ids = page_ids.join(Claim.article)
    page_ids = (page_ids.order_by(*order).limit(sa.bindparam("limit", type_=sa.Integer()))
                .offset(sa.bindparam("offset", type_=sa.Integer())).subquery())
    if text is not None and sort == "relevance":
        order = (page_ids.c.score.desc(), Claim.id.desc())
    evidence_count = (sa.select(sa.func.count(Evidence.id)).where(Evidence.claim_id == Claim.id)
                      .correlate(Claim).scalar_subquery().label("evidence_count"))
    # A list needs rows, not tracked objects: plain rows cost a third of ORM entities to load.
    rows = (
        sa.select(*(_RAW_ROW if raw else _ROW), Article.title.label("article_title"), Article.language.label("article_language"),
                  User.name.label("assignee_name"), User.email.label("assignee_email"), evidence_count)
        .select_from(Claim)
        .join(page_ids, page_ids.c.id == Claim.id)
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(User, User.id == Claim.assignee_id)
        .order_by(*order)
    )
    return count, rows


def list_claims(filters: QueueFilters, viewer: User | None = None) -> Page:
    """One page of claims with their article and assignee: two statements, whatever the page size."""
    page = page_rows(filters, viewer)
    page.items = [QueueItem(row) for row in page.items]
    return page


def page_rows(filters: QueueFilters, viewer: User | None = None, *, raw: bool = False) -> Page:
    """The page as plain rows (ROW_COLUMNS, then the article's title and language, the assignee's name and
    email, the evidence count); ``raw``: `values` as its stored JSON text, for writing straight into JSON."""
    params = _parameters(filters, viewer)
    count, rows = _statements(tuple(params), filters.sort, raw, search.dialect_name())
    bound = {name: value for name, value in params.items() if value is not None}
    total = db.session.execute(count, bound).scalar() or 0
    exact = total <= COUNT_CAP
    bound.update(limit=filters.per_page, offset=(filters.page - 1) * filters.per_page)
    items = db.session.execute(rows, bound).all()
    counts = {row[0]: row[-1] for row in items}
    return Page(items, counts, min(total, COUNT_CAP), filters.page, filters.per_page, exact)
