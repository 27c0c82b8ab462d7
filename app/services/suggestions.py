"""Reviewing the engine's suggestions: what is still pending (the last run kept), accepting, rejecting."""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.database import impatient
from app.extensions import db
from app.i18n import _l
from app.models import Article, Claim, SuggestionOutcome, SuggestionRun, User
from app.models.base import utcnow
from app.services import audit, checkworthiness, outcomes
from app.services.claims import create_claim, create_claims, ensure_writable
from app.services.errors import Conflict, ValidationError
from app.services.permissions import require_actor
from app.services.validation import Checker
from app.suggest import Suggestion, suggest

log = logging.getLogger("claimdesk.suggestions")


def pending(article: Article, claims: Sequence | None = None, *, keep: bool = False) -> list[Suggestion]:
    """Suggestions not yet made claims (same span) and not rejected before. ``claims``: the article's claims
    when the caller has them already (ORM objects or rows with start and end). ``keep``: see current()."""
    claims = article.claims if claims is None else claims
    taken = {(c.start, c.end) for c in claims}
    rejected = outcomes.rejected_spans(article.id)
    skip = taken | rejected
    left = [s for s in current(article, keep=keep) if (s.start, s.end) not in skip]
    # a part rejected when its suggestion was split covers its text as a claim would
    decided = [*claims, *(_Span(a, b) for a, b in rejected)]
    return [s for s in left if not _covered(article.body, s, decided)]


class _Span(NamedTuple):
    start: int
    end: int


def _covered(body: str, suggestion: Suggestion, claims: Sequence) -> bool:
    """True when every letter and digit of the suggestion lies inside claims (or rejected spans): it was merged
    into one, split into parts (each a claim or rejected), or a wider claim already holds it, so proposing it
    again would only invite a duplicate."""
    inside = [(max(c.start, suggestion.start), min(c.end, suggestion.end)) for c in claims
              if c.start < suggestion.end and c.end > suggestion.start]
    if not inside:
        return False
    inside.sort()
    reach = suggestion.start
    for start, end in inside:
        if start > reach and any(ch.isalnum() for ch in body[reach:start]):
            return False
        reach = max(reach, end)
    return not any(ch.isalnum() for ch in body[reach:suggestion.end])


def current(article: Article, *, keep: bool = False) -> list[Suggestion]:
    """The engine's suggestions for an article, with the learned scores known so far (none pending on
    the encoder: sentences not yet scored are scored by the whole-article job, the rules decide meanwhile).

    The answer depends on the body, the model, the day and which sentences have a kept vector, so the last
    run is kept in the database (SuggestionRun) and read back while those are unchanged: a page view runs
    no engine. ``keep``: a run made here is stored, in a transaction of its own (a read such as a page
    view asks for it; a write's own transaction is left alone)."""
    model_key = checkworthiness.model_key()
    today = date.today()
    run = db.session.get(SuggestionRun, article.id)
    if run is not None and run.model == model_key and run.made_on == today and _still_best(run):
        try:
            return [_suggestion(item) for item in run.suggestions]
        except (TypeError, KeyError, ValueError):  # kept by another version of the desk: made again below
            log.warning("The kept suggestions of article %s could not be read; making them again", article.id)
    found, unscored, known = _run_engine(article)
    if keep:
        _store(article.id, model_key, today, found, unscored, known)
    return found


def _still_best(run: SuggestionRun) -> bool:
    """No sentence the rules scored alone has got a vector since (one count of the kept vectors)."""
    if not run.unscored:
        return True
    model = checkworthiness.active_model()
    return model is not None and checkworthiness.stored_count(model.encoder, run.unscored) == run.known


def _run_engine(article: Article) -> tuple[list[Suggestion], list[str], int]:
    """The engine's suggestions, the hashes of the sentences no learned score reached, and how many of those
    have a kept vector."""
    from app.suggest import model as check_model

    scorer = checkworthiness.sentence_scorer()
    if scorer is None:
        return suggest(article.body, article.language), [], 0
    unscored: list[str] = []

    def scoring(sentences, languages):
        scores = scorer(sentences, languages)
        unscored.extend(check_model.text_hash(s) for s, score in zip(sentences, scores, strict=True) if score is None)
        return scores

    found = suggest(article.body, article.language, scorer=scoring)
    hashes = sorted(set(unscored))
    model = checkworthiness.active_model()
    known = checkworthiness.stored_count(model.encoder, hashes) if hashes and model is not None else 0
    return found, hashes, known


