"""Reviewing the engine's suggestions: what is still pending, accepting, rejecting (remembered)."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from datetime import date
from threading import Lock
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from app.i18n import _l
from app.models import Article, Claim, SuggestionRejection, User
from app.services import audit, checkworthiness
from app.services.claims import create_claim, create_claims, ensure_writable
from app.services.errors import ValidationError
from app.services.permissions import require_actor
from app.services.validation import Checker
from app.suggest import Suggestion, suggest


def pending(article: Article, claims: Sequence | None = None) -> list[Suggestion]:
    """Suggestions not yet made claims (same span) and not rejected before. ``claims``: the article's claims
    when the caller has them already (ORM objects or rows with start and end)."""
    taken = {(c.start, c.end) for c in (article.claims if claims is None else claims)}
    rejected = {
        (start, end)
        for start, end in db.session.execute(
            sa.select(SuggestionRejection.start, SuggestionRejection.end).where(
                SuggestionRejection.article_id == article.id
            )
        )
    }
    skip = taken | rejected
    return [s for s in current(article) if (s.start, s.end) not in skip]


def current(article: Article) -> list[Suggestion]:
    """The engine's suggestions for an article, with the learned scores known so far (none pending on
    the encoder: sentences not yet scored are scored by the whole-article job, the rules decide meanwhile).

    The answer is a pure function of the body, its language, the day, the active model and which of the
    sentences have a kept vector, so it is remembered per process (`_remembered`): an article page does not
    run the engine on every view. A run made while some sentences still waited for their vectors is reused
    until one of them gets its vector (one count of the kept vectors per view tells)."""
    from app.suggest import model as cm

    scorer = checkworthiness.sentence_scorer()
    model = checkworthiness.active_model() if scorer is not None else None
    # A digest, not the body: 256 remembered articles of 500,000 characters would hold 256 MB of text.
    key = (article.id, article.language, hashlib.blake2b(article.body.encode("utf-8"), digest_size=16).digest(),
           date.today())
    with _lock:
        hit = _remembered.get(key)
        if hit is not None and hit[0] is model:
            _remembered.move_to_end(key)
    if hit is not None and hit[0] is model:
        _, found, hashes, known = hit
        if hashes is None or checkworthiness.stored_count(model.encoder, hashes) == known:
            return list(found)
    if scorer is None:
        found, hashes, known = suggest(article.body, article.language), None, None
    else:
        complete = True
        seen: list[str] = []

        def scoring(sentences, languages):
            nonlocal complete
            scores = scorer(sentences, languages)
            seen.extend(cm.text_hash(s) for s in sentences)
            complete = complete and all(score is not None for score in scores)
            return scores

        found = suggest(article.body, article.language, scorer=scoring)
        hashes = None if complete else tuple(sorted(set(seen)))
        known = None if complete else checkworthiness.stored_count(model.encoder, hashes)
    with _lock:
        # the model itself is kept with the answer: a retrained model is another object, another answer
        _remembered[key] = (model, tuple(found), hashes, known)
        while len(_remembered) > REMEMBERED_ARTICLES:
            _remembered.popitem(last=False)
    return found


REMEMBERED_ARTICLES = 256
_remembered: OrderedDict[tuple, tuple] = OrderedDict()
_lock = Lock()


def reject(actor: User, article: Article, data: Mapping[str, Any]) -> None:
    """Remember that a suggested span is not a claim, so it is not proposed again."""
    require_actor(actor, "edit_claims")
    ensure_writable(article)
    checker = Checker(data)
    start = checker.integer("start", required=True, minimum=0, maximum=len(article.body))
    end = checker.integer("end", required=True, minimum=1, maximum=len(article.body))
    checker.raise_if_errors(_l("The span is not valid."))
    assert start is not None and end is not None
    if end <= start:
        raise ValidationError(_l("The span is not valid."), {"end": _l("Must be greater than start.")})
    audit.lock_for_writing(Article, article.id)  # two reviewers rejecting at once: one row, no clash
    exists = db.session.scalar(
        sa.select(SuggestionRejection.id).where(
            SuggestionRejection.article_id == article.id,
            SuggestionRejection.start == start,
            SuggestionRejection.end == end,
        )
    )
    if exists is None:
        rejection = SuggestionRejection(article_id=article.id, start=start, end=end, rejected_by_id=actor.id)
        if not audit.add_unique(rejection):  # rejected by someone else at this moment: their row stands
            return
        checkworthiness.record(actor, article, start, end, False, "rejected")
        audit.record(actor, "suggestion_rejected", article, after={"start": start, "end": end,
                                                                   "quote": article.body[start:end]})


def _with_suggestion(data: Mapping[str, Any], found: Suggestion | None) -> tuple[dict[str, Any], dict | None]:
    """A claim's input and values, taking kind, attribution, re-check date and values from the engine's
    suggestion for that span where the person did not give them."""
    data = dict(data)
    if found is not None:
        data.setdefault("kind", found.kind)
        data.setdefault("attributed_to", found.attributed_to)
        if found.recheck_on and not data.get("recheck_on"):
            data["recheck_on"] = found.recheck_on.isoformat()
    return data, (found.values or None) if found else None


def _claim_from(actor: User | None, article: Article, data: Mapping[str, Any], found: Suggestion | None,
                prefix: str = "") -> Claim:
    """A claim (origin 'suggested') on a span, completed from the engine's suggestion for it."""
    data, values = _with_suggestion(data, found)
    return create_claim(actor, article, data, origin="suggested", prefix=prefix, values=values)


