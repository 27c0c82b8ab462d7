"""Earlier fact-checks: read ClaimReview (JSON-LD, DataFeed, a page's markup) and CSV, and keep them unique by URL.

Every way in (a file, a page, a partner's feed, the API, the desk's own publications, the matching bench)
ends in `import_items`, so one set of rules decides what is added, updated or skipped:

- The key is the fact-check's URL, normalised as sources are (scheme and host lower-case, default port,
  tracking parameters and trailing slash dropped) but keeping the fragment, which names one claim on a page
  (the desk's own ClaimReview points at `/r/TOKEN#claim-N`). Several reviews on one page that share a URL
  without a fragment each get `#claimreview-<hash of the claim>` after the first, so none is lost.
- Importing twice adds nothing. A row already there is updated only when the claim as checked or its rating
  (words or value) changed; otherwise the item is skipped. The desk's own rows (origin "desk") change only
  through publishing, never through an import of someone's copy of them.
- A bad item is reported (with its number, or its row in a CSV file) and the good ones are kept: fixing the
  file and importing it again adds exactly what was missing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from app.extensions import db
from app.fetch import Exchange, FetchError, Policy, fetch
from app.fetch.client import HTML_TYPES
from app.fetch.text import decoded
from app.i18n import _l
from app.models import EarlierCheck, FactCheckFeed, User
from app.models.base import utcnow
from app.services.errors import DomainError, Malformed, NotFound, ValidationError
from app.services.fetching import FetchRefused, refuse_early
from app.services.permissions import require, require_actor
from app.services.urls import normalise_url
from app.services.validation import CONTROL_CLASS, decode_json
from app.suggest import detect_language

# Input limits: a file or a fetched document, the items in one import, and each field.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ITEMS = 20_000
MAX_CLAIM_CHARS = 5_000
FIELD_CHARS = {"rating": 200, "publisher": 300, "claim_author": 300}
URL_CHARS = 2048
CHUNK = 500
# What a page, a feed or a file served by URL may be.
FEED_TYPES = ("application/ld+json", "application/json", *HTML_TYPES, "text/csv", "text/plain")
CSV_COLUMNS = ("url", "claim_reviewed", "rating", "rating_value", "best_rating", "worst_rating", "publisher",
               "date", "claim_author", "claim_date", "first_appearance", "language")

_CONTROL = re.compile(f"[{CONTROL_CLASS}\ud800-\udfff]")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}")


class FileRefused(ValidationError):
    """A whole file or document the desk cannot read as earlier fact-checks (422)."""

    code = "factcheck_file_refused"


@dataclass
class ImportResult:
    """What one import did: rows added and updated, items already known, and one message per bad item."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)  # the row each good item landed on (added, updated or known)

    def merge(self, other: ImportResult) -> ImportResult:
        self.added += other.added
        self.updated += other.updated
        self.skipped += other.skipped
        self.errors.extend(other.errors)
        self.ids.extend(other.ids)
        return self

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "skipped": self.skipped, "errors": list(self.errors)}


class ItemProblem(Exception):
    """One item cannot be imported; the message says why (the caller adds where)."""


# --- one item: a ClaimReview object or a flat record, to the fields of an EarlierCheck ---------------------

def _text(value: Any) -> str | None:
    """A JSON-LD value as plain text: a string, a number, a {"name": …} or {"@value": …} object, a list's first."""
    if isinstance(value, list):
        value = next((v for v in value if v not in (None, "")), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("alternateName")
    if value is None or isinstance(value, bool | dict | list):
        return None
    text = _SPACES.sub(" ", _CONTROL.sub("", str(value))).strip()
    return text or None


def _url_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if _url_of(v)), None)
    if isinstance(value, dict):
        value = value.get("url") or value.get("@id") or value.get("sameAs")
        if isinstance(value, list | dict):
            return _url_of(value)
    return _text(value)


def _type_is(node: dict, name: str) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and (k == name or k.endswith((f":{name}", f"/{name}"))) for k in kinds)