def _suggestion(item: dict) -> Suggestion:
    recheck = item.get("recheck_on")
    return Suggestion(**{**item, "recheck_on": date.fromisoformat(recheck) if recheck else None})


def _store(article_id: int, model_key: str, today: date, found: list[Suggestion], unscored: list[str],
           known: int) -> None:
    """Keep a run, replacing the article's last one, in a short transaction of its own. Best effort: a view
    that cannot store it (the database busy with a long write) still shows what it worked out."""
    values = {"article_id": article_id, "model": model_key, "made_on": today, "unscored": unscored, "known": known,
              "suggestions": [s.to_dict() for s in found], "made_at": utcnow()}
    try:
        with db.engine.connect() as conn, impatient(conn):  # never wait long on another writer's lock
            sqlite = conn.dialect.name == "sqlite"
            if not sqlite:
                conn.exec_driver_sql("SET LOCAL lock_timeout = '200ms'")
            statement = (sqlite_insert if sqlite else postgresql_insert)(SuggestionRun).values(values)
            conn.execute(statement.on_conflict_do_update(
                index_elements=["article_id"], set_={k: statement.excluded[k] for k in values if k != "article_id"}))
            conn.commit()
    except sa.exc.OperationalError as exc:
        log.info("Suggestions of article %s not kept this time: %s", article_id, exc)


def reject(actor: User, article: Article, data: Mapping[str, Any]) -> None:
    """Remember that a suggested span is not a claim, so it is not proposed again: 409 (nothing saved) when the
    span already has an outcome, a claim or an earlier rejection, whoever decided it and however recently."""
    require_actor(actor, "edit_claims")
    ensure_writable(article)
    checker = Checker(data)
    start = checker.integer("start", required=True, minimum=0, maximum=len(article.body))
    end = checker.integer("end", required=True, minimum=1, maximum=len(article.body))
    checker.raise_if_errors(_l("The span is not valid."))
    assert start is not None and end is not None
    if end <= start:
        raise ValidationError(_l("The span is not valid."), {"end": _l("Must be greater than start.")})
    span = (start, end)
    audit.lock_for_writing(Article, article.id)  # the checks below then see every decision made before
    outcomes.refuse_decided(article.id, [(span, "start")], outcomes.outcomes_of(article.id, span))
    claim_id = db.session.scalar(sa.select(Claim.id).where(Claim.article_id == article.id, Claim.start == start,
                                                           Claim.end == end))
    if claim_id is not None:  # a claim stored without its outcome row (a bench's direct insert)
        raise Conflict(_l("Claim #%(id)s already rests on this span.", id=claim_id))
    with outcomes.deciding(article.id, [(span, "start")]):  # the unique key: one outcome, whatever raced
        db.session.add(SuggestionOutcome(article_id=article.id, start=start, end=end, outcome="rejected",
                                         decided_by_id=actor.id))
        db.session.flush()
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
                prefix: str = "", how: str | None = None) -> Claim:
    """A claim (origin 'suggested') on a span, completed from the engine's suggestion for it."""
    data, values = _with_suggestion(data, found)
    return create_claim(actor, article, data, origin="suggested", prefix=prefix, values=values, how=how)


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


def _refuse_decided(article: Article, spans: Sequence[tuple[int, int]]) -> None:
    """409 when a ticked suggestion was already accepted or rejected (by someone, from a page left open here):
    merging or splitting it would make claims the database cannot tell from a new decision."""
    ensure_writable(article)
    audit.lock_for_writing(Article, article.id)  # no one decides on these spans until this transaction ends
    outcomes.refuse_decided(article.id, [(span, "s") for span in spans])


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
    _refuse_decided(article, spans)
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
    return _claim_from(actor, article, data, None, how="merged")