def store_all(actor: User | None, article: Article) -> list[Claim]:
    """Store every pending suggestion as a claim (`suggest: true`, `articles import --suggest`), in bulk."""
    return create_claims(actor, article, [_with_suggestion({"start": s.start, "end": s.end}, s)
                                          for s in pending(article)], origin="suggested")


def overlapping_claims(article: Article, items: Sequence[Suggestion],
                       claims: Sequence | None = None) -> dict[tuple[int, int], list]:
    """For each suggestion, the article's existing claims its span overlaps (shared characters), in text order.
    ``claims``: the article's claims when the caller has them (ORM objects or rows with id, start, end)."""
    claims = sorted(((c.start, c.end, c.id, c) for c in (article.claims if claims is None else claims)),
                    key=lambda c: (c[0], c[2]))
    starts = [c[0] for c in claims]
    longest = max((end - start for start, end, _, _ in claims), default=0)
    found = {}
    for s in items:
        # only claims starting in [s.start - longest, s.end) can share a character with the suggestion
        low, high = bisect_left(starts, s.start - longest), bisect_left(starts, s.end)
        found[(s.start, s.end)] = [c for start, end, _, c in claims[low:high] if s.start < end]
    return found


# Two suggestions are neighbours when only part of one sentence separates them.
SENTENCE_END = re.compile(r"[.!?؟]+(?:\s|$)")
MERGE_GAP = 300


def _paragraph_break(text: str) -> bool:
    return "\n" in text


def merge(actor: User, article: Article, spans: Sequence[tuple[int, int]]) -> Claim:
    """One claim from two or more neighbouring suggestions, keeping the first one's kind and attribution.

    Neighbours: in one sentence, with no other suggestion and no claim between them. Otherwise a
    ValidationError says what lies between them (and nothing is made).
    """
    require_actor(actor, "edit_claims")
    spans = sorted(set(spans))
    if len(spans) < 2:
        raise ValidationError(_l("Tick two or more neighbouring suggestions to merge."),
                              {"s": _l("Tick at least two.")})
    engine = {(s.start, s.end): s for s in suggest(article.body, article.language)}
    others = [(a, b) for a, b in engine if (a, b) not in spans]
    reach = spans[0][1]
    for a2, b2 in spans[1:]:
        gap_start, gap_end = reach, a2
        reach = max(reach, b2)
        if gap_end <= gap_start:  # overlapping or touching suggestions are neighbours by definition
            continue
        between = article.body[gap_start:gap_end]
        if any(gap_start <= a < gap_end for a, _ in others):
            raise ValidationError(
                _l("These suggestions are not neighbours: another suggestion lies between them. "
                   "Tick suggestions that follow one another."),
                {"s": _l("Not neighbours.")})
        blocking = [c for c in article.claims if gap_start <= c.start < gap_end or gap_start < c.end <= gap_end]
        if blocking:
            raise ValidationError(
                _l("These suggestions are not neighbours: claim #%(id)s lies between them.", id=blocking[0].id),
                {"s": _l("Not neighbours.")})
        if _paragraph_break(between):
            raise ValidationError(
                _l("These suggestions are not neighbours: they are in different paragraphs."), {"s": _l("Not neighbours.")})
        if SENTENCE_END.search(between) or len(between) > MERGE_GAP:
            raise ValidationError(
                _l("These suggestions are not neighbours: they are in different sentences. "
                   "Merge only suggestions of one sentence."), {"s": _l("Not neighbours.")})
    first = engine.get(spans[0])
    attributed = next((engine[s].attributed_to for s in spans if s in engine and engine[s].attributed_to), None)
    data: dict[str, Any] = {"start": spans[0][0], "end": max(b for _, b in spans)}
    if first is not None:
        data["kind"] = first.kind
    if attributed:
        data["attributed_to"] = attributed
    return _claim_from(actor, article, data, None)


