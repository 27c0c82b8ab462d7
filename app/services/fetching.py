"""Articles by URL: fetch under the policy, extract the main text, store it exactly, capture the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.captures.store import Store
from app.fetch import ARTICLE_TYPES, FetchError, Policy, check_url, fetch
from app.fetch.text import extract
from app.i18n import _l
from app.models import Article, User
from app.services import articles as article_service
from app.services.captures import record_capture
from app.services.errors import ValidationError
from app.services.evidence import get_or_create_source
from app.services.permissions import require_actor
from app.services.settings import LIMITS
from app.services.urls import normalise_url

MIN_WORDS = 5


class FetchRefused(ValidationError):
    """The fetch policy will not fetch this address (422 fetch_refused)."""

    code = "fetch_refused"


class NoMainText(ValidationError):
    code = "no_main_text"


def refuse_early(url: str, policy: Policy) -> None:
    """Refuse what the policy forbids before a job is queued (literal addresses, names resolving inside)."""
    try:
        check_url(url, policy)
    except FetchError as exc:
        raise FetchRefused(exc.message, {"url": exc.message}) from None


@dataclass
class Fetched:
    article: Article
    created: bool
    source_id: int | None = None


def fetch_article(actor: User | None, url: str, policy: Policy, store: Store, *, suggest: bool = False,
                  language: str | None = None, progress: Callable[[float], None] = lambda _: None) -> Fetched:
    """The article at url: the existing one when the URL (normalised, or where it redirects) is known."""
    require_actor(actor, "add_articles")
    url = normalise_url(url)
    existing = article_service.find_by_url(url)
    if existing is not None:
        return Fetched(existing, False)
    exchange = fetch(url, policy, accept=ARTICLE_TYPES)
    progress(0.4)
    final = normalise_url(exchange.final_url)
    existing = article_service.find_by_url(final)
    if existing is not None:
        return Fetched(existing, False)
    data = extract(exchange)
    text = data["text"]
    if len(text.split()) < MIN_WORDS:  # a menu word or two is what extraction finds on a page without an article
        raise NoMainText(_l("No article text was found on the page (it may need a browser, or have no text)."),
                         {"url": _l("No main text found.")})
    progress(0.6)
    fields = {"title": (data["title"] or final)[:LIMITS.max_title_chars], "body": text, "url": final,
              "publisher": (data["publisher"] or "")[:200] or None, "published_at": data["published_at"],
              "suggest": suggest}
    if language:
        fields["language"] = language
    fields = {k: v for k, v in fields.items() if v is not None}
    result = article_service.create_article(actor, fields, origin="import")
    progress(0.8)
    source = get_or_create_source(actor, {"url": final, "title": fields["title"], "publisher": fields["publisher"]})
    record_capture(source, exchange, store, text=text)
    return Fetched(result.article, result.created, source.id)