def from_claimreview(review: dict) -> dict:
    """A schema.org ClaimReview (the desk's, the Fact Check Markup Tool's, or any site's) as a flat record."""
    rating = review.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    item = review.get("itemReviewed")
    item = item[0] if isinstance(item, list) and item else item
    item = item if isinstance(item, dict) else {}
    author = review.get("author") or review.get("publisher")
    appearance = item.get("firstAppearance") or item.get("appearance") or item.get("sameAs")
    return {
        "url": _url_of(review.get("url")) or _url_of(review.get("@id")),
        "claim_reviewed": _text(review.get("claimReviewed")),
        "rating": _text(rating.get("alternateName")) or _text(rating.get("name"))
        or _text(rating.get("ratingExplanation")) or _text(review.get("textualRating")),
        "rating_value": rating.get("ratingValue"),
        "best_rating": rating.get("bestRating"),
        "worst_rating": rating.get("worstRating"),
        "publisher": _text(author),
        "publisher_url": _url_of(author.get("url")) if isinstance(author, dict) else None,
        "date": _text(review.get("datePublished")),
        "claim_author": _text(item.get("author")),
        "claim_date": _text(item.get("datePublished")),
        "first_appearance": _url_of(appearance),
        "language": _text(review.get("inLanguage")),
    }


def _number(value: Any, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).strip().translate(_DIGITS))
    except ValueError:
        raise ItemProblem(_l("%(field)s is not a number (%(value)s).", field=name, value=str(value)[:40])) from None
    if not math.isfinite(number):
        raise ItemProblem(_l("%(field)s is not a number (%(value)s).", field=name, value=str(value)[:40]))
    return number


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _date(value: Any, name: str) -> dt.date | None:
    text = _text(value)
    if not text:
        return None
    found = _DATE.match(text.translate(_DIGITS))
    try:
        if found is None:
            raise ValueError
        return dt.date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise ItemProblem(_l("%(field)s is not a date in the form YYYY-MM-DD (%(value)s).", field=name,
                             value=text[:40])) from None


def key_url(raw: Any, *, origin: str = "file") -> str:
    """The URL an earlier check is known by: normalised like a source's, the fragment kept (it names a claim).

    The desk's own publications may carry a path only (/r/TOKEN#claim-N) when no public base URL is set.
    """
    text = _text(raw)
    if not text:
        raise ItemProblem(_l("The fact-check's URL is missing."))
    base, _, fragment = text.partition("#")
    if origin == "desk" and base.startswith("/"):
        return text[:URL_CHARS]
    try:
        url = normalise_url(base)
    except ValidationError as exc:
        raise ItemProblem(_l("The URL %(url)s is not usable: %(reason)s", url=text[:100], reason=exc.message)) from None
    url = f"{url}#{fragment}" if fragment else url
    if len(url) > URL_CHARS:
        raise ItemProblem(_l("The URL is longer than %(limit)s characters.", limit=URL_CHARS))
    return url


def _language(value: Any, claim: str) -> str:
    text = _text(value)
    found = _LANGUAGE.match(text or "")
    return found.group().lower() if found else detect_language(claim)


def _optional_url(value: Any) -> str | None:
    text = _text(value)
    if not text or len(text) > URL_CHARS or urlsplit(text).scheme.lower() not in ("http", "https"):
        return None  # a first appearance that is not a web address (a TV channel's name) is not a link
    return text


def record_fields(item: dict, *, origin: str) -> dict:
    """The columns of an EarlierCheck from one item (a ClaimReview object or a flat record), or ItemProblem."""
    if not isinstance(item, dict):
        raise ItemProblem(_l("Not an object."))
    flat = from_claimreview(item) if _is_claimreview(item) else {k.strip().lower(): v for k, v in item.items()
                                                                  if isinstance(k, str)}
    claim = _text(flat.get("claim_reviewed"))
    if not claim:
        raise ItemProblem(_l("The claim as checked (claim_reviewed) is missing."))
    if len(claim) > MAX_CLAIM_CHARS:
        raise ItemProblem(_l("The claim as checked is longer than %(limit)s characters.", limit=MAX_CLAIM_CHARS))
    fields = {
        "url": key_url(flat.get("url"), origin=origin),
        "claim_reviewed": claim,
        "rating_value": _number(flat.get("rating_value"), "rating_value"),
        "best_rating": _number(flat.get("best_rating"), "best_rating"),
        "worst_rating": _number(flat.get("worst_rating"), "worst_rating"),
        "publisher_url": _optional_url(flat.get("publisher_url")),
        "published_on": _date(flat.get("date"), "date"),
        "claim_date": _date(flat.get("claim_date"), "claim_date"),
        "first_appearance": _optional_url(flat.get("first_appearance")),
        "language": _language(flat.get("language"), claim),
    }
    for name, limit in FIELD_CHARS.items():  # names and words: cut at the column's width, never refused
        value = _text(flat.get(name))
        fields[name] = value[:limit] if value else None
    return fields