def split(actor: User, article: Article, span: tuple[int, int], at: int) -> list[Claim]:
    """Two claims from one suggestion cut at `at`, each keeping the suggestion's kind and attribution."""
    require_actor(actor, "edit_claims")
    start, end = span
    if not start < at < end:
        raise ValidationError(_l("Tick one suggestion and put the cursor inside it where it should split."),
                              {"at": _l("Place the cursor inside the suggestion.")})
    found = {(s.start, s.end): s for s in suggest(article.body, article.language)}.get(span)
    items = []
    for a, b in ((start, at), (at, end)):
        text = article.body[a:b]
        a += len(text) - len(text.lstrip(" ،,؛;\n"))
        b -= len(text) - len(text.rstrip(" ،,؛;.\n"))
        if b > a:
            item: dict[str, Any] = {"start": a, "end": b}
            if found is not None:
                item["kind"] = found.kind
                if found.attributed_to:
                    item["attributed_to"] = found.attributed_to
                if found.recheck_on:
                    item["recheck_on"] = found.recheck_on.isoformat()
            items.append(item)
    if len(items) < 2:
        raise ValidationError(_l("Split inside the words of the suggestion, not at its edge."),
                              {"at": _l("Place the cursor inside the suggestion.")})
    return create_claims(actor, article, [(item, None) for item in items], origin="suggested",
                         prefix="items[{index}].")


def accept(actor: User, article: Article, items: Sequence[Mapping[str, Any]]) -> list[Claim]:
    """Make claims (origin 'suggested') of the given spans, edited or not, all or none."""
    ensure_writable(article)
    if not items:
        raise ValidationError(_l("Choose at least one suggestion."), {"items": _l("Choose at least one suggestion.")})
    found = current(article)
    by_span = {(s.start, s.end): s for s in found}
    claims = create_claims(actor, article, [_with_suggestion(item, by_span.get((item.get("start"), item.get("end"))))
                                            for item in items], origin="suggested", prefix="items[{index}].")
    for claim, action in zip(claims, decisions([(c.start, c.end) for c in claims], found), strict=True):
        checkworthiness.record(actor, article, claim.start, claim.end, True, action, claim)
    return claims


def decisions(spans: Sequence[tuple[int, int]], found: Sequence[Suggestion]) -> list[str]:
    """What a reviewer did with the suggestions, per accepted span: 'accepted' (as suggested), 'merged'
    (one claim over several), 'split' (several claims inside one), 'edited' (another span), 'manual'."""
    out = []
    for start, end in spans:
        overlapping = [s for s in found if s.start < end and s.end > start]
        if any((s.start, s.end) == (start, end) for s in overlapping):
            out.append("accepted")
        elif len(overlapping) >= 2:
            out.append("merged")
        elif overlapping and sum(1 for a, b in spans if overlapping[0].start <= a and b <= overlapping[0].end) >= 2:
            out.append("split")
        else:
            out.append("edited" if overlapping else "manual")
    return out