def split_parts(article: Article, span: tuple[int, int], at: int) -> list[tuple[int, int]]:
    """The two parts of a suggestion cut at `at`, trimmed of the spaces and punctuation at the cut (what the
    confirmation step lists); a ValidationError when the cut is not inside its words."""
    start, end = span
    if not start < at < end:
        raise ValidationError(_l("Tick one suggestion and put the cursor inside it where it should split."),
                              {"at": _l("Place the cursor inside the suggestion.")})
    parts = []
    for a, b in ((start, at), (at, end)):
        text = article.body[a:b]
        a += len(text) - len(text.lstrip(" ،,؛;\n"))
        b -= len(text) - len(text.rstrip(" ،,؛;.\n"))
        if b > a:
            parts.append((a, b))
    if len(parts) < 2:
        raise ValidationError(_l("Split inside the words of the suggestion, not at its edge."),
                              {"at": _l("Place the cursor inside the suggestion.")})
    return parts


def cut_points(article: Article, span: tuple[int, int], limit: int = 80) -> list[int]:
    """Where a suggestion can be cut without a cursor (a page without JavaScript): before each of its words
    but the first, each offset one that split_parts accepts."""
    start, end = span
    body = article.body
    points = [i for i in range(start + 1, end) if body[i - 1].isspace() and not body[i].isspace()]
    return [i for i in points if body[start:i].strip(" ،,؛;\n") and body[i:end].strip(" ،,؛;.\n")][:limit]


def split(actor: User, article: Article, span: tuple[int, int], at: int,
          keep: Sequence[int] | None = None) -> list[Claim]:
    """Claims from the parts of one suggestion cut at `at`, each keeping the suggestion's kind and attribution.

    ``keep``: the indexes (0, 1) of the parts the reviewer ticked, all by default. Only those become claims
    (their history says "split"); each other part is recorded as a rejected suggestion (an outcome row, a
    "suggestion_rejected" event, a negative example), so neither it nor the whole suggestion is proposed
    again. At least one part must be kept: rejecting all of it is "Reject"."""
    require_actor(actor, "edit_claims")
    _refuse_decided(article, [span])
    parts = split_parts(article, span, at)
    kept = sorted(set(range(len(parts)) if keep is None else keep))
    if not kept or any(not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(parts) for i in kept):
        raise ValidationError(_l("Tick at least one of the parts to make it a claim."),
                              {"parts": _l("Tick at least one part.")})
    found = {(s.start, s.end): s for s in suggest(article.body, article.language)}.get(span)
    items = []
    for a, b in (parts[i] for i in kept):
        item: dict[str, Any] = {"start": a, "end": b}
        if found is not None:
            item["kind"] = found.kind
            if found.attributed_to:
                item["attributed_to"] = found.attributed_to
            if found.recheck_on:
                item["recheck_on"] = found.recheck_on.isoformat()
        items.append(item)
    dropped = [parts[i] for i in range(len(parts)) if i not in kept]
    outcomes.refuse_decided(article.id, [(part, "parts") for part in dropped])
    claims = create_claims(actor, article, [(item, None) for item in items], origin="suggested",
                           prefix="items[{index}].", how=lambda spans: ["split"] * len(spans))
    for start, end in dropped:
        with outcomes.deciding(article.id, [((start, end), "parts")]):
            db.session.add(SuggestionOutcome(article_id=article.id, start=start, end=end, outcome="rejected",
                                             decided_by_id=actor.id))
            db.session.flush()
        checkworthiness.record(actor, article, start, end, False, "rejected")
        audit.record(actor, "suggestion_rejected", article, after={"start": start, "end": end, "how": "split",
                                                                   "quote": article.body[start:end]})
    return claims


def accept(actor: User, article: Article, items: Sequence[Mapping[str, Any]]) -> list[Claim]:
    """Make claims (origin 'suggested') of the given spans, edited or not, all or none."""
    ensure_writable(article)
    if not items:
        raise ValidationError(_l("Choose at least one suggestion."), {"items": _l("Choose at least one suggestion.")})
    found = current(article)
    by_span = {(s.start, s.end): s for s in found}
    claims = create_claims(actor, article, [_with_suggestion(item, by_span.get((item.get("start"), item.get("end"))))
                                            for item in items], origin="suggested", prefix="items[{index}].",
                           how=lambda spans: decisions(spans, found))
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