def _is_claimreview(item: dict) -> bool:
    return _type_is(item, "ClaimReview") or "claimReviewed" in item


# --- many items ------------------------------------------------------------------------------------------

# What decides whether a row already there is updated.
_CHANGES = ("claim_reviewed", "rating", "rating_value")


def import_items(items: Iterable[Any], *, origin: str, actor: User | None = None, feed: FactCheckFeed | None = None,
                 publication_id: int | None = None, label: Any = None, first: int = 1) -> ImportResult:
    """Add or update EarlierCheck rows from items (ClaimReview objects or flat records); flushes, never commits.

    `label` and `first` say how an error names an item ("Row 2", for a CSV file whose header is row 1).
    """
    result = ImportResult()
    seen: dict[str, str] = {}  # URL -> claim, within this import
    batch: list[tuple[int, dict]] = []
    for number, item in enumerate(items, start=first):
        try:
            fields = record_fields(item, origin=origin)
        except ItemProblem as exc:
            result.errors.append(str(_l("%(where)s: %(problem)s", where=_where(label, number), problem=str(exc))))
            continue
        fields["url"] = _distinct_url(fields["url"], fields["claim_reviewed"], seen)
        batch.append((number, fields))
        if len(batch) >= CHUNK:
            _store(batch, result, origin=origin, actor=actor, feed=feed, publication_id=publication_id)
            batch = []
    if batch:
        _store(batch, result, origin=origin, actor=actor, feed=feed, publication_id=publication_id)
    return result


def _where(label: Any, number: int) -> str:
    if label is None:
        return str(_l("Item %(number)s", number=number))
    return str(label) % {"number": number}


def _distinct_url(url: str, claim: str, seen: dict[str, str]) -> str:
    """Reviews of different claims sharing one URL (several on a page): the second and later get their own."""
    if url in seen and seen[url] != claim and "#" not in url:
        url = f"{url}#claimreview-{hashlib.sha256(claim.encode()).hexdigest()[:12]}"
    seen.setdefault(url, claim)
    return url


def _store(batch: list[tuple[int, dict]], result: ImportResult, *, origin: str, actor: User | None,
           feed: FactCheckFeed | None, publication_id: int | None) -> None:
    urls = {fields["url"] for _, fields in batch}
    existing = {row.url: row for row in db.session.scalars(sa.select(EarlierCheck).where(EarlierCheck.url.in_(urls)))}
    for _number, fields in batch:
        row = existing.get(fields["url"])
        if row is None:
            row = EarlierCheck(**fields, origin=origin, feed=feed, publication_id=publication_id,
                               imported_by_id=actor.id if actor else None)
            db.session.add(row)
            existing[row.url] = row
            result.added += 1
            result.ids.append(row)  # replaced by ids after the flush
            continue
        takes_over = origin == "desk" and (row.origin != "desk" or row.publication_id != publication_id)
        result.ids.append(row)
        if row.origin == "desk" and origin != "desk":
            result.skipped += 1  # the desk's own check changes by publishing, not by someone's copy of it
            continue
        if not takes_over and all(getattr(row, name) == fields[name] for name in _CHANGES):
            result.skipped += 1
            continue
        for name, value in fields.items():
            if value is not None or name in _CHANGES:
                setattr(row, name, value)
        if origin == "desk":
            row.origin, row.publication_id = "desk", publication_id
        row.imported_at = utcnow()
        result.updated += 1
    db.session.flush()
    result.ids = [r.id if isinstance(r, EarlierCheck) else r for r in result.ids]


# --- files: JSON(-LD) and CSV ----------------------------------------------------------------------------

def reviews_in(data: Any) -> list[dict]:
    """Every ClaimReview (or flat record) in a JSON document: one object, a list, an @graph, a DataFeed whose
    dataFeedElement holds reviews or DataFeedItems with an `item`, or {"items": [...]} (the API's shape)."""
    found: list[dict] = []
    stack: list[Any] = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            if _is_claimreview(node) or "claim_reviewed" in node:
                found.append(node)
            else:
                for key in ("@graph", "dataFeedElement", "item", "items", "mainEntity", "hasPart"):
                    if key in node:
                        stack.append(node[key])
        if len(found) > MAX_ITEMS:
            raise FileRefused(_l("More than %(limit)s fact-checks in one import: split the file.", limit=MAX_ITEMS))
    return found


def parse_json(raw: bytes | str) -> list[dict]:
    """The ClaimReviews of a JSON or JSON-LD document (FileRefused when it holds none)."""
    _check_size(raw)
    data = decode_json(raw)
    found = reviews_in(data)
    if not found:
        raise FileRefused(_l("No ClaimReview was found in the document (a ClaimReview, a list of them, an @graph "
                             "or a DataFeed is expected)."))
    return found


def parse_csv(raw: bytes | str) -> list[dict]:
    """The rows of a CSV file with named columns (a header row; names in any case; url and claim_reviewed needed)."""
    _check_size(raw)
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileRefused(_l("The CSV file is not UTF-8 (invalid byte at position %(position)s).",
                                 position=exc.start)) from None
    text = raw.removeprefix("\ufeff").replace("\x00", "")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise FileRefused(_l("The CSV file is empty.")) from None
    names = [_SPACES.sub("_", h.strip().lower()).replace("-", "_") for h in header]
    missing = [c for c in ("url", "claim_reviewed") if c not in names]
    if missing:
        raise FileRefused(_l("The CSV file has no column %(columns)s (its columns: %(found)s).",
                             columns=", ".join(missing), found=", ".join(header)[:300] or "-"))
    rows: list[dict] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                rows.append({})  # keeps row numbers right; an empty row is reported, not silently dropped
                continue
            rows.append({n: v for n, v in zip(names, cells, strict=False) if n in CSV_COLUMNS})
            if len(rows) > MAX_ITEMS:
                raise FileRefused(_l("More than %(limit)s rows in one import: split the file.", limit=MAX_ITEMS))
    except csv.Error as exc:
        raise FileRefused(_l("The CSV file cannot be read at row %(row)s (%(error)s).", row=reader.line_num,
                             error=str(exc))) from None
    return rows


def _check_size(raw: bytes | str) -> None:
    if len(raw) > MAX_FILE_BYTES:
        raise FileRefused(_l("The document is larger than the limit of %(limit)s bytes.", limit=f"{MAX_FILE_BYTES:,}"))


def sniff_kind(name: str, raw: bytes) -> str:
    """'json', 'csv' or 'html' from a file's name, else from its first bytes."""
    lowered = name.lower()
    for ending, kind in ((".jsonld", "json"), (".json", "json"), (".csv", "csv"), (".html", "html"), (".htm", "html")):
        if lowered.endswith(ending):
            return kind
    head = raw[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith((b"<!doctype", b"<html", b"<")):
        return "html"
    return "csv"


def import_file(actor: User | None, name: str, raw: bytes, *, origin: str | None = None) -> ImportResult:
    """Import a ClaimReview/DataFeed JSON(-LD) file, a CSV file, or a saved page with ClaimReview markup."""
    require_actor(actor, "import_factchecks")
    kind = sniff_kind(name, raw)
    if kind == "csv":
        return import_items(parse_csv(raw), origin=origin or "csv", actor=actor, label=_l("Row %(number)s"), first=2)
    items = parse_html(raw) if kind == "html" else parse_json(raw)
    return import_items(items, origin=origin or "file", actor=actor)


# --- pages and feeds by URL ------------------------------------------------------------------------------

def parse_html(raw: bytes | str, page_url: str | None = None) -> list[dict]:
    """The ClaimReviews in a page's <script type="application/ld+json"> blocks (a review without its own URL
    gets the page's)."""
    import lxml.html  # noqa: PLC0415  only pages need it

    _check_size(raw)
    try:
        tree = lxml.html.fromstring(raw)
    except (ValueError, lxml.etree.ParserError):
        raise FileRefused(_l("The page cannot be read as HTML.")) from None
    found: list[dict] = []
    for script in tree.xpath("//script[@type]"):
        if script.get("type", "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        try:
            found.extend(reviews_in(decode_json(script.text or "")))
        except (Malformed, ValidationError):
            continue  # one broken block (a site's analytics markup) does not hide the others
    if not found:
        raise FileRefused(_l("The page has no ClaimReview markup (schema.org JSON-LD)."))
    if page_url:
        for review in found:
            if not review.get("url") and not review.get("@id"):
                review["url"] = page_url
    return found


def _items_of(exchange: Exchange) -> list[dict]:
    kind = exchange.content_type
    head = exchange.body[:512].lstrip().lower()
    if kind in HTML_TYPES or head.startswith((b"<!doctype", b"<html")):
        return parse_html(decoded(exchange), exchange.final_url)
    if kind == "text/csv":
        return parse_csv(exchange.body)
    return parse_json(exchange.body)


def fetch_pages(actor: User | None, urls: Sequence[str], policy: Policy) -> tuple[ImportResult, list[str]]:
    """Read the ClaimReview markup of fact-check pages (or documents) by URL, through the fetch policy.

    Returns what was imported and one message per URL that could not be read.
    """
    require_actor(actor, "import_factchecks")
    result, failures = ImportResult(), []
    for raw in urls:
        try:
            url = normalise_url(raw)
            exchange = fetch(url, policy, accept=FEED_TYPES)
            items = _items_of(exchange)
        except FetchError as exc:
            failures.append(f"{raw}: {exc.message}")
            continue
        except DomainError as exc:
            failures.append(f"{raw}: {exc.message}")
            continue
        result.merge(import_items(items, origin="page", actor=actor, label=url.replace("%", "%%") + " · %(number)s"))
    return result, failures


MAX_URLS = 20


def checked_urls(raw: Any, policy: Policy, field_name: str = "urls") -> list[str]:
    """A list of 1 to MAX_URLS page addresses, each normalised and allowed by the fetch policy (else 422)."""
    if not isinstance(raw, list) or not raw or not all(isinstance(u, str) for u in raw):
        raise ValidationError(_l("Give the addresses of fact-check pages."),
                              {field_name: _l("A list of 1 to %(limit)s URLs is required.", limit=MAX_URLS)})
    if len(raw) > MAX_URLS:
        raise ValidationError(_l("Too many addresses at once."),
                              {field_name: _l("At most %(limit)s URLs at once.", limit=MAX_URLS)})
    urls = []
    for value in raw:
        url = normalise_url(value, field_name)
        try:
            refuse_early(url, policy)
        except FetchRefused as exc:
            raise FetchRefused(exc.message, {field_name: exc.message}) from None
        urls.append(url)
    return list(dict.fromkeys(urls))


def subscribe(actor: User | None, url: str, *, title: str | None = None,
              policy: Policy | None = None) -> tuple[FactCheckFeed, bool]:
    """The subscription to a partner's feed at url (created, or the one there already, made active again)."""
    require_actor(actor, "import_factchecks")
    url = normalise_url(url)
    if policy is not None:
        refuse_early(url, policy)
    feed = db.session.scalar(sa.select(FactCheckFeed).where(FactCheckFeed.url == url))
    if feed is not None:
        feed.active = True
        return feed, False
    feed = FactCheckFeed(url=url, title=(_text(title) or "")[:300] or None, added_by_id=actor.id if actor else None)
    db.session.add(feed)
    db.session.flush()
    return feed, True


def get_feed(feed_id: int) -> FactCheckFeed:
    feed = db.session.get(FactCheckFeed, feed_id)
    if feed is None:
        raise NotFound(_l("There is no feed %(id)s.", id=feed_id))
    return feed


def pull(feed: FactCheckFeed, policy: Policy, *, actor: User | None = None) -> ImportResult:
    """Pull one feed: a conditional GET (If-None-Match, If-Modified-Since), new items in, ETag and status kept.

    A fetch or parse failure is recorded on the feed (and raised, so a job fails with it).
    """
    headers = []
    if feed.etag:
        headers.append(("If-None-Match", feed.etag))
    if feed.last_modified:
        headers.append(("If-Modified-Since", feed.last_modified))
    feed.pulled_at = utcnow()
    try:
        exchange = fetch(feed.url, policy, accept=FEED_TYPES, headers=headers)
        if exchange.status == 304:
            feed.last_status = str(_l("Not modified"))[:300]
            db.session.flush()
            return ImportResult()
        items = _items_of(exchange)
    except (FetchError, DomainError) as exc:
        feed.last_status = str(exc.message)[:300]
        db.session.flush()
        raise
    result = import_items(items, origin="feed", actor=actor, feed=feed)
    feed.etag = (exchange.header("ETag") or "")[:300] or None
    feed.last_modified = (exchange.header("Last-Modified") or "")[:100] or None
    feed.items_added += result.added
    feed.last_status = str(_l("%(added)s added, %(updated)s updated, %(skipped)s already known, %(errors)s not "
                              "readable", added=result.added, updated=result.updated, skipped=result.skipped,
                              errors=len(result.errors)))[:300]
    db.session.flush()
    return result


def active_feeds() -> list[FactCheckFeed]:
    return list(db.session.scalars(sa.select(FactCheckFeed).where(FactCheckFeed.active).order_by(FactCheckFeed.id)))


def feeds() -> list[FactCheckFeed]:
    return list(db.session.scalars(sa.select(FactCheckFeed).order_by(FactCheckFeed.id)))


# --- the desk's own publications --------------------------------------------------------------------------

def record_publication(publication_id: int, reviews: list[dict]) -> ImportResult:
    """The desk's published claims as earlier checks: one per ClaimReview of the live version, and none left
    for a claim the new version no longer carries."""
    result = import_items(reviews, origin="desk", publication_id=publication_id)
    keep = set(result.ids)
    stale = sa.delete(EarlierCheck).where(EarlierCheck.publication_id == publication_id, EarlierCheck.origin == "desk")
    if keep:
        stale = stale.where(EarlierCheck.id.not_in(keep))
    db.session.execute(stale)
    return result


def forget_publication(publication_id: int) -> int:
    """A withdrawn publication's claims are no longer the desk's earlier checks: their rows go."""
    gone = db.session.execute(sa.delete(EarlierCheck).where(EarlierCheck.publication_id == publication_id,
                                                            EarlierCheck.origin == "desk"))
    return gone.rowcount or 0


# --- reading ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    items: list[EarlierCheck]
    total: int
    page: int
    per_page: int


def list_checks(actor: User | None, *, language: str | None = None, publisher: str | None = None, page: int = 1,
                per_page: int = 50) -> Page:
    """Earlier checks, the latest published first, filtered by language and publisher (exact, any case)."""
    if actor is not None:
        require(actor, "read")
    query = sa.select(EarlierCheck)
    if language:
        query = query.where(EarlierCheck.language == language.strip().lower()[:8])
    if publisher:
        query = query.where(sa.func.lower(EarlierCheck.publisher) == publisher.strip().lower()[:300])
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(EarlierCheck.published_on.desc().nulls_last(), EarlierCheck.id.desc())
                              .limit(per_page).offset((page - 1) * per_page))
    return Page(list(rows), total, page, per_page)


def publishers() -> list[str]:
    """The publishers the desk holds earlier checks from, for a filter."""
    return [p for p in db.session.scalars(sa.select(EarlierCheck.publisher).where(EarlierCheck.publisher.is_not(None))
                                          .distinct().order_by(EarlierCheck.publisher).limit(500))]


def check_dict(row: EarlierCheck) -> dict:
    """An earlier check as the API shows it."""
    return {"id": row.id, "url": row.url, "claim_reviewed": row.claim_reviewed, "rating": row.rating,
            "rating_value": row.rating_value, "best_rating": row.best_rating, "worst_rating": row.worst_rating,
            "publisher": row.publisher, "publisher_url": row.publisher_url,
            "date": row.published_on.isoformat() if row.published_on else None, "claim_author": row.claim_author,
            "claim_date": row.claim_date.isoformat() if row.claim_date else None,
            "first_appearance": row.first_appearance, "language": row.language, "origin": row.origin,
            "feed_id": row.feed_id, "publication_id": row.publication_id,
            "imported_at": row.imported_at.isoformat() if row.imported_at else None}


def feed_dict(feed: FactCheckFeed) -> dict:
    return {"id": feed.id, "url": feed.url, "title": feed.title, "active": feed.active,
            "pulled_at": feed.pulled_at.isoformat() if feed.pulled_at else None, "last_status": feed.last_status,
            "items_added": feed.items_added, "etag": feed.etag, "last_modified": feed.last_modified}

